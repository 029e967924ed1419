/**
 * Policy rules, separate from schema validation: Pod Security Standards (baseline and restricted, as defined
 * at https://kubernetes.io/docs/concepts/security/pod-security-standards/ for v1.33), plus operational rules
 * (requests/limits, pinned images, probes, native sidecar use). Each rule sees one pod spec and reports
 * findings with a JSON pointer into the object.
 */
import { allContainers, escapePointer, isObject, SERVING_KINDS, type ContainerRef, type Json, type PodSpecRef } from "./pod-specs.js";

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

export interface RuleFinding {
  rule: string;
  pointer: string;
  message: string;
}

export interface PolicyRule {
  id: string;
  /** The Pod Security level that introduces the rule; undefined for operational rules. */
  level?: Exclude<PodSecurityLevel, "privileged">;
  /** The option that switches an operational rule on. */
  option?: "requireResources" | "requirePinnedImages" | "requireProbes" | "refuseMutableTags";
  description: string;
  check(pod: PodSpecRef, kind: string, options: RuleOptions): RuleFinding[];
}

/** What a rule may read of the policy options (the rest is the caller's). */
export interface RuleOptions {
  /** More tags that move (globs, * for any characters), beside MUTABLE_TAGS. */
  mutableTags?: string[];
}

/** Tags that name a branch or a channel, not a build: the image under them changes without the config changing. */
export const MUTABLE_TAGS = ["latest", "main", "master", "stable", "edge"];

/** Whether a tag moves: one of MUTABLE_TAGS or a configured glob, in any case. */
export function isMutableTag(tag: string, globs: string[] = []): boolean {
  const t = tag.toLowerCase();
  if (MUTABLE_TAGS.includes(t)) return true;
  // Globs only have *: matched segment by segment, no regular expression built from config text.
  return globs.some((g) => globMatch(g.toLowerCase(), t));
}

function globMatch(glob: string, s: string): boolean {
  const parts = glob.split("*");
  if (parts.length === 1) return glob === s;
  if (!s.startsWith(parts[0]!) || !s.endsWith(parts[parts.length - 1]!)) return false;
  let at = parts[0]!.length;
  const end = s.length - parts[parts.length - 1]!.length;
  for (const part of parts.slice(1, -1)) {
    const i = s.indexOf(part, at);
    if (i === -1 || i + part.length > end) return false;
    at = i + part.length;
  }
  return at <= end;
}

/** The tag and digest of an image reference (registry ports and paths allowed). */
export function imageParts(image: string): { tag: string; digest: string } {
  const at = image.indexOf("@");
  const digest = at === -1 ? "" : image.slice(at + 1);
  const name = at === -1 ? image : image.slice(0, at);
  const lastSegment = name.slice(name.lastIndexOf("/") + 1);
  const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : "";
  return { tag, digest };
}

// Baseline: capabilities beyond the container runtime's defaults are forbidden.
const BASELINE_CAPABILITIES = new Set([
  "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP",
  "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
]);
// Baseline: the namespaced, isolated ("safe") sysctls; 1.27 added ip_local_reserved_ports, 1.29 the TCP keepalive set.
const SAFE_SYSCTLS = new Set([
  "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
]);
const RESTRICTED_VOLUME_TYPES = new Set([
  "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret",
]);
const SELINUX_TYPES = new Set(["container_t", "container_init_t", "container_kvm_t", "container_engine_t"]);

const sc = (c: Json): Json => (isObject(c.securityContext) ? c.securityContext : {});
const caps = (c: Json): Json => (isObject(sc(c).capabilities) ? (sc(c).capabilities as Json) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const podSc = (pod: PodSpecRef): Json => (isObject(pod.spec.securityContext) ? pod.spec.securityContext : {});
const name = (c: ContainerRef) => `container "${String(c.container.name ?? "?")}"`;

/** Runs check on the pod-level security context and every container's, for fields both can carry. */
function bothLevels(pod: PodSpecRef, check: (ctx: Json, pointer: string, who: string) => RuleFinding[]): RuleFinding[] {
  const out = check(podSc(pod), `${pod.pointer}/securityContext`, "the pod");
  for (const c of allContainers(pod)) out.push(...check(sc(c.container), `${c.pointer}/securityContext`, name(c)));
  return out;
}

export const RULES: PolicyRule[] = [
  {
    id: "pss-host-process",
    level: "baseline",
    description: "Windows HostProcess containers are forbidden.",
    check: (pod) =>
      bothLevels(pod, (ctx, p, who) =>
        isObject(ctx.windowsOptions) && ctx.windowsOptions.hostProcess === true
          ? [{ rule: "pss-host-process", pointer: `${p}/windowsOptions/hostProcess`, message: `${who} is a Windows HostProcess container` }]
          : [],
      ),
  },
  {
    id: "pss-host-namespaces",
    level: "baseline",
    description: "Sharing the host's network, PID or IPC namespace is forbidden.",
    check: (pod) =>
      (["hostNetwork", "hostPID", "hostIPC"] as const)
        .filter((f) => pod.spec[f] === true)
        .map((f) => ({ rule: "pss-host-namespaces", pointer: `${pod.pointer}/${f}`, message: `${f} must not be true` })),
  },
  {
    id: "pss-privileged",
    level: "baseline",
    description: "Privileged containers are forbidden.",
    check: (pod) =>
      allContainers(pod)
        .filter((c) => sc(c.container).privileged === true)
        .map((c) => ({ rule: "pss-privileged", pointer: `${c.pointer}/securityContext/privileged`, message: `${name(c)} is privileged` })),
  },
  {
    id: "pss-capabilities-baseline",
    level: "baseline",
    description: "Adding capabilities beyond the runtime's default set is forbidden.",
    check: (pod) =>
      allContainers(pod).flatMap((c) =>
        strings(caps(c.container).add).flatMap((cap, i) =>
          BASELINE_CAPABILITIES.has(cap)
            ? []
            : [{ rule: "pss-capabilities-baseline", pointer: `${c.pointer}/securityContext/capabilities/add/${i}`, message: `${name(c)} adds capability ${cap}` }],
        ),
      ),
  },
  {
    id: "pss-host-path",
    level: "baseline",
    description: "hostPath volumes are forbidden.",
    check: (pod) =>
      (Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []).flatMap((v, i) =>
        isObject(v) && v.hostPath !== undefined
          ? [{ rule: "pss-host-path", pointer: `${pod.pointer}/volumes/${i}/hostPath`, message: `volume "${String(v.name)}" is a hostPath volume` }]
          : [],
      ),
  },
  {
    id: "pss-host-ports",
    level: "baseline",
    description: "Host ports are forbidden.",
    check: (pod) =>
      allContainers(pod).flatMap((c) =>
        (Array.isArray(c.container.ports) ? c.container.ports : []).flatMap((port, i) =>
          isObject(port) && port.hostPort !== undefined && port.hostPort !== 0
            ? [{ rule: "pss-host-ports", pointer: `${c.pointer}/ports/${i}/hostPort`, message: `${name(c)} binds host port ${String(port.hostPort)}` }]
            : [],
        ),
      ),
  },
  {
    id: "pss-apparmor",
    level: "baseline",
    description: "AppArmor may only be RuntimeDefault or Localhost, never Unconfined.",
    check: (pod) => {
      const out = bothLevels(pod, (ctx, p, who) => {
        const t = isObject(ctx.appArmorProfile) ? ctx.appArmorProfile.type : undefined;
        return t !== undefined && t !== "RuntimeDefault" && t !== "Localhost"
          ? [{ rule: "pss-apparmor", pointer: `${p}/appArmorProfile/type`, message: `${who} sets AppArmor profile ${String(t)}` }]
          : [];
      });
      const annotations = isObject(pod.metadata.annotations) ? pod.metadata.annotations : {};
      for (const [k, v] of Object.entries(annotations)) {
        if (!k.startsWith("container.apparmor.security.beta.kubernetes.io/")) continue;
        if (v !== "runtime/default" && !String(v).startsWith("localhost/")) {
          out.push({ rule: "pss-apparmor", pointer: `${pod.pointer.replace(/\/spec$/, "/metadata")}/annotations/${escapePointer(k)}`, message: `AppArmor annotation sets ${String(v)}` });
        }
      }
      return out;
    },
  },
  {
    id: "pss-selinux",
    level: "baseline",
    description: "SELinux type must be a container type; user and role must not be set.",
    check: (pod) =>
      bothLevels(pod, (ctx, p, who) => {
        const se = isObject(ctx.seLinuxOptions) ? ctx.seLinuxOptions : undefined;
        if (!se) return [];
        const out: RuleFinding[] = [];
        if (se.type !== undefined && se.type !== "" && !SELINUX_TYPES.has(String(se.type))) out.push({ rule: "pss-selinux", pointer: `${p}/seLinuxOptions/type`, message: `${who} sets SELinux type ${String(se.type)}` });
        for (const f of ["user", "role"]) if (se[f] !== undefined && se[f] !== "") out.push({ rule: "pss-selinux", pointer: `${p}/seLinuxOptions/${f}`, message: `${who} sets SELinux ${f}` });
        return out;
      }),
  },
  {
    id: "pss-proc-mount",
    level: "baseline",
    description: "procMount must be Default.",
    check: (pod) =>
      allContainers(pod)
        .filter((c) => sc(c.container).procMount !== undefined && sc(c.container).procMount !== "Default")
        .map((c) => ({ rule: "pss-proc-mount", pointer: `${c.pointer}/securityContext/procMount`, message: `${name(c)} sets procMount ${String(sc(c.container).procMount)}` })),
  },
  {
    id: "pss-seccomp-baseline",
    level: "baseline",
    description: "The seccomp profile must not be Unconfined.",
    check: (pod) =>
      bothLevels(pod, (ctx, p, who) =>
        isObject(ctx.seccompProfile) && ctx.seccompProfile.type === "Unconfined"
          ? [{ rule: "pss-seccomp-baseline", pointer: `${p}/seccompProfile/type`, message: `${who} runs without seccomp (Unconfined)` }]
          : [],
      ),
  },
  {
    id: "pss-sysctls",
    level: "baseline",
    description: "Only the safe, namespaced sysctls are allowed.",
    check: (pod) =>
      (Array.isArray(podSc(pod).sysctls) ? (podSc(pod).sysctls as unknown[]) : []).flatMap((s, i) =>
        isObject(s) && !SAFE_SYSCTLS.has(String(s.name))
          ? [{ rule: "pss-sysctls", pointer: `${pod.pointer}/securityContext/sysctls/${i}/name`, message: `sysctl ${String(s.name)} is not in the safe set` }]
          : [],
      ),
  },
  {
    id: "pss-volume-types",
    level: "restricted",
    description: "Only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes.",
    check: (pod) =>
      (Array.isArray(pod.spec.volumes) ? pod.spec.volumes : []).flatMap((v, i) => {
        if (!isObject(v)) return [];
        const types = Object.keys(v).filter((k) => k !== "name");
        return types
          .filter((t) => !RESTRICTED_VOLUME_TYPES.has(t))
          .map((t) => ({ rule: "pss-volume-types", pointer: `${pod.pointer}/volumes/${i}/${escapePointer(t)}`, message: `volume "${String(v.name)}" has type ${t}` }));
      }),
  },
  {
    id: "pss-privilege-escalation",
    level: "restricted",
    description: "Every container must set allowPrivilegeEscalation: false.",
    check: (pod) =>
      allContainers(pod)
        .filter((c) => sc(c.container).allowPrivilegeEscalation !== false)
        .map((c) => ({ rule: "pss-privilege-escalation", pointer: `${c.pointer}/securityContext/allowPrivilegeEscalation`, message: `${name(c)} must set allowPrivilegeEscalation: false` })),
  },
  {
    id: "pss-run-as-non-root",
    level: "restricted",
    description: "runAsNonRoot must be true for the pod or for every container, and never false.",
    check: (pod) => {
      const podLevel = podSc(pod).runAsNonRoot === true;
      const out: RuleFinding[] = [];
      if (podSc(pod).runAsNonRoot === false) out.push({ rule: "pss-run-as-non-root", pointer: `${pod.pointer}/securityContext/runAsNonRoot`, message: "the pod sets runAsNonRoot: false" });
      for (const c of allContainers(pod)) {
        const v = sc(c.container).runAsNonRoot;
        if (v === false || (v === undefined && !podLevel)) {
          out.push({ rule: "pss-run-as-non-root", pointer: `${c.pointer}/securityContext/runAsNonRoot`, message: `${name(c)} may run as root: set runAsNonRoot: true` });
        }
      }
      return out;
    },
  },
  {
    id: "pss-run-as-user",
    level: "restricted",
    description: "runAsUser must not be 0.",
    check: (pod) =>
      bothLevels(pod, (ctx, p, who) => (ctx.runAsUser === 0 ? [{ rule: "pss-run-as-user", pointer: `${p}/runAsUser`, message: `${who} runs as UID 0` }] : [])),
  },
  {
    id: "pss-seccomp",
    level: "restricted",
    description: "The seccomp profile must be RuntimeDefault or Localhost, for the pod or every container.",
    check: (pod) => {
      const ok = (ctx: Json) => isObject(ctx.seccompProfile) && (ctx.seccompProfile.type === "RuntimeDefault" || ctx.seccompProfile.type === "Localhost");
      const podOk = ok(podSc(pod));
      return allContainers(pod)
        .filter((c) => {
          const own = sc(c.container).seccompProfile;
          return own === undefined ? !podOk : !ok(sc(c.container));
        })
        .map((c) => ({ rule: "pss-seccomp", pointer: `${c.pointer}/securityContext/seccompProfile`, message: `${name(c)} needs seccompProfile RuntimeDefault or Localhost (on it or on the pod)` }));
    },
  },
  {
    id: "pss-capabilities",
    level: "restricted",
    description: "Every container must drop ALL capabilities and may add back only NET_BIND_SERVICE.",
    check: (pod) =>
      allContainers(pod).flatMap((c) => {
        const out: RuleFinding[] = [];
        if (!strings(caps(c.container).drop).includes("ALL")) out.push({ rule: "pss-capabilities", pointer: `${c.pointer}/securityContext/capabilities/drop`, message: `${name(c)} must drop ALL capabilities` });
        strings(caps(c.container).add).forEach((cap, i) => {
          if (cap !== "NET_BIND_SERVICE") out.push({ rule: "pss-capabilities", pointer: `${c.pointer}/securityContext/capabilities/add/${i}`, message: `${name(c)} adds capability ${cap}; only NET_BIND_SERVICE is allowed` });
        });
        return out;
      }),
  },
  {
    id: "resources",
    option: "requireResources",
    description: "Every container (sidecars and init containers included) sets CPU and memory requests and limits.",
    check: (pod) =>
      allContainers(pod)
        .filter((c) => c.list !== "ephemeralContainers")
        .flatMap((c) => {
          const r = isObject(c.container.resources) ? c.container.resources : {};
          const missing: string[] = [];
          for (const kind of ["requests", "limits"] as const) {
            const amounts = isObject(r[kind]) ? (r[kind] as Json) : {};
            for (const res of ["cpu", "memory"]) if (amounts[res] === undefined) missing.push(`${kind}.${res}`);
          }
          return missing.length ? [{ rule: "resources", pointer: `${c.pointer}/resources`, message: `${name(c)} has no ${missing.join(", ")}` }] : [];
        }),
  },
  {
    id: "image-tag",
    option: "requirePinnedImages",
    description: "Every image is pinned to a tag other than latest, or to a digest.",
    check: (pod) =>
      allContainers(pod).flatMap((c) => {
        const image = String(c.container.image ?? "");
        if (image.includes("@sha256:")) return [];
        const lastSegment = image.slice(image.lastIndexOf("/") + 1);
        const tag = lastSegment.includes(":") ? lastSegment.slice(lastSegment.indexOf(":") + 1) : "";
        if (tag === "") return [{ rule: "image-tag", pointer: `${c.pointer}/image`, message: `${name(c)} image ${image || "(none)"} has no tag` }];
        if (tag.toLowerCase() === "latest") return [{ rule: "image-tag", pointer: `${c.pointer}/image`, message: `${name(c)} image ${image} uses :latest` }];
        return [];
      }),
  },
  {
    id: "mutable-tag",
    option: "refuseMutableTags",
    description: "In a protected environment, an image tag that moves (latest, main, master, stable, edge, or the environment's policy.mutableTags) is pinned by a digest.",
    check: (pod, _kind, options) =>
      allContainers(pod).flatMap((c) => {
        const image = String(c.container.image ?? "");
        const { tag, digest } = imageParts(image);
        if (digest !== "" || tag === "" || !isMutableTag(tag, options.mutableTags)) return [];
        return [{ rule: "mutable-tag", pointer: `${c.pointer}/image`, message: `${name(c)} image ${image} uses tag ${tag}, which moves: what runs would change without a commit` }];
      }),
  },
  {
    id: "probes",
    option: "requireProbes",
    description: "The main container (the first regular container) of a serving workload has readiness and liveness probes.",
    check: (pod, kind) => {
      if (!SERVING_KINDS.has(kind)) return [];
      const main = allContainers(pod).find((c) => c.list === "containers");
      if (!main) return [];
      return (["readinessProbe", "livenessProbe"] as const)
        .filter((p) => main.container[p] === undefined)
        .map((p) => ({ rule: "probes", pointer: `${main.pointer}/${p}`, message: `main ${name(main)} has no ${p}` }));
    },
  },
  {
    id: "sidecar-restart-policy",
    description: "restartPolicy is only for init containers (native sidecars: Always); regular containers must not set it.",
    check: (pod) =>
      allContainers(pod).flatMap((c) => {
        const rp = c.container.restartPolicy;
        if (rp === undefined) return [];
        if (c.list === "containers" || c.list === "ephemeralContainers") {
          return [{ rule: "sidecar-restart-policy", pointer: `${c.pointer}/restartPolicy`, message: `${name(c)} is a regular container: restartPolicy is only allowed on init containers (native sidecars)` }];
        }
        return rp === "Always" ? [] : [{ rule: "sidecar-restart-policy", pointer: `${c.pointer}/restartPolicy`, message: `init ${name(c)} sets restartPolicy ${String(rp)}; only Always is allowed (a native sidecar)` }];
      }),
  },
];
