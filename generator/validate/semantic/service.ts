/** Service: pkg/apis/core/validation ValidateService and validateServicePort (Kubernetes v1.33). */
import { isObject, type Json } from "../policy/pod-specs.js";
import { duplicate, FieldPath, forbidden, GoSyntax, invalid, notSupported, required, type FieldError } from "./field-errors.js";
import { isDNS1123Label, isDNS1123Subdomain, isValidPortNum } from "./names.js";
import { validateLabels } from "./object-meta.js";
import { validatePortNumOrName } from "./pod-spec.js";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

export function validateService(obj: Json): FieldError[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const path = FieldPath.root("spec");
  const out: FieldError[] = [];
  const ports = Array.isArray(spec.ports) ? spec.ports.filter(isObject) : [];
  const headless = spec.clusterIP === "None" || (Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] === "None");
  if (ports.length === 0 && !headless && spec.type !== "ExternalName") out.push(required("API040", path.child("ports")));
  // The type defaults to ClusterIP.
  const type = typeof spec.type === "string" && spec.type !== "" ? spec.type : "ClusterIP";
  if (!SERVICE_TYPES.includes(type)) out.push(notSupported("API040", path.child("type"), type, SERVICE_TYPES));
  // sessionAffinity defaults to None; externalTrafficPolicy belongs to Services reachable from outside.
  if (typeof spec.sessionAffinity === "string" && spec.sessionAffinity !== "" && !["ClientIP", "None"].includes(spec.sessionAffinity)) {
    out.push(notSupported("API040", path.child("sessionAffinity"), spec.sessionAffinity, ["ClientIP", "None"]));
  }
  const external = type === "LoadBalancer" || type === "NodePort" || (type === "ClusterIP" && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (typeof spec.externalTrafficPolicy === "string" && spec.externalTrafficPolicy !== "") {
    if (!external) out.push(invalid("API040", path.child("externalTrafficPolicy"), spec.externalTrafficPolicy, "may only be set for externally-accessible services"));
    else if (!["Cluster", "Local"].includes(spec.externalTrafficPolicy)) out.push(notSupported("API040", path.child("externalTrafficPolicy"), spec.externalTrafficPolicy, ["Cluster", "Local"]));
  }
  if (type === "ExternalName") {
    // A CNAME, which may end in a dot.
    const cname = (typeof spec.externalName === "string" ? spec.externalName : "").replace(/\.$/, "");
    if (cname === "") out.push(required("API040", path.child("externalName")));
    else for (const m of isDNS1123Subdomain(cname)) out.push(invalid("API040", path.child("externalName"), cname, m));
  }
  const names = new Set<string>();
  const pairs = new Set<string>();
  ports.forEach((p, i) => {
    const at = path.child("ports").index(i);
    const name = typeof p.name === "string" ? p.name : "";
    // With more than one port every port needs a name, a DNS-1123 label unique in the Service.
    if (ports.length > 1 && name === "") out.push(required("API040", at.child("name")));
    else if (name !== "") {
      for (const m of isDNS1123Label(name)) out.push(invalid("API040", at.child("name"), name, m));
      if (names.has(name)) out.push(duplicate("API040", at.child("name"), name));
      else names.add(name);
    }
    const port = typeof p.port === "number" ? p.port : 0;
    for (const m of isValidPortNum(port)) out.push(invalid("API042", at.child("port"), port, m));
    const protocol = typeof p.protocol === "string" ? p.protocol : "TCP";
    if (!PROTOCOLS.includes(protocol)) out.push(notSupported("API042", at.child("protocol"), protocol, PROTOCOLS));
    // SetDefaults_Service: a targetPort that is unset, 0 or "" becomes the port, so a bad port is reported twice.
    const targetPort = p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === "" ? port : p.targetPort;
    out.push(...validatePortNumOrName(targetPort, at.child("targetPort")).map((e) => ({ ...e, code: "API042", pointer: p.targetPort === undefined ? at.child("port").pointer : e.pointer })));
    // The (protocol, port) pair is unique; the server prints the pair as a Go struct.
    const pair = `${protocol}/${port}`;
    if (pairs.has(pair)) out.push(duplicate("API041", at, new GoSyntax(`core.ServicePort{Name:"", Protocol:"${protocol}", AppProtocol:(*string)(nil), Port:${port}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`)));
    pairs.add(pair);
    if (type === "ClusterIP" && typeof p.nodePort === "number" && p.nodePort !== 0) out.push(forbidden("API042", at.child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
  });
  out.push(...validateLabels(spec.selector, path.child("selector")));
  return out;
}
