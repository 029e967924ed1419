/**
 * Pod specs wherever they appear (Pod, pod templates of workloads), as the API server validates them on
 * create: pkg/apis/core/validation/validation.go (Kubernetes v1.33) ValidatePodSpec, validateContainers,
 * validateInitContainers, validateContainerCommon, ValidateVolumes, ValidateVolumeMounts,
 * validateContainerPorts, ValidateEnv, validateResourceRequirements, validateProbe, validateHandler and
 * ValidateSecurityContext. The server validates the defaulted object, so rules about fields the server
 * defaults (protocol, terminationMessagePolicy, httpGet.path, restartPolicy) only apply to values written.
 */
import { canonicalQuantity, parseQuantity } from "../../values/quantity.js";
import { isObject, type Json } from "../policy/pod-specs.js";
import { duplicate, forbidden, GoSyntax, invalid, notFound, notSupported, required, type FieldError, type FieldPath } from "./field-errors.js";
import { validateAnnotations, validateLabels } from "./object-meta.js";
import { inclusiveRangeError, isConfigMapKey, isDNS1123Label, isHTTPHeaderName, isQualifiedName, isRelaxedEnvVarName, isValidLabelValue, isValidPortName, isValidPortNum, isValidUnixID, nameIsDNSSubdomain } from "./names.js";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** ValidatePodTemplateSpec: the template's labels and annotations, then its pod spec. */
export function validatePodTemplate(value: unknown, path: FieldPath, options: { labelsField?: string; claimVolumes?: string[] } = {}): FieldError[] {
  // A missing template is an empty one to the server (a struct, not a pointer): its pod spec then fails.
  const template: Json = isObject(value) ? value : {};
  const meta = isObject(template.metadata) ? template.metadata : {};
  // The field may be named differently (a StatefulSet's `spec.template.labels`); the pointer is the file's.
  const labels = validateLabels(meta.labels, path.child("metadata", "labels")).map((e) => (options.labelsField ? { ...e, field: options.labelsField } : e));
  const out = [...labels, ...validateAnnotations(meta.annotations, path.child("metadata", "annotations"))];
  out.push(...validatePodSpec(isObject(template.spec) ? template.spec : {}, path.child("spec"), options.claimVolumes ? { claimVolumes: options.claimVolumes } : {}));
  if (isObject(template.spec) && Array.isArray(template.spec.ephemeralContainers) && template.spec.ephemeralContainers.length > 0) {
    out.push(forbidden("API011", path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
  }
  return out;
}

export interface PodSpecOptions {
  /**
   * The object is a Pod (not a template): SetDefaults_Pod then gives every container a request for each
   * resource it only limits (equal to the limit) before validation.
   */
  pod?: boolean;
  /**
   * Volumes the controller adds to each pod it creates: a StatefulSet's volumeClaimTemplates (the pods the
   * StatefulSet controller makes carry a persistentVolumeClaim volume of each template's name).
   */
  claimVolumes?: string[];
}

export function validatePodSpec(spec: Json, path: FieldPath, options: PodSpecOptions = {}): FieldError[] {
  const out: FieldError[] = [];
  const volumes = validateVolumes(spec.volumes, path.child("volumes"), out);
  for (const name of options.claimVolumes ?? []) volumes.add(name);
  const containers = list(spec.containers);
  if (containers.length === 0) out.push(required("API010", path.child("containers")));
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const at = path.child("containers").index(i);
    out.push(...validateContainerCommon(c, volumes, at, options));
    const name = str(c.name);
    if (names.has(name)) out.push(duplicate("API011", at.child("name"), name));
    else names.add(name);
    out.push(...validateProbes(c, at));
    if (isObject(c.lifecycle)) out.push(...validateLifecycle(c.lifecycle, at.child("lifecycle")));
    if (c.restartPolicy !== undefined) out.push(forbidden("API021", at.child("restartPolicy"), "may not be set for non-init containers"));
  });
  list(spec.initContainers).forEach((c, i) => {
    const at = path.child("initContainers").index(i);
    out.push(...validateContainerCommon(c, volumes, at, options));
    let restartAlways = false;
    if (c.restartPolicy !== undefined) {
      if (c.restartPolicy !== "Always") out.push(notSupported("API021", at.child("restartPolicy"), c.restartPolicy, ["Always"]));
      restartAlways = c.restartPolicy === "Always";
    }
    const name = str(c.name);
    // Names are unique across regular and init containers.
    if (names.has(name)) out.push(duplicate("API011", at.child("name"), name));
    else if (name !== "") names.add(name);
    if (restartAlways) {
      if (isObject(c.lifecycle)) out.push(...validateLifecycle(c.lifecycle, at.child("lifecycle")));
      out.push(...validateProbes(c, at));
    } else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
        if (c[f] !== undefined && c[f] !== null) out.push(forbidden("API022", at.child(f), "may not be set for init containers without restartPolicy=Always"));
      }
    }
  });
  if (typeof spec.restartPolicy === "string" && !["Always", "OnFailure", "Never"].includes(spec.restartPolicy)) {
    out.push(notSupported("API025", path.child("restartPolicy"), spec.restartPolicy, ["Always", "OnFailure", "Never"]));
  }
  out.push(...validateLabels(spec.nodeSelector, path.child("nodeSelector")));
  if (typeof spec.serviceAccountName === "string" && spec.serviceAccountName !== "") {
    for (const m of nameIsDNSSubdomain(spec.serviceAccountName, false)) out.push(invalid("API026", path.child("serviceAccountName"), spec.serviceAccountName, m));
  }
  for (const f of ["hostname", "subdomain"]) {
    if (typeof spec[f] === "string" && spec[f] !== "") for (const m of isDNS1123Label(spec[f] as string)) out.push(invalid("API026", path.child(f), spec[f], m));
  }
  const deadline = num(spec.activeDeadlineSeconds);
  if (deadline !== undefined && (deadline < 1 || deadline > 2147483647)) out.push(invalid("API032", path.child("activeDeadlineSeconds"), deadline, inclusiveRangeError(1, 2147483647)));
  if (isObject(spec.securityContext)) out.push(...validatePodSecurityContext(spec.securityContext, path.child("securityContext")));
  // validateHostNetwork: with the host's network a container port is the host port (a Pod's unset hostPort is
  // defaulted to it; only the regular containers are checked).
  if (spec.hostNetwork === true) {
    containers.forEach((c, i) => {
      list(c.ports).forEach((p, j) => {
        const host = num(p.hostPort) ?? 0;
        if (host !== 0 && host !== (num(p.containerPort) ?? 0)) out.push(invalid("API015", path.child("containers").index(i).child("ports").index(j).child("hostPort"), host, "must match `containerPort` when `hostNetwork` is true"));
      });
    });
  }
  out.push(...validateTolerations(spec.tolerations, path.child("tolerations")));
  out.push(...validateTopologySpread(spec.topologySpreadConstraints, path.child("topologySpreadConstraints")));
  // checkHostPortConflicts: (protocol, hostIP, hostPort) unique across the regular containers, and within each
  // init container (which run one by one; the server checks each as a list of one, so its path says [0]).
  out.push(...hostPortConflicts(containers, path.child("containers"), (i) => i));
  list(spec.initContainers).forEach((c) => out.push(...hostPortConflicts([c], path.child("initContainers"), () => 0)));
  // validateDNSPolicy and validatePodDNSConfig (the policy defaults to ClusterFirst).
  if (typeof spec.dnsPolicy === "string" && spec.dnsPolicy !== "") {
    if (!DNS_POLICIES.includes(spec.dnsPolicy)) out.push(notSupported("API025", path.child("dnsPolicy"), spec.dnsPolicy, DNS_POLICIES));
    else if (spec.dnsPolicy === "None") {
      if (!isObject(spec.dnsConfig)) out.push(required("API025", path.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"));
      else if (!Array.isArray(spec.dnsConfig.nameservers) || spec.dnsConfig.nameservers.length === 0) out.push(required("API025", path.child("dnsConfig", "nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
    }
  }
  // ValidatePodCreate: ephemeral containers are added later, through the ephemeralcontainers subresource.
  if (options.pod && Array.isArray(spec.ephemeralContainers) && spec.ephemeralContainers.length > 0) {
    out.push(forbidden("API011", path.child("ephemeralContainers"), "cannot be set on create"));
  }
  return out;
}

const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

/** ValidateTolerations. */
function validateTolerations(value: unknown, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  list(value).forEach((t, i) => {
    const at = path.index(i);
    const key = str(t.key);
    const operator = str(t.operator);
    const effect = str(t.effect);
    if (key !== "") for (const m of isQualifiedName(key)) out.push(invalid("API025", at.child("key"), key, m));
    if (key === "" && operator !== "Exists") out.push(invalid("API025", at.child("operator"), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== "NoExecute") out.push(invalid("API025", at.child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (operator === "Equal" || operator === "") {
      const errs = isValidLabelValue(str(t.value));
      if (errs.length > 0) out.push(invalid("API025", at.child("operator"), str(t.value), errs.join(";")));
    } else if (operator === "Exists") {
      if (str(t.value) !== "") out.push(invalid("API025", at.child("operator"), str(t.value), "value must be empty when `operator` is 'Exists'"));
    } else out.push(notSupported("API025", at.child("operator"), operator, ["Equal", "Exists"]));
    if (effect !== "" && !["NoSchedule", "PreferNoSchedule", "NoExecute"].includes(effect)) out.push(notSupported("API025", at.child("effect"), effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]));
  });
  return out;
}

/** validateTopologySpreadConstraints (not the label selector). */
function validateTopologySpread(value: unknown, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const constraints = list(value);
  constraints.forEach((c, i) => {
    const at = path.index(i);
    const skew = num(c.maxSkew) ?? 0;
    if (skew <= 0) out.push(invalid("API025", at.child("maxSkew"), skew, "must be greater than zero"));
    if (str(c.topologyKey) === "") out.push(required("API025", at.child("topologyKey"), "can not be empty"));
    const action = str(c.whenUnsatisfiable);
    if (!["DoNotSchedule", "ScheduleAnyway"].includes(action)) out.push(notSupported("API025", at.child("whenUnsatisfiable"), action, ["DoNotSchedule", "ScheduleAnyway"]));
    if (constraints.slice(i + 1).some((o) => str(o.topologyKey) === str(c.topologyKey) && str(o.whenUnsatisfiable) === action)) {
      out.push({ ...duplicate("API025", at.child("{topologyKey, whenUnsatisfiable}"), `{${str(c.topologyKey)}, ${action}}`), pointer: at.pointer });
    }
    const minDomains = num(c.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) out.push(invalid("API025", at.child("minDomains"), minDomains, "must be greater than zero"));
      if (action !== "DoNotSchedule") out.push(invalid("API025", at.child("minDomains"), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
    }
  });
  return out;
}

/** validateSeccompProfileField: a known type; Localhost names a relative profile. */
function validateSeccomp(value: unknown, path: FieldPath): FieldError[] {
  if (!isObject(value)) return [];
  const type = str(value.type);
  const out: FieldError[] = [];
  if (type === "") out.push(required("API024", path.child("type"), "type is required when seccompProfile is set"));
  else if (!["Localhost", "RuntimeDefault", "Unconfined"].includes(type)) out.push(notSupported("API024", path.child("type"), type, ["Localhost", "RuntimeDefault", "Unconfined"]));
  if (type === "Localhost") {
    if (typeof value.localhostProfile !== "string") out.push(required("API024", path.child("localhostProfile"), "must be set when seccomp type is Localhost"));
    else out.push(...localDescendingPath(value.localhostProfile, path.child("localhostProfile"), path.child("localhostProfile").pointer).map((e) => ({ ...e, code: "API024" })));
  }
  return out;
}

function hostPortConflicts(containers: Json[], path: FieldPath, index: (i: number) => number): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    list(c.ports).forEach((p, j) => {
      const host = num(p.hostPort) ?? 0;
      if (host === 0) return;
      const key = `${str(p.protocol) || "TCP"}/${str(p.hostIP)}/${host}`;
      const at = path.index(index(i)).child("ports").index(j).child("hostPort");
      if (seen.has(key)) out.push(duplicate("API015", at, key));
      else seen.add(key);
    });
  });
  return out;
}

/** ValidateVolumes: names are DNS-1123 labels, unique; returns the names a mount may refer to. */
function validateVolumes(volumes: unknown, path: FieldPath, out: FieldError[]): Set<string> {
  const names = new Set<string>();
  list(volumes).forEach((v, i) => {
    const at = path.index(i).child("name");
    const name = str(v.name);
    const errs: FieldError[] = [];
    if (name === "") errs.push(required("API016", at));
    else for (const m of isDNS1123Label(name)) errs.push(invalid("API016", at, name, m));
    errs.push(...validateVolumeSource(v, path.index(i)));
    if (names.has(name)) errs.push(duplicate("API016", at, name));
    // A volume with errors is not one a mount can name (as the server's map of valid volumes).
    if (errs.length === 0) names.add(name);
    out.push(...errs);
  });
  return names;
}

/**
 * validateVolumeSource's "may not specify more than 1 volume type": the sources in the order the server tests
 * them, each with the field name its error uses (cephFS, and downwardAPI misspelt "downwarAPI" upstream). A
 * volume with no source is an emptyDir (SetDefaults_Volume).
 */
const VOLUME_SOURCES: [string, string][] = [
  ["emptyDir", "emptyDir"], ["hostPath", "hostPath"], ["gitRepo", "gitRepo"], ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"], ["secret", "secret"], ["nfs", "nfs"], ["iscsi", "iscsi"], ["glusterfs", "glusterfs"],
  ["flocker", "flocker"], ["persistentVolumeClaim", "persistentVolumeClaim"], ["rbd", "rbd"], ["cinder", "cinder"], ["cephfs", "cephFS"],
  ["quobyte", "quobyte"], ["downwardAPI", "downwarAPI"], ["fc", "fc"], ["flexVolume", "flexVolume"], ["configMap", "configMap"],
  ["azureFile", "azureFile"], ["vsphereVolume", "vsphereVolume"], ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"], ["azureDisk", "azureDisk"], ["storageos", "storageos"], ["projected", "projected"],
  ["scaleIO", "scaleIO"], ["csi", "csi"], ["ephemeral", "ephemeral"], ["image", "image"],
];

function validateVolumeSource(v: Json, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  let sources = 0;
  for (const [key, field] of VOLUME_SOURCES) {
    if (v[key] === undefined || v[key] === null) continue;
    if (sources > 0) out.push({ ...forbidden("API016", path.child(field), "may not specify more than 1 volume type"), pointer: path.child(key).pointer });
    else if (isObject(v[key])) out.push(...validateSourceFields(key, v[key] as Json, path.child(field)));
    sources++;
  }
  return out;
}

const FILE_MODE = "must be a number between 0 and 0777 (octal), both inclusive";
const HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];
const fileMode = (v: unknown, path: FieldPath): FieldError[] => {
  const mode = num(v);
  return mode !== undefined && (mode > 0o777 || mode < 0) ? [invalid("API016", path, mode, FILE_MODE)] : [];
};

/** The fields of the common volume sources (validateSecretVolumeSource, validateConfigMapVolumeSource, ...). */
function validateSourceFields(key: string, src: Json, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  switch (key) {
    case "emptyDir": {
      const size = src.sizeLimit === undefined || src.sizeLimit === null ? undefined : parseQuantity(String(src.sizeLimit));
      if (size !== undefined && size < 0n) out.push(forbidden("API016", path.child("sizeLimit"), "SizeLimit field must be a valid resource quantity"));
      break;
    }
    case "hostPath": {
      const p = str(src.path);
      if (p === "") return [required("API016", path.child("path"))];
      if (p.split("/").includes("..")) out.push(invalid("API016", path.child("path"), p, "must not contain '..'"));
      if (typeof src.type === "string" && !HOST_PATH_TYPES.includes(src.type)) out.push(notSupported("API016", path.child("type"), src.type, HOST_PATH_TYPES));
      break;
    }
    case "secret":
    case "configMap": {
      const nameField = key === "secret" ? "secretName" : "name";
      if (str(src[nameField]) === "") out.push(required("API016", path.child(nameField)));
      out.push(...fileMode(src.defaultMode, path.child("defaultMode")));
      list(src.items).forEach((kp, i) => {
        const at = path.child("items").index(i);
        const p = str(kp.path);
        if (str(kp.key) === "") out.push(required("API016", at.child("key")));
        if (p === "") out.push(required("API016", at.child("path")));
        // ValidateLocalNonReservedPath
        if (p.startsWith("/")) out.push(invalid("API016", at.child("path"), p, "must be a relative path"));
        if (p.split("/").includes("..")) out.push(invalid("API016", at.child("path"), p, "must not contain '..'"));
        else if (p.startsWith("..")) out.push(invalid("API016", at.child("path"), p, "must not start with '..'"));
        out.push(...fileMode(kp.mode, at.child("mode")));
      });
      break;
    }
    case "persistentVolumeClaim":
      if (str(src.claimName) === "") out.push(required("API016", path.child("claimName")));
      break;
  }
  return out;
}

/** validateLocalDescendingPath: relative, without a `..` element. */
function localDescendingPath(value: string, path: FieldPath, pointer: string): FieldError[] {
  const out: FieldError[] = [];
  if (value.startsWith("/")) out.push({ ...invalid("API018", path, value, "must be a relative path"), pointer });
  if (value.split("/").includes("..")) out.push({ ...invalid("API018", path, value, "must not contain '..'"), pointer });
  return out;
}

/** validateContainerCommon: what every container must satisfy. */
function validateContainerCommon(c: Json, volumes: Set<string>, path: FieldPath, options: PodSpecOptions): FieldError[] {
  const out: FieldError[] = [];
  const name = str(c.name);
  if (name === "") out.push(required("API010", path.child("name")));
  else for (const m of isDNS1123Label(name)) out.push(invalid("API010", path.child("name"), name, m));
  if (str(c.image) === "") out.push(required("API012", path.child("image")));
  else if (options.pod && str(c.image).trim() !== str(c.image)) out.push(invalid("API012", path.child("image"), str(c.image), "must not have leading or trailing whitespace"));
  if (typeof c.imagePullPolicy === "string" && c.imagePullPolicy !== "" && !PULL_POLICIES.includes(c.imagePullPolicy)) out.push(notSupported("API012", path.child("imagePullPolicy"), c.imagePullPolicy, PULL_POLICIES));
  if (typeof c.terminationMessagePolicy === "string" && c.terminationMessagePolicy !== "" && !["File", "FallbackToLogsOnError"].includes(c.terminationMessagePolicy)) {
    out.push(notSupported("API010", path.child("terminationMessagePolicy"), c.terminationMessagePolicy, ["File", "FallbackToLogsOnError"]));
  }
  out.push(...validateContainerPorts(c.ports, path.child("ports")));
  list(c.env).forEach((e, i) => {
    const at = path.child("env").index(i).child("name");
    const n = str(e.name);
    if (n === "") out.push(required("API023", at));
    else for (const m of isRelaxedEnvVarName(n)) out.push(invalid("API023", at, n, m));
    // validateEnvVarValueFrom: exactly one source, and not with a value.
    if (isObject(e.valueFrom)) {
      const from = path.child("env").index(i).child("valueFrom");
      const sources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"].filter((k) => isObject((e.valueFrom as Json)[k])).length;
      for (const k of ["configMapKeyRef", "secretKeyRef"]) {
        const sel = (e.valueFrom as Json)[k];
        if (!isObject(sel)) continue;
        const at = from.child(k);
        for (const m of nameIsDNSSubdomain(str(sel.name), false)) out.push(invalid("API023", at.child("name"), str(sel.name), m));
        if (str(sel.key) === "") out.push(required("API023", at.child("key")));
        else for (const m of isConfigMapKey(str(sel.key))) out.push(invalid("API023", at.child("key"), str(sel.key), m));
      }
      if (sources === 0) out.push(invalid("API023", from, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
      else if (str(e.value) !== "") out.push(invalid("API023", from, "", "may not be specified when `value` is not empty"));
      else if (sources > 1) out.push(invalid("API023", from, "", "may not have more than one field specified at a time"));
    }
  });
  // ValidateEnvFrom: a prefix is (the start of) a variable name; one source each, named as a prefix would be.
  list(c.envFrom).forEach((e, i) => {
    const at = path.child("envFrom").index(i);
    const prefix = str(e.prefix);
    if (prefix !== "") for (const m of isRelaxedEnvVarName(prefix)) out.push(invalid("API023", at.child("prefix"), prefix, m));
    const sources = ["configMapRef", "secretRef"].filter((k) => isObject(e[k]));
    for (const k of sources) {
      const name = str((e[k] as Json).name);
      if (name === "") out.push(required("API023", at.child(k, "name")));
      else for (const m of nameIsDNSSubdomain(name, true)) out.push(invalid("API023", at.child(k, "name"), name, m));
    }
    if (sources.length === 0) out.push({ ...invalid("API023", path.child("envFrom"), "", "must specify one of: `configMapRef` or `secretRef`"), pointer: at.pointer });
    else if (sources.length > 1) out.push({ ...invalid("API023", path.child("envFrom"), "", "may not have more than one field specified at a time"), pointer: at.pointer });
  });
  const mountPoints = new Set<string>();
  list(c.volumeMounts).forEach((m, i) => {
    const at = path.child("volumeMounts").index(i);
    const n = str(m.name);
    if (n === "") out.push(required("API017", at.child("name")));
    if (!volumes.has(n)) out.push(notFound("API017", at.child("name"), n));
    const mountPath = str(m.mountPath);
    if (mountPath === "") out.push(required("API018", at.child("mountPath")));
    if (mountPoints.has(mountPath)) out.push(invalid("API018", at.child("mountPath"), mountPath, "must be unique"));
    mountPoints.add(mountPath);
    // ValidateVolumeMounts names these at the list, not the item (`volumeMounts.subPath`), as the server does.
    const subPath = str(m.subPath);
    const subPathExpr = str(m.subPathExpr);
    if (subPath !== "") out.push(...localDescendingPath(subPath, path.child("volumeMounts", "subPath"), at.child("subPath").pointer));
    if (subPathExpr !== "") {
      if (subPath !== "") out.push(invalid("API018", at.child("subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"));
      out.push(...localDescendingPath(subPathExpr, path.child("volumeMounts", "subPathExpr"), at.child("subPathExpr").pointer));
    }
  });
  if (isObject(c.resources)) out.push(...validateResources(c.resources, path.child("resources"), options.pod === true));
  if (isObject(c.securityContext)) out.push(...validateSecurityContext(c.securityContext, path.child("securityContext")));
  return out;
}

/** validateContainerPorts: names are IANA service names unique within the container; ports in range. */
function validateContainerPorts(ports: unknown, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  const names = new Set<string>();
  list(ports).forEach((p, i) => {
    const at = path.index(i);
    const name = str(p.name);
    if (name !== "") {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) for (const m of msgs) out.push(invalid("API013", at.child("name"), name, m));
      else if (names.has(name)) out.push(duplicate("API014", at.child("name"), name));
      else names.add(name);
    }
    const port = num(p.containerPort) ?? 0;
    if (port === 0) out.push(required("API015", at.child("containerPort")));
    else for (const m of isValidPortNum(port)) out.push(invalid("API015", at.child("containerPort"), port, m));
    const host = num(p.hostPort) ?? 0;
    if (host !== 0) for (const m of isValidPortNum(host)) out.push(invalid("API015", at.child("hostPort"), host, m));
    if (p.protocol !== undefined && !PROTOCOLS.includes(str(p.protocol))) out.push(notSupported("API015", at.child("protocol"), p.protocol, PROTOCOLS));
  });
  return out;
}

/**
 * validateResourceRequirements: a request must not exceed its limit; requests of resources that cannot be
 * overcommitted (anything but cpu, memory, ephemeral-storage and the like: helper.IsOvercommitAllowed) must
 * equal their limit. The error names `resources.requests`, as the server's does, and shows quantities as the
 * server prints them (canonicalQuantity). For a Pod, a resource with a limit and no request has the limit
 * as its request (SetDefaults_Pod), so such a value is checked (and reported) as both; the pointer of a
 * defaulted request is its limit's.
 */
function validateResources(r: Json, path: FieldPath, podDefaults: boolean): FieldError[] {
  const out: FieldError[] = [];
  const limits = isObject(r.limits) ? r.limits : {};
  const written = isObject(r.requests) ? r.requests : {};
  const requests: Json = podDefaults ? { ...written, ...Object.fromEntries(Object.entries(limits).filter(([k]) => !(k in written))) } : written;
  const show = (q: unknown) => canonicalQuantity(String(q)) ?? String(q);
  // Each quantity parsed once (exact BigInt arithmetic is the costly part of this stage).
  const parsed = new Map<string, bigint | undefined>();
  const quantity = (text: string) => {
    if (!parsed.has(text)) parsed.set(text, parseQuantity(text));
    return parsed.get(text);
  };
  const pointerOf = (name: string) => (name in written ? path.child("requests") : path.child("limits")).key(name).pointer;
  // ValidateResourceRequirements walks the limits, then the requests (each map in Go's random order;
  // sorted here).
  // The pointers are made only for an error (most quantities are fine).
  const quantityErrors = (name: string, q: unknown, at: FieldPath, pointer: () => string): FieldError[] => {
    const errs = containerResourceName(name).map((m) => ({ ...invalid("API019", at, new GoSyntax(name), m), pointer: pointer() }));
    const value = quantity(String(q));
    if (value === undefined) return errs;
    if (value < 0n) errs.push({ ...invalid("API019", at, show(q), "must be greater than or equal to 0"), pointer: pointer() });
    // Extended resources are counted in whole units (helper.IsIntegerResourceName); the server prints the
    // resource.Quantity struct.
    if (isExtendedResourceName(name) && value % 1_000_000_000n !== 0n) errs.push({ ...invalid("API019", at, new GoSyntax(goQuantity(String(q))), "must be an integer"), pointer: pointer() });
    return errs;
  };
  for (const name of Object.keys(limits).sort()) out.push(...quantityErrors(name, limits[name], path.child("limits").key(name), () => path.child("limits").key(name).pointer));
  for (const name of Object.keys(requests).sort()) out.push(...quantityErrors(name, requests[name], path.child("requests").key(name), () => pointerOf(name)));
  for (const [name, q] of Object.entries(requests)) {
    const overcommit = overcommitAllowed(name);
    const limitText = limits[name];
    if (limitText === undefined) {
      if (!overcommit) out.push({ ...required("API019", path.child("limits"), "Limit must be set for non overcommitable resources"), pointer: pointerOf(name) });
      continue;
    }
    // The same text is the same quantity: nothing to compare.
    if (String(q) === String(limitText)) continue;
    const request = quantity(String(q));
    const limit = quantity(String(limitText));
    if (request === undefined || limit === undefined) continue;
    const pointer = pointerOf(name);
    if (!overcommit && request !== limit) out.push({ ...invalid("API019", path.child("requests"), show(q), `must be equal to ${name} limit of ${show(limitText)}`), pointer });
    else if (request > limit) out.push({ ...invalid("API019", path.child("requests"), show(q), `must be less than or equal to ${name} limit of ${show(limitText)}`), pointer });
  }
  return out;
}

const STANDARD_RESOURCES = new Set(["cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage", "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "quotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports", "services.loadbalancers"]);
const isNativeResource = (name: string) => !name.includes("/") || name.includes("kubernetes.io/");
/** helper.IsExtendedResourceName: not native, no "requests." prefix, and "requests." + name a qualified name. */
const isExtendedResourceName = (name: string) => !isNativeResource(name) && !name.startsWith("requests.") && isQualifiedName(`requests.${name}`).length === 0;

/** validateContainerResourceName: a qualified name; a standard container resource, or extended. */
function containerResourceName(name: string): string[] {
  const qualified = isQualifiedName(name);
  if (qualified.length > 0) return qualified;
  const out: string[] = [];
  if (!name.includes("/")) {
    if (!STANDARD_RESOURCES.has(name) && !name.startsWith("hugepages-") && !name.startsWith("requests.hugepages-")) out.push("must be a standard resource type or fully qualified");
    if (!["cpu", "memory", "ephemeral-storage"].includes(name) && !name.startsWith("hugepages-")) out.push("must be a standard resource for containers");
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) out.push("doesn't follow extended resource name standard");
  return out;
}

/**
 * %#v of a resource.Quantity as ParseQuantity leaves it on its fast path (an int64 mantissa and a decimal
 * scale; the text kept when it is canonical). Other quantities hold a pointer, printed as an address: the
 * canonical text stands in for them.
 */
function goQuantity(q: string): string {
  const m = /^([+-]?)0*([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(q);
  const canonical = canonicalQuantity(q) ?? q;
  if (!m) return canonical;
  const [, sign, intPart = "", frac = "", suffix = "", exp] = m;
  const decimal: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
  if (exp === undefined && !(suffix in decimal)) return canonical;
  const shifted = (intPart === "" ? "0" : intPart) + frac;
  const scale = (exp !== undefined ? Number(exp) : decimal[suffix]!) - frac.length;
  if (shifted.length > 18 || scale < -9) return canonical;
  const format = exp !== undefined ? "DecimalExponent" : "DecimalSI";
  const value = BigInt(shifted) * (sign === "-" ? -1n : 1n);
  const kept = canonicalQuantity(q) === q ? q : "";
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${JSON.stringify(kept)}, Format:${JSON.stringify(format)}}`;
}

/** helper.IsOvercommitAllowed: native resources other than hugepages, and not extended resources. */
function overcommitAllowed(name: string): boolean {
  const native = !name.includes("/") || name.includes("kubernetes.io/");
  return native && !name.startsWith("hugepages-");
}

function validateProbes(c: Json, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  for (const f of ["livenessProbe", "readinessProbe", "startupProbe"]) {
    const probe = c[f];
    if (!isObject(probe)) continue;
    const at = path.child(f);
    out.push(...validateHandler(probe, at, ["exec", "httpGet", "tcpSocket", "grpc"]));
    for (const n of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
      const v = num(probe[n]);
      if (v !== undefined && v < 0) out.push(invalid("API032", at.child(n), v, "must be greater than or equal to 0"));
    }
    // validateLivenessProbe / validateStartupProbe: successThreshold must be 1.
    const success = num(probe.successThreshold);
    if (f !== "readinessProbe" && success !== undefined && success !== 1) out.push(invalid("API020", at.child("successThreshold"), success, "must be 1"));
    // validateReadinessProbe: a readiness probe never kills the container, so it has no grace period.
    const grace = num(probe.terminationGracePeriodSeconds);
    if (f === "readinessProbe" && grace !== undefined) out.push(invalid("API020", at.child("terminationGracePeriodSeconds"), grace, "must not be set for readinessProbes"));
  }
  return out;
}

function validateLifecycle(lifecycle: Json, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  for (const hook of ["postStart", "preStop"]) {
    if (isObject(lifecycle[hook])) out.push(...validateHandler(lifecycle[hook] as Json, path.child(hook), ["exec", "httpGet", "tcpSocket", "sleep"]));
  }
  return out;
}

/** validateHandler: exactly one handler type; each handler's own fields. */
function validateHandler(handler: Json, path: FieldPath, types: string[]): FieldError[] {
  const out: FieldError[] = [];
  let handlers = 0;
  for (const t of types) {
    const h = handler[t];
    if (h === undefined || h === null) continue;
    if (handlers > 0) {
      out.push(forbidden("API020", path.child(t), "may not specify more than 1 handler type"));
      continue;
    }
    handlers++;
    if (!isObject(h)) continue;
    const at = path.child(t);
    if (t === "exec" && (!Array.isArray(h.command) || h.command.length === 0)) out.push(required("API020", at.child("command")));
    if (t === "httpGet" || t === "tcpSocket") out.push(...validatePortNumOrName(h.port, at.child("port")));
    if (t === "grpc" && typeof h.port === "number") out.push(...validatePortNumOrName(h.port, at.child("port")));
    if (t === "httpGet") {
      if (h.scheme !== undefined && h.scheme !== "HTTP" && h.scheme !== "HTTPS") out.push(notSupported("API020", at.child("scheme"), h.scheme, ["HTTP", "HTTPS"]));
      for (const header of list(h.httpHeaders)) {
        for (const m of isHTTPHeaderName(str(header.name))) out.push(invalid("API020", at.child("httpHeaders"), str(header.name), m));
      }
    }
  }
  if (handlers === 0) out.push(required("API020", path, "must specify a handler type"));
  return out;
}

export function validatePortNumOrName(port: unknown, path: FieldPath): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => invalid("API015", path, port, m));
  if (typeof port === "string") return isValidPortName(port).map((m) => invalid("API013", path, port, m));
  return [];
}

/** ValidateSecurityContext: user and group IDs in libcontainer's range. */
function validateSecurityContext(sc: Json, path: FieldPath): FieldError[] {
  const out: FieldError[] = validateSeccomp(sc.seccompProfile, path.child("seccompProfile"));
  for (const f of ["runAsUser", "runAsGroup"]) {
    const v = num(sc[f]);
    if (v !== undefined) for (const m of isValidUnixID(v)) out.push(invalid("API024", path.child(f), v, m));
  }
  return out;
}

/** validatePodSpecSecurityContext: the pod-level IDs (fsGroup, supplementalGroups too). */
function validatePodSecurityContext(sc: Json, path: FieldPath): FieldError[] {
  const out: FieldError[] = validateSeccomp(sc.seccompProfile, path.child("seccompProfile"));
  for (const f of ["runAsUser", "runAsGroup", "fsGroup"]) {
    const v = num(sc[f]);
    if (v !== undefined) for (const m of isValidUnixID(v)) out.push(invalid("API024", path.child(f), v, m));
  }
  if (Array.isArray(sc.supplementalGroups)) {
    sc.supplementalGroups.forEach((g, i) => {
      if (typeof g === "number") for (const m of isValidUnixID(g)) out.push(invalid("API024", path.child("supplementalGroups").index(i), g, m));
    });
  }
  return out;
}
