import type { AppModel, ContainerModel, DownwardAPIFileModel, EnvFromModel, EnvValueModel, LifecycleHandlerModel, PodSettingsModel, ProbeModel, SidecarMode, VolumeModel } from "../model/types.js";
import { podSpecPointer } from "./workloads/paths.js";

/** Builds the pod spec shared by a Deployment's template and a bare Pod. Key order is written order. */
export function buildPodSpec(app: AppModel): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (app.serviceAccount) {
    spec.serviceAccountName = app.serviceAccount.name;
    spec.automountServiceAccountToken = app.serviceAccount.automountToken;
  } else {
    spec.automountServiceAccountToken = false;
  }
  // A signal-based config reloader must see the main container's processes.
  if (app.shareProcessNamespace) spec.shareProcessNamespace = true;
  spec.securityContext = {
    runAsNonRoot: app.podSecurity.runAsNonRoot,
    ...(app.podSecurity.runAsUser !== undefined ? { runAsUser: app.podSecurity.runAsUser } : {}),
    ...(app.podSecurity.runAsGroup !== undefined ? { runAsGroup: app.podSecurity.runAsGroup } : {}),
    ...(app.podSecurity.fsGroup !== undefined ? { fsGroup: app.podSecurity.fsGroup } : {}),
    seccompProfile: { type: "RuntimeDefault" },
  };
  Object.assign(spec, podSettingsFields(app.pod));
  const { initContainers, containers } = containerLists(app, app.sidecarMode);
  if (initContainers.length > 0) spec.initContainers = initContainers;
  spec.containers = containers;
  const volumes = app.volumes.map(buildVolume);
  if (volumes.length > 0) spec.volumes = volumes;
  return spec;
}

/** The pod spec fields of the app's pod settings (or an environment's patch of them), in a fixed order. */
export function podSettingsFields(p: PodSettingsModel): Record<string, unknown> {
  return {
    ...(p.imagePullSecrets ? { imagePullSecrets: p.imagePullSecrets.map((name) => ({ name })) } : {}),
    ...(p.priorityClassName !== undefined ? { priorityClassName: p.priorityClassName } : {}),
    ...(p.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: p.terminationGracePeriodSeconds } : {}),
    ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
    ...(p.tolerations ? { tolerations: p.tolerations } : {}),
    ...(p.affinity ? { affinity: p.affinity } : {}),
    ...(p.topologySpreadConstraints ? { topologySpreadConstraints: p.topologySpreadConstraints } : {}),
  };
}

function buildVolume(v: VolumeModel): Record<string, unknown> {
  if (v.configMap) return { name: v.name, configMap: { name: v.configMap.name } };
  if (v.secret) return { name: v.name, secret: { secretName: v.secret.secretName } };
  if (v.persistentVolumeClaim) return { name: v.name, persistentVolumeClaim: { claimName: v.persistentVolumeClaim.claimName, ...(v.persistentVolumeClaim.readOnly ? { readOnly: true } : {}) } };
  if (v.downwardAPI) return { name: v.name, downwardAPI: { items: v.downwardAPI.items.map(downwardFile) } };
  if (v.projected) {
    return {
      name: v.name,
      projected: {
        sources: v.projected.sources.map((s) =>
          "serviceAccountToken" in s
            ? { serviceAccountToken: s.serviceAccountToken }
            : "downwardAPI" in s
              ? { downwardAPI: { items: s.downwardAPI.items.map(downwardFile) } }
              : { secret: { name: s.secret.secretName } },
        ),
      },
    };
  }
  return { name: v.name, emptyDir: { ...(v.emptyDir?.medium ? { medium: v.emptyDir.medium } : {}), ...(v.emptyDir?.sizeLimit ? { sizeLimit: v.emptyDir.sizeLimit } : {}) } };
}

function downwardFile(f: DownwardAPIFileModel): Record<string, unknown> {
  return {
    path: f.path,
    ...(f.fieldRef !== undefined ? { fieldRef: { fieldPath: f.fieldRef } } : {}),
    ...(f.resourceFieldRef ? { resourceFieldRef: f.resourceFieldRef } : {}),
  };
}

/** One env entry: a value, or a value from the downward API (fieldRef, resourceFieldRef). */
export function envVar(name: string, value: EnvValueModel): Record<string, unknown> {
  if (typeof value === "string") return { name, value };
  if ("fieldRef" in value) return { name, valueFrom: { fieldRef: { fieldPath: value.fieldRef } } };
  return { name, valueFrom: { resourceFieldRef: value.resourceFieldRef } };
}

/**
 * A container's whole envFrom list: the app config, the app's Secrets, then the config's own entries (`own`, by
 * default the container's; an environment's override replaces them, since envFrom has no merge key).
 */
export function envFromList(app: AppModel, c: ContainerModel, own: EnvFromModel[] = c.envFrom): Record<string, unknown>[] {
  return [
    ...(c.envFromConfig && app.config ? [{ configMapRef: { name: app.config.name } }] : []),
    ...(c.secretEnvFrom ?? []).map((name) => ({ secretRef: { name } })),
    ...own.map((e) => ({ ...(e.prefix !== undefined ? { prefix: e.prefix } : {}), ...(e.kind === "secret" ? { secretRef: { name: e.name } } : { configMapRef: { name: e.name } }) })),
  ];
}

function lifecycleHandler(h: LifecycleHandlerModel): Record<string, unknown> {
  return "httpGet" in h ? { httpGet: { path: h.httpGet.path, port: h.httpGet.port } } : h;
}

/** The image reference as the base writes it; overlays retag it through kustomize's `images`. */
export function imageRef(c: { image: string; tag: string; digest?: string }): string {
  return `${c.image}:${c.tag}${c.digest ? `@${c.digest}` : ""}`;
}

/**
 * The pod's container lists for a sidecar mode. Native sidecars are init containers with restartPolicy
 * Always (KEP-753, on by default since Kubernetes 1.29): they start in order before the main container,
 * keep running beside it, and are stopped after it.
 */
export function containerLists(app: AppModel, mode: SidecarMode): { initContainers: Record<string, unknown>[]; containers: Record<string, unknown>[] } {
  const native = mode === "native";
  return {
    initContainers: native ? app.containers.filter((c) => c.role === "sidecar").map((c) => buildContainer(app, c, true)) : [],
    containers: app.containers.filter((c) => !native || c.role !== "sidecar").map((c) => buildContainer(app, c, false)),
  };
}

/** Where a workload keeps its pod spec, as a JSON-patch path prefix. */
export function podSpecPath(app: AppModel): string {
  return podSpecPointer(app.kind);
}

function buildContainer(app: AppModel, c: ContainerModel, nativeSidecar: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { name: c.name, image: imageRef(c), imagePullPolicy: c.imagePullPolicy };
  if (nativeSidecar) out.restartPolicy = "Always";
  if (c.command) out.command = c.command;
  if (c.args) out.args = c.args;
  const ports = [...(c.port !== undefined ? [{ name: "http", containerPort: c.port }] : []), ...c.ports];
  if (ports.length > 0) out.ports = ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: "TCP" }));
  const env = [
    ...c.env.map(([name, value]) => envVar(name, value)),
    ...(c.secretEnv ?? []).map((s) => ({ name: s.name, valueFrom: { secretKeyRef: { name: s.secret, key: s.key } } })),
  ];
  if (env.length > 0) out.env = env;
  const envFrom = envFromList(app, c);
  if (envFrom.length > 0) out.envFrom = envFrom;
  if (c.resources.requests || c.resources.limits) out.resources = c.resources;
  if (c.mounts.length > 0) {
    out.volumeMounts = c.mounts.map((m) => ({
      name: m.volume,
      mountPath: m.mountPath,
      ...(m.readOnly ? { readOnly: true } : {}),
      ...(m.subPath ? { subPath: m.subPath } : {}),
    }));
  }
  if (c.probes.readiness) out.readinessProbe = buildProbe(c.probes.readiness);
  if (c.probes.liveness) out.livenessProbe = buildProbe(c.probes.liveness);
  if (c.probes.startup) out.startupProbe = buildProbe(c.probes.startup);
  if (c.lifecycle) {
    out.lifecycle = {
      ...(c.lifecycle.postStart ? { postStart: lifecycleHandler(c.lifecycle.postStart) } : {}),
      ...(c.lifecycle.preStop ? { preStop: lifecycleHandler(c.lifecycle.preStop) } : {}),
    };
  }
  out.securityContext = {
    allowPrivilegeEscalation: c.security.allowPrivilegeEscalation,
    ...capabilities(c),
    readOnlyRootFilesystem: c.security.readOnlyRootFilesystem,
    runAsNonRoot: c.security.runAsNonRoot,
    ...(c.security.runAsUser !== undefined ? { runAsUser: c.security.runAsUser } : {}),
    ...(c.security.runAsGroup !== undefined ? { runAsGroup: c.security.runAsGroup } : {}),
  };
  return out;
}

function buildProbe(p: ProbeModel): Record<string, unknown> {
  const h = p.handler;
  const handler =
    h.kind === "httpGet"
      ? { httpGet: { path: h.path, port: h.port } }
      : h.kind === "tcpSocket"
        ? { tcpSocket: { port: h.port } }
        : { exec: { command: h.command } };
  return {
    ...handler,
    initialDelaySeconds: p.initialDelaySeconds,
    periodSeconds: p.periodSeconds,
    timeoutSeconds: p.timeoutSeconds,
    failureThreshold: p.failureThreshold,
  };
}

function capabilities(c: ContainerModel): Record<string, unknown> {
  const { add, drop } = c.security.capabilities;
  if (add.length === 0 && drop.length === 0) return {};
  return { capabilities: { ...(add.length ? { add } : {}), ...(drop.length ? { drop } : {}) } };
}
