import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkPolicy, DEFAULT_POLICY, type PolicyOptions } from "../../../../generator/validate/policy/check-policy.js";
import { RULES } from "../../../../generator/validate/policy/rules.js";
import { fileAt, renderFromText } from "../../../helpers/config.js";
import { REFERENCE_CONFIG } from "../../../helpers/fixture-configs.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The reference config (a copy of the demo root config): app `web`, nginx and the date-logger sidecar.
const DEFAULT_CONFIG = REFERENCE_CONFIG;
// Classic mode keeps the sidecar at containers[1], where the table below edits it.
const CLASSIC_CONFIG = DEFAULT_CONFIG.replace("    kind: Deployment\n", "    kind: Deployment\n    sidecarMode: classic\n");
const deployment = (config = CLASSIC_CONFIG): Obj => parse(fileAt(renderFromText(config), "base/web/deployment.yaml")) as Obj;
const pod = (d: Obj) => d.spec.template.spec;
const ids = (obj: Obj, options: Partial<PolicyOptions> = {}) =>
  [...new Set(checkPolicy(obj, { ...DEFAULT_POLICY, ...options }).map((f) => f.rule))].sort();

describe("checkPolicy", () => {
  it("passes the generated default Deployment (native and classic sidecars) under restricted with every rule on", () => {
    const native = deployment(DEFAULT_CONFIG);
    expect(pod(native).initContainers[0].restartPolicy).toBe("Always");
    expect(checkPolicy(native)).toEqual([]);
    expect(checkPolicy(deployment())).toEqual([]);
  });

  it.each<[string, (d: Obj) => void, string[]]>([
    ["hostNetwork", (d) => (pod(d).hostNetwork = true), ["pss-host-namespaces"]],
    ["a privileged sidecar", (d) => (pod(d).containers[1].securityContext.privileged = true), ["pss-privileged"]],
    ["SYS_ADMIN", (d) => (pod(d).containers[0].securityContext.capabilities.add = ["SYS_ADMIN"]), ["pss-capabilities", "pss-capabilities-baseline"]],
    ["CHOWN (baseline allows it, restricted does not)", (d) => (pod(d).containers[0].securityContext.capabilities.add = ["CHOWN"]), ["pss-capabilities"]],
    ["a hostPath volume", (d) => pod(d).volumes.push({ name: "h", hostPath: { path: "/" } }), ["pss-host-path", "pss-volume-types"]],
    ["a host port", (d) => (pod(d).containers[0].ports[0].hostPort = 80), ["pss-host-ports"]],
    ["AppArmor Unconfined", (d) => (pod(d).securityContext.appArmorProfile = { type: "Unconfined" }), ["pss-apparmor"]],
    ["an AppArmor annotation", (d) => (d.spec.template.metadata.annotations = { "container.apparmor.security.beta.kubernetes.io/nginx": "unconfined" }), ["pss-apparmor"]],
    ["an SELinux user", (d) => (pod(d).securityContext.seLinuxOptions = { user: "root" }), ["pss-selinux"]],
    ["procMount Unmasked", (d) => (pod(d).containers[0].securityContext.procMount = "Unmasked"), ["pss-proc-mount"]],
    ["seccomp Unconfined on a container", (d) => (pod(d).containers[1].securityContext.seccompProfile = { type: "Unconfined" }), ["pss-seccomp", "pss-seccomp-baseline"]],
    ["an unsafe sysctl", (d) => (pod(d).securityContext.sysctls = [{ name: "kernel.msgmax", value: "1" }]), ["pss-sysctls"]],
    ["privilege escalation allowed on a sidecar", (d) => delete pod(d).containers[1].securityContext.allowPrivilegeEscalation, ["pss-privilege-escalation"]],
    ["runAsNonRoot false on a container", (d) => (pod(d).containers[1].securityContext.runAsNonRoot = false), ["pss-run-as-non-root"]],
    ["runAsUser 0", (d) => (pod(d).containers[1].securityContext.runAsUser = 0), ["pss-run-as-user"]],
    ["no seccomp anywhere", (d) => delete pod(d).securityContext.seccompProfile, ["pss-seccomp"]],
    ["capabilities not dropped", (d) => (pod(d).containers[1].securityContext.capabilities.drop = []), ["pss-capabilities"]],
    ["no memory limit on the sidecar", (d) => delete pod(d).containers[1].resources.limits.memory, ["resources"]],
    ["a :latest image", (d) => (pod(d).containers[1].image = "busybox:latest"), ["image-tag"]],
    ["an untagged image on a registry with a port", (d) => (pod(d).containers[1].image = "registry:5000/busybox"), ["image-tag"]],
    ["no liveness probe on the main container", (d) => delete pod(d).containers[0].livenessProbe, ["probes"]],
    ["restartPolicy on a regular container", (d) => (pod(d).containers[1].restartPolicy = "Always"), ["sidecar-restart-policy"]],
    ["an init container that is not a sidecar but sets OnFailure", (d) => (pod(d).initContainers = [{ ...pod(d).containers[1], name: "init", restartPolicy: "OnFailure" }]), ["sidecar-restart-policy"]],
    ["an insecure init container (init containers are checked too)", (d) => (pod(d).initContainers = [{ name: "init", image: "busybox:1.37.0", resources: pod(d).containers[1].resources }]), ["pss-capabilities", "pss-privilege-escalation"]],
  ])("finds %s", (_name, mutate, expected) => {
    const d = deployment();
    mutate(d);
    expect(ids(d)).toEqual(expected);
  });

  it("accepts a native sidecar: an init container with restartPolicy Always", () => {
    const d = deployment();
    const sidecar = pod(d).containers.pop();
    pod(d).initContainers = [{ ...sidecar, restartPolicy: "Always" }];
    expect(checkPolicy(d)).toEqual([]);
  });

  it("names the rule, the resource and the path", () => {
    const d = deployment();
    d.metadata.namespace = "demo";
    pod(d).containers[1].securityContext.privileged = true;
    expect(checkPolicy(d)).toEqual([
      {
        rule: "pss-privileged",
        resource: "Deployment/demo/web",
        pointer: "/spec/template/spec/containers/1/securityContext/privileged",
        message: 'container "date-logger" is privileged',
      },
    ]);
  });

  it("names the resource kind/name without a namespace, or with an empty one", () => {
    for (const namespace of [undefined, ""]) {
      const d = deployment();
      if (namespace === undefined) delete d.metadata.namespace;
      else d.metadata.namespace = namespace;
      pod(d).containers[1].securityContext.privileged = true;
      expect(checkPolicy(d).map((f) => f.resource)).toEqual(["Deployment/web"]);
    }
  });

  it("applies only the rules of the chosen level and options", () => {
    const d = deployment();
    pod(d).containers[1].securityContext.capabilities.drop = [];
    delete pod(d).containers[0].livenessProbe;
    expect(ids(d, { podSecurity: "baseline" })).toEqual(["probes"]);
    expect(ids(d, { podSecurity: "baseline", requireProbes: false })).toEqual([]);
    expect(ids(d, { ignore: ["pss-capabilities", "probes"] })).toEqual([]);
    pod(d).hostNetwork = true;
    expect(ids(d, { podSecurity: "privileged", requireProbes: false })).toEqual([]);
  });

  it("finds pod specs in every workload kind and ignores objects without one", () => {
    const spec = pod(deployment());
    spec.hostPID = true;
    const wrap: Record<string, Obj> = {
      Pod: { kind: "Pod", metadata: { name: "p" }, spec },
      StatefulSet: { kind: "StatefulSet", metadata: { name: "s" }, spec: { template: { spec } } },
      DaemonSet: { kind: "DaemonSet", metadata: { name: "d" }, spec: { template: { spec } } },
      Job: { kind: "Job", metadata: { name: "j" }, spec: { template: { spec } } },
      CronJob: { kind: "CronJob", metadata: { name: "c" }, spec: { jobTemplate: { spec: { template: { spec } } } } },
    };
    for (const obj of Object.values(wrap)) expect(ids(obj), obj.kind).toContain("pss-host-namespaces");
    expect(ids({ kind: "Service", metadata: { name: "x" }, spec: { hostNetwork: true } })).toEqual([]);
    expect(checkPolicy("not an object")).toEqual([]);
  });

  // Rules that no generated tree ever trips, so only these tests stand between them and a silent removal.
  const secure = (d: Obj) => ({ ...pod(d).containers[1].securityContext });
  it.each<[string, (d: Obj) => void, string[]]>([
    ["a Windows HostProcess pod", (d) => (pod(d).securityContext.windowsOptions = { hostProcess: true }), ["/spec/template/spec/securityContext/windowsOptions/hostProcess"]],
    ["a Windows HostProcess sidecar", (d) => (pod(d).containers[1].securityContext.windowsOptions = { hostProcess: true }), ["/spec/template/spec/containers/1/securityContext/windowsOptions/hostProcess"]],
    ["a HostProcess ephemeral container", (d) => (pod(d).ephemeralContainers = [{ name: "debug", image: "busybox:1.37.0", securityContext: { ...secure(d), windowsOptions: { hostProcess: true } } }]), ["/spec/template/spec/ephemeralContainers/0/securityContext/windowsOptions/hostProcess"]],
  ])("pss-host-process: finds %s, at baseline too", (_name, mutate, pointers) => {
    const d = deployment();
    mutate(d);
    for (const podSecurity of ["baseline", "restricted"] as const) {
      const findings = checkPolicy(d, { ...DEFAULT_POLICY, podSecurity });
      expect(findings.map((f) => [f.rule, f.pointer])).toEqual(pointers.map((p) => ["pss-host-process", p]));
      expect(findings[0]!.message).toMatch(/is a Windows HostProcess container$/);
    }
    expect(ids(d, { ignore: ["pss-host-process"] })).toEqual([]);
    expect(ids(d, { podSecurity: "privileged" })).toEqual([]);
  });

  it("pss-host-process: hostProcess false or absent is fine", () => {
    const d = deployment();
    pod(d).securityContext.windowsOptions = { hostProcess: false, runAsUserName: "x" };
    pod(d).containers[0].securityContext.windowsOptions = {};
    expect(checkPolicy(d)).toEqual([]);
  });

  it.each<[string, Obj, [string, string][]]>([
    ["type spc_t", { type: "spc_t" }, [["type", "sets SELinux type spc_t"]]],
    ["role sysadm_r", { role: "sysadm_r" }, [["role", "sets SELinux role"]]],
    ["user and role", { user: "root", role: "r" }, [["user", "sets SELinux user"], ["role", "sets SELinux role"]]],
    ["type container_t (allowed)", { type: "container_t" }, []],
    ["type container_init_t (allowed)", { type: "container_init_t" }, []],
    ["level only (allowed)", { level: "s0:c123,c456" }, []],
    ["empty strings (allowed)", { type: "", user: "", role: "" }, []],
  ])("pss-selinux: a container's seLinuxOptions with %s", (_name, se, expected) => {
    const d = deployment();
    pod(d).containers[1].securityContext.seLinuxOptions = se;
    const findings = checkPolicy(d, { ...DEFAULT_POLICY, podSecurity: "baseline" });
    expect(findings.map((f) => [f.rule, f.pointer, f.message])).toEqual(
      expected.map(([field, msg]) => ["pss-selinux", `/spec/template/spec/containers/1/securityContext/seLinuxOptions/${field}`, `container "date-logger" ${msg}`]),
    );
  });

  it("pss-selinux: every allowed container type passes", () => {
    for (const type of ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"]) {
      const d = deployment();
      pod(d).securityContext.seLinuxOptions = { type };
      expect(checkPolicy(d), type).toEqual([]);
    }
  });

  it("checks ephemeral containers: restricted rules apply, resources and probes do not", () => {
    const d = deployment();
    pod(d).ephemeralContainers = [{ name: "debug", image: "busybox:1.37.0" }];
    expect(checkPolicy(d).map((f) => [f.rule, f.pointer])).toEqual([
      ["pss-privilege-escalation", "/spec/template/spec/ephemeralContainers/0/securityContext/allowPrivilegeEscalation"],
      ["pss-capabilities", "/spec/template/spec/ephemeralContainers/0/securityContext/capabilities/drop"],
    ]);
    pod(d).ephemeralContainers = [{ name: "debug", image: "busybox:1.37.0", securityContext: { ...secure(d), privileged: true, seLinuxOptions: { type: "spc_t" } } }];
    expect(ids(d, { podSecurity: "baseline" })).toEqual(["pss-privileged", "pss-selinux"]);
    pod(d).ephemeralContainers = [{ name: "debug", image: "busybox:1.37.0", securityContext: secure(d) }];
    expect(checkPolicy(d)).toEqual([]);
  });

  it("has a description for every rule and unique ids", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) expect(r.description.length).toBeGreaterThan(10);
  });
});

describe("mutable-tag (issue 23)", () => {
  const pod = (image: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", image }] } });
  const protectedEnv: PolicyOptions = { ...DEFAULT_POLICY, refuseMutableTags: true, mutableTags: ["nightly-*", "*-rc*"], ignore: ["probes", "resources", "pss-privilege-escalation", "pss-run-as-non-root", "pss-seccomp", "pss-capabilities"] };
  const rules = (image: string, options = protectedEnv) => checkPolicy(pod(image), options).map((f) => f.rule);

  it.each(["main", "master", "stable", "edge", "Main", "nightly-2024", "1.0-rc1", "registry:5000/team/app:edge"])("refuses %s in a protected environment", (tag) => {
    expect(rules(tag.includes(":") ? tag : `nginx:${tag}`)).toEqual(["mutable-tag"]);
  });

  it.each(["nginx:1.27.4", "nginx:mainline-1.27", "nginx:nightly", "registry:5000/team/app:1.0", `nginx:main@sha256:${"a".repeat(64)}`])("accepts %s", (image) => {
    expect(rules(image)).toEqual([]);
  });

  it("is off unless the environment is protected (validate PATH has no environment: off)", () => {
    expect(rules("nginx:main", { ...protectedEnv, refuseMutableTags: false })).toEqual([]);
    expect(DEFAULT_POLICY.refuseMutableTags).toBe(false);
  });
});
