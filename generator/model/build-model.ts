import { createHash } from "node:crypto";
import { DiagnosticError, cmp, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type {
  App,
  Probe,
  SidecarGitopsConfiguration as GitopsConfig,
} from "../config/config-types.gen.js";
import { locate, toPointer, type YamlSource } from "../config/source.js";
import { expandSidecar, type SidecarExpansion } from "../catalog/index.js";
import type { Pointer } from "../catalog/types.js";
import type { RenderOrigin } from "../render/header.js";
import { attachSecrets, environmentSecrets } from "./secrets.js";
import type { RepoFiles } from "../config/repo-files.js";
import { buildUserVolumes, VOLUME_SOURCES } from "./volumes.js";
import { envValue, resolveEnvFrom } from "./env.js";
import { toProbe } from "./probes.js";
import { podSettings, rolloutOf, rolloutOverride } from "./pod.js";
import { requestOverLimitMessage, requestsOverLimits } from "../values/quantity.js";
import { buildCi } from "./ci.js";
import { buildDelivery, IN_CLUSTER, RESERVED_APP_NAMES } from "./delivery.js";
import { buildRemoved } from "./removed.js";
import { buildEnvironmentWorkload, buildWorkload, hasReplicas, jobName, runsToCompletion } from "./workload-kind.js";
import { containerBase, mergeResources, normalizeResources, sortRecord, sortRecordEntries, sortedEntries } from "./container.js";
import {
  TOOL_NAME,
  VERSION_LABEL,
  type AppModel,
  type ConfigMapModel,
  type ContainerModel,
  type EnvironmentAppModel,
  type EnvironmentModel,
  type Model,
  type PolicyExceptionModel,
  type ProbeModel,
  type ResourceRequirements,
} from "./types.js";

/** Label every environment gets, so dashboards can tell environments apart (never part of a selector). */
export const ENVIRONMENT_LABEL = "environment";

/**
 * Resolves a schema-valid config into the model. Cross-field rules the schema cannot express
 * (unique names, mount targets, overrides naming real apps and containers) are checked here and
 * reported together, located in the config.
 */
export function buildModel(config: GitopsConfig, source: YamlSource, origin: RenderOrigin, repoFiles: RepoFiles = new Map()): Model {
  const problems: Diagnostic[] = [];
  const report = (pointer: (string | number)[], message: string, hint: string, key = false) => {
    const p = toPointer(pointer);
    problems.push({ ...locate(source, p, key), code: "MDL001", severity: "error", message, hint });
  };
  const project = { name: config.project.name, kubernetesVersion: config.project.kubernetesVersion ?? "1.33" };

  const apps: AppModel[] = [];
  const seenApps = new Set<string>();
  config.apps.forEach((app, i) => {
    if (seenApps.has(app.name)) report(["apps", i, "name"], `duplicate app name "${app.name}"`, "give each app a unique name");
    seenApps.add(app.name);
    if (RESERVED_APP_NAMES.includes(app.name)) {
      report(["apps", i, "name"], `app name "${app.name}" is taken by overlays/<env>/${app.name}/ (the environment's Namespace target)`, "give the app another name");
    }
    if (!/^[a-z]/.test(app.name)) {
      report(["apps", i, "name"], `app name "${app.name}" must start with a letter`, "start the name with a letter (Service names are DNS-1035 labels)");
    }
    apps.push(buildApp(app, i, project, runsTogether(config, app), repoFiles, report));
  });

  const environments: EnvironmentModel[] = Object.keys(config.environments ?? {})
    .sort(cmp)
    .map((envName) => buildEnvironment(config, envName, apps, report));
  const delivery = buildDelivery(config, environments, report, origin.repoPath ?? "");
  const ci = buildCi(config, report);
  const removed = buildRemoved(config, source, environments.map((e) => e.name), problems);

  if (problems.length > 0) throw new DiagnosticError(sortDiagnostics(problems));
  return { project, origin, apps, environments, ...(delivery ? { delivery } : {}), ...(ci ? { ci } : {}), promotion: config.promotion ?? [], removed };
}

type Report = (pointer: (string | number)[], message: string, hint: string, key?: boolean) => void;

/** Native sidecars (init containers with restartPolicy Always) are on by default from Kubernetes 1.29. */
export function supportsNativeSidecars(kubernetesVersion: string): boolean {
  const minor = Number(kubernetesVersion.split(".")[1]);
  return Number.isFinite(minor) && minor >= 29;
}

/**
 * Whether two containers of an app run together in some environment (each enabled there, by the environment's
 * override or its own default): only those can clash on a port. Without environments, by their defaults.
 */
function runsTogether(config: GitopsConfig, app: App): (a: string, b: string) => boolean {
  const byDefault = new Map<string, boolean>([[app.main.name, true], ...(app.sidecars ?? []).map((s): [string, boolean] => [s.name ?? s.type, s.enabled ?? true])]);
  const envs = Object.values(config.environments ?? {});
  return (a, b) => {
    const on = (overrides: Record<string, { enabled?: boolean }>, c: string) => overrides[c]?.enabled ?? byDefault.get(c) ?? true;
    if (envs.length === 0) return on({}, a) && on({}, b);
    return envs.some((env) => {
      const o = (env?.apps?.[app.name]?.containers ?? {}) as Record<string, { enabled?: boolean }>;
      return on(o, a) && on(o, b);
    });
  };
}

function buildApp(app: App, index: number, project: { name: string; kubernetesVersion: string }, together: (a: string, b: string) => boolean, repoFiles: RepoFiles, report: Report): AppModel {
  const projectName = project.name;
  const at = (...rest: (string | number)[]) => ["apps", index, ...rest];
  const workload = buildWorkload(app, at, report);
  const kind = workload.kind;
  const main = app.main;
  const selectorLabels = {
    "app.kubernetes.io/instance": app.name,
    "app.kubernetes.io/name": app.name,
  };
  const labels = sortRecord({
    ...(app.labels ?? {}),
    ...selectorLabels,
    "app.kubernetes.io/managed-by": TOOL_NAME,
    "app.kubernetes.io/part-of": projectName,
  });
  // The version only where it describes what runs: the workload and its pods (README "Labels").
  const workloadLabels = sortRecord({ ...labels, [VERSION_LABEL]: labelValue(main.tag) });

  const volumeNames = new Set<string>();
  (app.volumes ?? []).forEach((v, vi) => {
    if (volumeNames.has(v.name)) report(at("volumes", vi, "name"), `duplicate volume name "${v.name}"`, "give each volume a unique name");
    volumeNames.add(v.name);
  });
  const containerNamesInConfig = [main.name, ...(app.sidecars ?? []).map((s) => s.name ?? s.type)];
  const user = buildUserVolumes(app, at, containerNamesInConfig, repoFiles, report);
  const configVolume = `${app.name}-config`;
  if (app.config?.mountPath && volumeNames.has(configVolume)) {
    report(at("volumes"), `volume name "${configVolume}" is reserved for the app's config`, "rename the volume");
  }

  const mainUser = main.securityContext?.runAsUser ?? app.securityContext?.runAsUser;
  const expansions = (app.sidecars ?? []).map((s, si) =>
    expandSidecar(s, { app, at: at("sidecars", si), report, mainUser, mainName: main.name }),
  );
  const sidecarVolumes = expansions.flatMap((x) => x.volumes);
  for (const v of sidecarVolumes) {
    if (volumeNames.has(v.name)) {
      const vi = (app.volumes ?? []).findIndex((u) => u.name === v.name);
      report(at("volumes", vi, "name"), `volume name "${v.name}" is reserved for a sidecar's own volume`, "rename the volume, or rename the sidecar");
    }
  }
  // A sidecar's own volumes are named after it, cut to 63 characters: they must not meet the app config's
  // volume or each other (a sidecar named like another is reported as a duplicate container name).
  const podVolumes = new Map<string, string>(app.config?.mountPath ? [[configVolume, "the app's config"]] : []);
  expansions.forEach((x, si) => {
    if (expansions.slice(0, si).some((o) => o.container.name === x.container.name)) return;
    for (const v of x.volumes) {
      const owner = podVolumes.get(v.name);
      if (owner && !volumeNames.has(v.name)) {
        report(at("sidecars", si, "name"), `volume name "${v.name}" of sidecar "${x.container.name}" is already used by ${owner}`, "rename the sidecar: its own volumes are named after it");
      }
      podVolumes.set(v.name, `sidecar "${x.container.name}"`);
    }
  });
  // A StatefulSet's claim templates are mounted by name, like volumes (the controller adds the pod's volume).
  const claimNames = workload.kind === "StatefulSet" ? workload.statefulSet.volumeClaimTemplates.map((c) => c.name) : [];
  const mountable = new Set([...volumeNames, ...claimNames, ...(app.config?.mountPath ? [configVolume] : []), ...sidecarVolumes.map((v) => v.name)]);

  const configMapVolumes = new Set([...(app.config?.mountPath ? [configVolume] : []), ...sidecarVolumes.filter((v) => v.configMap).map((v) => v.name), ...user.readOnly]);
  const containers: ContainerModel[] = [];
  const containerNames = new Set<string>();
  const addContainer = (c: ContainerModel, pointer: Pointer, mountPointers: Pointer[], nestedHints: ((outer: string) => string)[] = []) => {
    if (containerNames.has(c.name)) report([...pointer, "name"], `duplicate container name "${c.name}" in app "${app.name}"`, "give each container of an app a unique name");
    containerNames.add(c.name);
    const paths = new Set<string>();
    c.mounts.forEach((m, mi) => {
      const item = mountPointers[mi] ?? pointer;
      // A mount stated as a list item is located at its field; a catalog mount is located where it comes from.
      const field = (name: string) => (item[item.length - 2] === "mounts" ? [...item, name] : item);
      if (!mountable.has(m.volume)) {
        const where = field("volume");
        const known = [...volumeNames, ...claimNames];
        const declare = `declare it under apps[${index}].volumes, e.g. { name: ${m.volume}, configMap: { files: [...] } } (a volume takes one of: ${VOLUME_SOURCES.join(", ")})`;
        report(where, `mount refers to unknown volume "${m.volume}"`, known.length ? `${declare}, or use one of: ${known.join(", ")}` : declare);
      }
      const path = m.mountPath.replace(/\/+$/, "") || "/";
      if (paths.has(path)) report(field("mountPath"), `two mounts at ${path} in container "${c.name}"`, "mount each path once");
      paths.add(path);
    });
    // ConfigMap volumes are read-only: the kubelet cannot create a mount point inside one, so a mount
    // nested in a ConfigMap's mount (e.g. nginx-exporter's stub-status.conf in a config-reloader's conf.d)
    // would keep the pod from starting.
    c.mounts.forEach((m, mi) => {
      const inner = m.mountPath.replace(/\/+$/, "");
      const outer = c.mounts.find((o) => o !== m && configMapVolumes.has(o.volume) && inner.startsWith(`${o.mountPath.replace(/\/+$/, "")}/`));
      if (outer) {
        const item = mountPointers[mi] ?? pointer;
        const hint = nestedHints[mi]?.(outer.mountPath) ?? `mount it outside ${outer.mountPath}, or put the file into that ConfigMap`;
        report(item[item.length - 2] === "mounts" ? [...item, "mountPath"] : item, `${m.mountPath} is inside ${outer.mountPath}, a ConfigMap mount of container "${c.name}" (read-only: the kubelet cannot create the mount point)`, hint);
      }
    });
    containers.push(c);
  };

  const mainModel: ContainerModel = {
    ...containerBase(main, "main"),
    enabledByDefault: true,
    optional: false,
    port: main.port,
    ports: [],
    // A Job's main container exits when done: no default probes (a readiness probe would only delay nothing).
    probes: runsToCompletion(kind) && main.probes === undefined ? {} : mainProbes(main.probes, main.port),
    envFromConfig: app.config?.envFrom ?? false,
  };
  mainModel.envFrom = resolveEnvFrom(main.envFrom, app, user.configMapOf, at("main", "envFrom"), report);
  expansions.forEach((x, si) => {
    const s = app.sidecars![si]!;
    if (s.type === "custom") x.container.envFrom = resolveEnvFrom(s.envFrom, app, user.configMapOf, at("sidecars", si, "envFrom"), report);
  });
  const mainPointers: Pointer[] = (main.mounts ?? []).map((_, mi) => at("main", "mounts", mi));
  const mainHints: ((outer: string) => string)[] = [];
  if (app.config?.mountPath) {
    mainModel.mounts.push({ volume: configVolume, mountPath: app.config.mountPath, readOnly: true });
    mainPointers.push(at("config", "mountPath"));
  }
  for (const x of expansions) {
    for (const { mount, pointer, nestedHint } of x.mainMounts) {
      if (nestedHint) mainHints[mainModel.mounts.length] = nestedHint;
      mainModel.mounts.push(mount);
      mainPointers.push(pointer);
    }
  }
  addContainer(mainModel, at("main"), mainPointers, mainHints);
  expansions.forEach((x, si) => addContainer(x.container, at("sidecars", si), x.mountPointers));
  checkClaims(app, index, mainModel, expansions, volumeNames, together, report);

  if (kind !== "Deployment" && app.rollout !== undefined) {
    report(at("rollout"), `a ${kind} app has no rollout`, "remove rollout (a Deployment's rollout settings; a StatefulSet or DaemonSet takes statefulSet.updateStrategy or daemonSet.updateStrategy)", true);
  }
  // The pod annotations a sidecar sets (nginx-exporter's prometheus.io/*) are the generator's: an app
  // annotation of the same key would be dropped from the pod template silently.
  const generatedPodAnnotations = new Set(expansions.flatMap((x) => Object.keys(x.podAnnotations)));
  for (const key of Object.keys(app.annotations ?? {}).filter((k) => generatedPodAnnotations.has(k))) {
    report(at("annotations", key), `annotation "${key}" is set by a sidecar of app "${app.name}" (the scrape annotations of nginx-exporter)`, `remove it: the sidecar sets it from its own config (or set annotations: false on the sidecar to write your own)`, true);
  }
  const sc = app.securityContext ?? {};
  const sidecarMode = app.sidecarMode ?? (supportsNativeSidecars(project.kubernetesVersion) ? "native" : "classic");
  if (runsToCompletion(kind) && (app.sidecars ?? []).length > 0) {
    // A classic sidecar never exits, so the pod never completes and neither does the Job.
    if (app.sidecarMode === "classic") {
      report(at("sidecarMode"), `the sidecars of a ${kind}'s pod must be native: a classic sidecar keeps running after the main container exits, so the pod and the ${kind === "Job" ? "Job" : "CronJob's Jobs"} never complete`, "remove sidecarMode: classic (native is the default: init containers with restartPolicy Always, stopped when the main container exits)");
    } else if (!supportsNativeSidecars(project.kubernetesVersion)) {
      report(at("sidecars"), `the sidecars of a ${kind}'s pod must be native (a classic sidecar never exits, so the Job never completes), and native sidecars need Kubernetes 1.29 or newer; project.kubernetesVersion is ${project.kubernetesVersion}`, "set project.kubernetesVersion to 1.29 or newer, or remove the sidecars");
    }
  } else if (sidecarMode === "native" && !supportsNativeSidecars(project.kubernetesVersion)) {
    report(at("sidecarMode"), `native sidecars need Kubernetes 1.29 or newer; project.kubernetesVersion is ${project.kubernetesVersion}`, "use sidecarMode: classic, or raise project.kubernetesVersion");
  }
  const model: AppModel = {
    name: app.name,
    kind,
    workload,
    sidecarMode,
    replicas: app.replicas ?? 1,
    labels,
    workloadLabels,
    selectorLabels,
    annotations: sortRecord(app.annotations ?? {}),
    containers,
    volumes: [
      ...user.volumes,
      ...(app.config?.mountPath ? [{ name: configVolume, configMap: { name: `${app.name}-config` } }] : []),
      ...sidecarVolumes,
    ],
    configMaps: [...user.configMaps, ...expansions.flatMap((x) => x.configMaps)].sort((a, b) => cmp(a.name, b.name)),
    podAnnotations: sortRecord(Object.assign({}, ...expansions.map((x) => x.podAnnotations)) as Record<string, string>),
    shareProcessNamespace: expansions.some((x) => x.shareProcessNamespace),
    service:
      // A Job's pods serve nobody unless asked: no Service by default.
      main.port !== undefined && (app.service?.enabled ?? !runsToCompletion(kind))
        ? { name: app.name, port: app.service?.port ?? 80, type: app.service?.type ?? "ClusterIP", extraPorts: expansions.flatMap((x) => x.servicePorts) }
        : undefined,
    serviceAccount:
      (app.serviceAccount?.enabled ?? true)
        ? { name: app.name, automountToken: app.serviceAccount?.automountToken ?? false, annotations: sortRecord(app.serviceAccount?.annotations ?? {}) }
        : undefined,
    pod: podSettings(app.pod),
    rollout: rolloutOf(app.rollout),
    config: app.config
      ? {
          name: `${app.name}-config`,
          data: sortedEntries(app.config.data ?? {}),
          ...(app.config.mountPath ? { mountPath: app.config.mountPath } : {}),
          volumeName: configVolume,
        }
      : undefined,
    podSecurity: {
      runAsNonRoot: sc.runAsNonRoot ?? true,
      ...(sc.runAsUser !== undefined ? { runAsUser: sc.runAsUser } : {}),
      ...(sc.runAsGroup !== undefined ? { runAsGroup: sc.runAsGroup } : {}),
      ...(sc.fsGroup !== undefined ? { fsGroup: sc.fsGroup } : {}),
    },
    secrets: [],
  };
  attachSecrets(model, app, at, report);
  if (workload.kind === "StatefulSet" && model.service?.name === workload.statefulSet.serviceName) {
    report(at("statefulSet", "serviceName"), `the headless Service "${workload.statefulSet.serviceName}" would take the name of the app's Service`, `remove serviceName (default: ${app.name}-headless), or name another Service`);
  }
  // A request above its limit: the API server refuses the workload at sync time; refuse it here, at the config.
  for (const c of model.containers) {
    const si = (app.sidecars ?? []).findIndex((s) => (s.name ?? s.type) === c.name);
    const where = c.role === "main" ? at("main", "resources") : si >= 0 ? at("sidecars", si, "resources") : at("sidecars");
    for (const v of requestsOverLimits(c.resources)) {
      report(where, requestOverLimitMessage(c.name, v), `lower the ${v.resource} request to at most ${v.limit}, or raise the limit`);
    }
  }
  const checksum = configChecksum(model.config?.data ?? [], model.configMaps);
  return checksum ? { ...model, configChecksum: checksum } : model;
}

/**
 * What sidecars claim in the pod, checked together: a port is listened on once, a port name is used once,
 * a volume one sidecar owns (git-sync) or a file it writes (date-logger) has no second writer, a sidecar's
 * ConfigMap name is its own, and a volume a sidecar shares with the main container is mounted there.
 */
function checkClaims(app: App, index: number, main: ContainerModel, expansions: SidecarExpansion[], declared: Set<string>, together: (a: string, b: string) => boolean, report: Report): void {
  const at = (...rest: (string | number)[]) => ["apps", index, ...rest];
  // Each port's listeners: a port clashes only between containers that run together in some environment.
  const ports = new Map<number, { container: string; who: string }[]>();
  if (main.port !== undefined) ports.set(main.port, [{ container: main.name, who: `the main container "${main.name}"` }]);
  const portNames = new Map<string, string>([["http", main.name]]);
  const writers = new Map<string, { file?: string; by: string }[]>();
  const configMaps = new Set<string>(app.config ? [`${app.name}-config`] : []);
  const mainVolumes = new Set(main.mounts.map((m) => m.volume));
  expansions.forEach((x, si) => {
    const who = `sidecar "${x.container.name}"`;
    for (const claim of x.ports) {
      const listeners = ports.get(claim.port) ?? [];
      const owner = listeners.find((l) => together(l.container, x.container.name));
      if (owner) report(claim.pointer, `port ${claim.port} is already used by ${owner.who}`, "give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments");
      else ports.set(claim.port, [...listeners, { container: x.container.name, who }]);
    }
    for (const p of x.container.ports) {
      const owner = portNames.get(p.name);
      if (owner !== undefined && owner !== x.container.name) {
        report(at("sidecars", si), `port name "${p.name}" is already used by container "${owner}"`, "keep one sidecar of this type per app, or use a custom sidecar (port names are unique in a pod)");
      } else portNames.set(p.name, x.container.name);
    }
    for (const w of x.writes) {
      const list = writers.get(w.volume) ?? [];
      const clash = list.find((o) => o.file === undefined || w.file === undefined || o.file === w.file);
      if (clash) {
        report(w.pointer, `volume "${w.volume}" is already written by ${clash.by}${clash.file && w.file ? ` (file ${w.file})` : ""}`, "give each writing sidecar its own volume (or its own file)");
      }
      list.push({ ...(w.file !== undefined ? { file: w.file } : {}), by: who });
      writers.set(w.volume, list);
    }
    for (const cm of x.configMaps) {
      if (configMaps.has(cm.name)) report(at("sidecars", si, "name"), `ConfigMap name "${cm.name}" of ${who} is already taken`, "rename the sidecar");
      configMaps.add(cm.name);
    }
    for (const shared of x.sharedWithMain) {
      // An undeclared volume is already reported as such at the same place.
      if (declared.has(shared.volume) && !mainVolumes.has(shared.volume)) {
        report(shared.pointer, `${who} shares volume "${shared.volume}" with the main container, which does not mount it`, `add { volume: ${shared.volume}, mountPath: ... } to apps[${index}].main.mounts`);
      }
    }
    if (!x.container.optional && !x.container.enabledByDefault) {
      report(at("sidecars", si, "enabled"), `${who} cannot be off by default: the Service and the pod annotations depend on it`, "remove enabled: false");
    }
  });
}

function mainProbes(probes: { readiness?: Probe; liveness?: Probe; startup?: Probe } | undefined, port: number | undefined): ContainerModel["probes"] {
  if (probes === undefined) {
    // A listening main container gets TCP probes by default: safe for any protocol.
    if (port === undefined) return {};
    const tcp: Probe = { tcpSocket: {} };
    return { readiness: toProbe(tcp, port), liveness: toProbe(tcp, port) };
  }
  const out: ContainerModel["probes"] = {};
  if (probes.readiness) out.readiness = toProbe(probes.readiness, port);
  if (probes.liveness) out.liveness = toProbe(probes.liveness, port);
  if (probes.startup) out.startup = toProbe(probes.startup, port);
  return out;
}

function buildEnvironment(config: GitopsConfig, envName: string, apps: AppModel[], report: Report): EnvironmentModel {
  const env = config.environments?.[envName] ?? {};
  const at = (...rest: (string | number)[]) => ["environments", envName, ...rest];
  const overrides = env.apps ?? {};
  for (const appName of Object.keys(overrides)) {
    if (!apps.some((a) => a.name === appName)) {
      report(at("apps", appName), `environment "${envName}" overrides unknown app "${appName}"`, `use one of: ${apps.map((a) => a.name).join(", ")}`, true);
    }
  }
  // commonAnnotations would overwrite a sidecar's pod annotations (nginx-exporter's prometheus.io/port…).
  for (const key of Object.keys(env.annotations ?? {})) {
    const owner = apps.find((a) => a.podAnnotations[key] !== undefined);
    if (owner) {
      report(at("annotations", key), `annotation "${key}" is set by a sidecar of app "${owner.name}" (the scrape annotations of nginx-exporter); this environment would overwrite it`, `remove it, or write a key of your own (e.g. example.com/${key.slice(key.indexOf("/") + 1)})`, true);
    }
  }
  const appConfigs = new Map(config.apps.map((a, index) => [a.name, { config: a, index }]));
  const envApps: EnvironmentAppModel[] = apps.map((app) => {
    const o = overrides[app.name] ?? {};
    for (const containerName of Object.keys(o.containers ?? {})) {
      if (!app.containers.some((c) => c.name === containerName)) {
        report(at("apps", app.name, "containers", containerName), `app "${app.name}" has no container "${containerName}"`, `use one of: ${app.containers.map((c) => c.name).join(", ")}`, true);
      }
    }
    const replicas = o.replicas ?? env.replicas ?? app.replicas;
    if (!hasReplicas(app.kind) && o.replicas !== undefined && o.replicas !== 1) {
      report(at("apps", app.name, "replicas"), `app "${app.name}" is a ${app.kind}: it cannot have ${o.replicas} replicas`, app.kind === "Pod" ? "use kind: Deployment for replicas" : "remove replicas (only Deployment and StatefulSet apps have replicas)");
    }
    const images = app.containers.map((c) => {
      const own = o.containers?.[c.name];
      const tag = own?.tag ?? c.tag;
      // The container's own digest names its own tag: another tag in this environment drops it, unless the
      // environment names the digest of that tag itself.
      const digest = own?.digest ?? (tag === c.tag ? c.digest : undefined);
      const override = { ...(own?.tag !== undefined ? { tag: own.tag } : {}), ...(own?.digest !== undefined ? { digest: own.digest } : {}) };
      return { container: c.name, image: c.image, tag, ...(digest ? { digest } : {}), override };
    });
    const disabled = app.containers.filter((c) => o.containers?.[c.name]?.enabled === false);
    for (const c of disabled.filter((x) => x.role === "main")) {
      report(at("apps", app.name, "containers", c.name, "enabled"), `the main container "${c.name}" cannot be disabled`, "remove enabled: false (only sidecars can be disabled); to stop the app, remove it from the config");
    }
    const disabledSidecars = app.containers
      .filter((c) => c.role === "sidecar" && (o.containers?.[c.name]?.enabled ?? c.enabledByDefault) === false)
      .map((c) => c.name);
    // Only an environment's own enabled: false; one off by default is reported once, at the sidecar.
    for (const c of app.containers.filter((x) => x.role === "sidecar" && !x.optional && o.containers?.[x.name]?.enabled === false)) {
      report(at("apps", app.name, "containers", c.name, "enabled"), `sidecar "${c.name}" cannot be removed in one environment: the Service and the pod annotations depend on it`, "remove it from the app instead");
    }
    for (const c of app.containers) {
      const r = o.containers?.[c.name]?.resources;
      if (!r) continue;
      for (const v of requestsOverLimits(mergeResources(c.resources, normalizeResources(r)))) {
        report(at("apps", app.name, "containers", c.name, "resources"), `${requestOverLimitMessage(c.name, v)} in environment "${envName}"`, `lower the ${v.resource} request to at most ${v.limit}, or raise the limit (the base's requests and limits merge with this override)`);
      }
    }
    const resources = app.containers.flatMap((c) => {
      const r = o.containers?.[c.name]?.resources;
      return r && !disabledSidecars.includes(c.name) ? [{ container: c.name, resources: normalizeResources(r) }] : [];
    });
    const sidecarMode = o.sidecarMode ?? app.sidecarMode;
    if (runsToCompletion(app.kind) && o.sidecarMode === "classic" && app.containers.some((c) => c.role === "sidecar")) {
      report(at("apps", app.name, "sidecarMode"), `the sidecars of a ${app.kind}'s pod must be native: a classic sidecar keeps running after the main container exits, so the pod never completes`, "remove sidecarMode: classic");
    }
    if (sidecarMode === "native" && app.sidecarMode !== "native" && !supportsNativeSidecars(config.project.kubernetesVersion ?? "1.33")) {
      report(at("apps", app.name, "sidecarMode"), `native sidecars need Kubernetes 1.29 or newer`, "use sidecarMode: classic, or raise project.kubernetesVersion");
    }
    const appConfig = appConfigs.get(app.name)!.config;
    const live = app.containers.filter((c) => !disabledSidecars.includes(c.name));
    const overrideOf = (c: { name: string }) => o.containers?.[c.name];
    const args = live.flatMap((c) => {
      const a = overrideOf(c)?.args;
      return a ? [{ container: c.name, args: [...a] }] : [];
    });
    const envOverrides = live.flatMap((c) => {
      const e = overrideOf(c)?.env;
      // A variable a secret sets is a valueFrom: a value merged over it would carry both.
      for (const name of Object.keys(e ?? {}).filter((v) => (c.secretEnv ?? []).some((s) => s.name === v))) {
        report(at("apps", app.name, "containers", c.name, "env", name), `variable "${name}" of container "${c.name}" comes from a secret (apps[].secrets[].env); this environment cannot set it`, "rename the variable, or give the secret another source in this environment (environments.<env>.apps.<app>.secrets)", true);
      }
      return e && Object.keys(e).length > 0 ? [{ container: c.name, env: sortRecordEntries(e).map(([k, v]): [string, ReturnType<typeof envValue>] => [k, envValue(v)]) }] : [];
    });
    const configMapOf = (volume: string) => ((appConfig.volumes ?? []).some((v) => v.name === volume && v.configMap) ? `${app.name}-${volume}`.slice(0, 253) : undefined);
    const envFrom = live.flatMap((c) => {
      const e = overrideOf(c)?.envFrom;
      return e ? [{ container: c.name, envFrom: resolveEnvFrom(e, appConfig, configMapOf, at("apps", app.name, "containers", c.name, "envFrom"), report) }] : [];
    });
    if (o.rollout && app.kind !== "Deployment") {
      report(at("apps", app.name, "rollout"), `app "${app.name}" is a ${app.kind}: it has no rollout`, "remove rollout (a Deployment's rollout settings)", true);
    }
    if (o.serviceAccount?.annotations && !app.serviceAccount) {
      report(at("apps", app.name, "serviceAccount"), `app "${app.name}" renders no ServiceAccount (serviceAccount.enabled: false)`, "remove these annotations, or enable the app's ServiceAccount", true);
    }
    const configData = sortedEntries(o.config?.data ?? {});
    if (configData.length > 0 && !app.config) {
      report(at("apps", app.name, "config"), `app "${app.name}" has no config to override`, `add apps[].config to "${app.name}" first`);
    }
    return {
      app: app.name,
      kind: app.kind,
      ...(hasReplicas(app.kind) ? { replicas } : {}),
      workload: buildEnvironmentWorkload(app.workload, app.name, o, (...rest) => at("apps", app.name, ...rest), report),
      version: labelValue(images[0]!.tag),
      images,
      resources,
      args,
      env: envOverrides,
      envFrom,
      pod: podSettings(o.pod),
      rollout: rolloutOverride(o.rollout),
      serviceAccountAnnotations: sortRecord(o.serviceAccount?.annotations ?? {}),
      sidecarMode,
      disabledSidecars,
      configData,
      hasConfig: app.config !== undefined,
      ...environmentSecrets(app, appConfigs.get(app.name)!.config, o.secrets ?? {}, (...rest) => at("apps", app.name, ...rest), (...rest) => ["apps", appConfigs.get(app.name)!.index, ...rest], envName, report),
      ...optional("configChecksum", configChecksum(mergeEntries(app.config?.data ?? [], configData), app.configMaps)),
    };
  });

  // Kustomize's images transformer matches by image name, across the app's overlay (overlays/<env>/<app>/):
  // an override must leave all containers of that image in the app with one tag, or it would silently
  // retag the others. Apps have overlays of their own, so two apps may run one image at different tags.
  for (const ea of envApps) {
    const app = apps.find((a) => a.name === ea.app)!;
    const tagsByImage = new Map<string, Set<string>>();
    const overridden = new Set<string>();
    ea.images.forEach((img, ci) => {
      let set = tagsByImage.get(img.image);
      if (!set) tagsByImage.set(img.image, (set = new Set()));
      set.add(img.digest ? `${img.tag}@${img.digest}` : img.tag);
      if (img.tag !== app.containers[ci]!.tag || img.digest !== app.containers[ci]!.digest) overridden.add(img.image);
    });
    for (const image of overridden) {
      const set = tagsByImage.get(image)!;
      if (set.size > 1) {
        report(at("apps", ea.app, "containers"), `image ${image} would end up with several tags (${[...set].sort(cmp).join(", ")}) in app "${ea.app}" of environment "${envName}"`, "give every container of this image in the app the same tag in this environment (kustomize sets tags per image name in an overlay)");
      }
    }
  }

  const isProtected = env.protected ?? PROTECTED_BY_DEFAULT.includes(envName);
  const exceptions = policyExceptions(config, envName);
  const labels = sortRecord({ ...(env.labels ?? {}), [ENVIRONMENT_LABEL]: envName });
  const annotations = sortRecord(env.annotations ?? {});
  for (const ea of envApps) {
    const app = apps.find((a) => a.name === ea.app)!;
    // Everything that ends up in the Job's spec; the namespace does not (a Job in another namespace is another Job).
    // The Service is not part of the Job: a change to it does not run the Job again.
    // What the environment writes (images' override) is not in the spec.
    const spec = { ...ea, images: ea.images.map(({ override: _o, ...i }) => i) };
    if (app.kind === "Job") ea.workload.jobName = jobName(app.name, { app: { ...app, service: undefined }, ea: spec, labels, annotations });
  }

  return {
    name: envName,
    namespace: env.namespace ?? `${config.project.name}-${envName}`.slice(0, 63).replace(/-+$/, ""),
    createNamespace: env.createNamespace ?? true,
    podSecurity: env.podSecurity ?? "restricted",
    protected: isProtected,
    policy: {
      podSecurity: env.policy?.podSecurity ?? env.podSecurity ?? "restricted",
      requireResources: env.policy?.requireResources ?? true,
      requirePinnedImages: env.policy?.requirePinnedImages ?? true,
      requireProbes: env.policy?.requireProbes ?? true,
      refuseMutableTags: isProtected,
      mutableTags: [...(env.policy?.mutableTags ?? [])],
      ignore: exceptions.filter((x) => x.app === undefined).map((x) => x.rule).sort(cmp),
      exceptions,
    },
    labels,
    annotations,
    apps: envApps,
    // Set by buildDelivery, which sees every environment.
    cluster: IN_CLUSTER,
    sync: { automated: true, prune: true, selfHeal: true },
  };
}

/** Environments protected unless the config says otherwise: production by its usual names. */
export const PROTECTED_BY_DEFAULT = ["prod", "production"];

/**
 * The policy rules skipped in one environment, each with where the config says it: environment-wide
 * (environments.<env>.policy.ignore), for an app everywhere (apps[].policy.ignore) and for an app in this
 * environment (environments.<env>.apps.<app>.policy.ignore).
 */
function policyExceptions(config: GitopsConfig, envName: string): PolicyExceptionModel[] {
  const env = config.environments?.[envName] ?? {};
  const out: PolicyExceptionModel[] = [];
  (env.policy?.ignore ?? []).forEach((x, i) => {
    const pointer = toPointer(["environments", envName, "policy", "ignore", i]);
    out.push(typeof x === "string" ? { rule: x, pointer } : { rule: x.rule, reason: x.reason.trim(), pointer: `${pointer}/rule` });
  });
  config.apps.forEach((app, ai) => {
    (app.policy?.ignore ?? []).forEach((x, i) => out.push({ rule: x.rule, reason: x.reason.trim(), app: app.name, pointer: toPointer(["apps", ai, "policy", "ignore", i, "rule"]) }));
    (env.apps?.[app.name]?.policy?.ignore ?? []).forEach((x, i) =>
      out.push({ rule: x.rule, reason: x.reason.trim(), app: app.name, pointer: toPointer(["environments", envName, "apps", app.name, "policy", "ignore", i, "rule"]) }),
    );
  });
  return out;
}

/**
 * sha256 over the config the pods read once: the app config's data and the files of the sidecars'
 * hashed ConfigMaps (a reloaded ConfigMap is left out: changing it must not roll the pods). Undefined
 * when there is none.
 */
export function configChecksum(data: [string, string][], configMaps: ConfigMapModel[]): string | undefined {
  const files = configMaps.filter((c) => c.hashed).map((c) => [c.name, c.files] as const);
  if (data.length === 0 && files.length === 0) return undefined;
  return createHash("sha256").update(JSON.stringify({ data, files })).digest("hex");
}

/** The base's entries with the overrides applied, sorted by key. */
function mergeEntries(base: [string, string][], overrides: [string, string][]): [string, string][] {
  return sortedEntries({ ...Object.fromEntries(base), ...Object.fromEntries(overrides) });
}

function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}

/** Label values are at most 63 characters of [A-Za-z0-9-_.], alphanumeric at both ends. */
export function labelValue(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
}

export { sortRecord };
