import { createHash } from "node:crypto";
import { DiagnosticError, cmp, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type {
  App,
  Probe,
  SidecarGitopsConfiguration as GitopsConfig,
} from "../config/config-types.gen.js";
import { positionOf, toPointer, type YamlSource } from "../config/source.js";
import { expandSidecar, type SidecarExpansion } from "../catalog/index.js";
import type { Pointer } from "../catalog/types.js";
import type { RenderOrigin } from "../render/header.js";
import { attachSecrets, environmentSecrets } from "./secrets.js";
import { requestOverLimitMessage, requestsOverLimits } from "../validate/semantic/quantity.js";
import { buildDelivery, IN_CLUSTER, RESERVED_APP_NAMES } from "./delivery.js";
import { containerBase, mergeResources, normalizeResources, sortRecord, sortedEntries } from "./container.js";
import {
  TOOL_NAME,
  type AppModel,
  type ConfigMapModel,
  type ContainerModel,
  type EnvironmentAppModel,
  type EnvironmentModel,
  type Model,
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
export function buildModel(config: GitopsConfig, source: YamlSource, origin: RenderOrigin): Model {
  const problems: Diagnostic[] = [];
  const report = (pointer: (string | number)[], message: string, hint: string, key = false) => {
    const p = toPointer(pointer);
    problems.push({ file: source.file, ...positionOf(source, p, key), pointer: p, code: "MDL001", severity: "error", message, hint });
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
    apps.push(buildApp(app, i, project, report));
  });

  const environments: EnvironmentModel[] = Object.keys(config.environments ?? {})
    .sort(cmp)
    .map((envName) => buildEnvironment(config, envName, apps, report));
  const delivery = buildDelivery(config, environments, report);

  if (problems.length > 0) throw new DiagnosticError(sortDiagnostics(problems));
  return { project, origin, apps, environments, ...(delivery ? { delivery } : {}), promotion: config.promotion ?? [] };
}

type Report = (pointer: (string | number)[], message: string, hint: string, key?: boolean) => void;

/** Native sidecars (init containers with restartPolicy Always) are on by default from Kubernetes 1.29. */
export function supportsNativeSidecars(kubernetesVersion: string): boolean {
  const minor = Number(kubernetesVersion.split(".")[1]);
  return Number.isFinite(minor) && minor >= 29;
}

function buildApp(app: App, index: number, project: { name: string; kubernetesVersion: string }, report: Report): AppModel {
  const projectName = project.name;
  const at = (...rest: (string | number)[]) => ["apps", index, ...rest];
  const kind = app.kind ?? "Deployment";
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
    "app.kubernetes.io/version": labelValue(main.tag),
  });

  const volumeNames = new Set<string>();
  (app.volumes ?? []).forEach((v, vi) => {
    if (volumeNames.has(v.name)) report(at("volumes", vi, "name"), `duplicate volume name "${v.name}"`, "give each volume a unique name");
    volumeNames.add(v.name);
  });
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
  const mountable = new Set([...volumeNames, ...(app.config?.mountPath ? [configVolume] : []), ...sidecarVolumes.map((v) => v.name)]);

  const configMapVolumes = new Set([...(app.config?.mountPath ? [configVolume] : []), ...sidecarVolumes.filter((v) => v.configMap).map((v) => v.name)]);
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
        const known = [...volumeNames];
        report(where, `mount refers to unknown volume "${m.volume}"`, known.length ? `declare it under apps[${index}].volumes or use one of: ${known.join(", ")}` : `declare it under apps[${index}].volumes`);
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
    probes: mainProbes(main.probes, main.port),
    envFromConfig: app.config?.envFrom ?? false,
  };
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
  checkClaims(app, index, mainModel, expansions, volumeNames, report);

  if (kind === "Pod" && app.replicas !== undefined && app.replicas !== 1) {
    report(at("replicas"), `a Pod app runs exactly one pod; replicas is ${app.replicas}`, "use kind: Deployment for replicas, or remove replicas");
  }
  // The pod annotations a sidecar sets (nginx-exporter's prometheus.io/*) are the generator's: an app
  // annotation of the same key would be dropped from the pod template silently.
  const generatedPodAnnotations = new Set(expansions.flatMap((x) => Object.keys(x.podAnnotations)));
  for (const key of Object.keys(app.annotations ?? {}).filter((k) => generatedPodAnnotations.has(k))) {
    report(at("annotations", key), `annotation "${key}" is set by a sidecar of app "${app.name}" (the scrape annotations of nginx-exporter)`, `remove it: the sidecar sets it from its own config (or set annotations: false on the sidecar to write your own)`, true);
  }
  const sc = app.securityContext ?? {};
  const sidecarMode = app.sidecarMode ?? (supportsNativeSidecars(project.kubernetesVersion) ? "native" : "classic");
  if (sidecarMode === "native" && !supportsNativeSidecars(project.kubernetesVersion)) {
    report(at("sidecarMode"), `native sidecars need Kubernetes 1.29 or newer; project.kubernetesVersion is ${project.kubernetesVersion}`, "use sidecarMode: classic, or raise project.kubernetesVersion");
  }
  const model: AppModel = {
    name: app.name,
    kind,
    sidecarMode,
    replicas: app.replicas ?? 1,
    labels,
    selectorLabels,
    annotations: sortRecord(app.annotations ?? {}),
    containers,
    volumes: [
      ...(app.volumes ?? []).map((v) => ({
        name: v.name,
        emptyDir: { medium: v.emptyDir?.medium ?? "", ...(v.emptyDir?.sizeLimit ? { sizeLimit: v.emptyDir.sizeLimit } : {}) },
      })),
      ...(app.config?.mountPath ? [{ name: configVolume, configMap: { name: `${app.name}-config` } }] : []),
      ...sidecarVolumes,
    ],
    configMaps: expansions.flatMap((x) => x.configMaps).sort((a, b) => cmp(a.name, b.name)),
    podAnnotations: sortRecord(Object.assign({}, ...expansions.map((x) => x.podAnnotations)) as Record<string, string>),
    shareProcessNamespace: expansions.some((x) => x.shareProcessNamespace),
    service:
      main.port !== undefined && (app.service?.enabled ?? true)
        ? { name: app.name, port: app.service?.port ?? 80, type: app.service?.type ?? "ClusterIP", extraPorts: expansions.flatMap((x) => x.servicePorts) }
        : undefined,
    serviceAccount:
      (app.serviceAccount?.enabled ?? true) ? { name: app.name, automountToken: app.serviceAccount?.automountToken ?? false } : undefined,
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
function checkClaims(app: App, index: number, main: ContainerModel, expansions: SidecarExpansion[], declared: Set<string>, report: Report): void {
  const at = (...rest: (string | number)[]) => ["apps", index, ...rest];
  const ports = new Map<number, string>();
  if (main.port !== undefined) ports.set(main.port, `the main container "${main.name}"`);
  const portNames = new Map<string, string>([["http", main.name]]);
  const writers = new Map<string, { file?: string; by: string }[]>();
  const configMaps = new Set<string>(app.config ? [`${app.name}-config`] : []);
  const mainVolumes = new Set(main.mounts.map((m) => m.volume));
  expansions.forEach((x, si) => {
    const who = `sidecar "${x.container.name}"`;
    for (const claim of x.ports) {
      const owner = ports.get(claim.port);
      if (owner) report(claim.pointer, `port ${claim.port} is already used by ${owner}`, "give each listener its own port (containers of a pod share one network namespace)");
      else ports.set(claim.port, who);
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

function toProbe(p: Probe, port: number | undefined): ProbeModel {
  // A named port survives a port change in one place; "http" is the main container's port name.
  const defaultPort: number | string = port !== undefined ? "http" : 80;
  const handler: ProbeModel["handler"] = p.exec
    ? { kind: "exec", command: p.exec.command }
    : p.httpGet
      ? { kind: "httpGet", path: p.httpGet.path, port: p.httpGet.port ?? defaultPort }
      : { kind: "tcpSocket", port: p.tcpSocket?.port ?? defaultPort };
  return {
    handler,
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: p.timeoutSeconds ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
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
    if (app.kind === "Pod" && o.replicas !== undefined && o.replicas !== 1) {
      report(at("apps", app.name, "replicas"), `app "${app.name}" is a Pod: it cannot have ${o.replicas} replicas`, "use kind: Deployment for replicas");
    }
    const images = app.containers.map((c) => {
      const tag = o.containers?.[c.name]?.tag ?? c.tag;
      return { container: c.name, image: c.image, tag, ...(c.digest && tag === c.tag ? { digest: c.digest } : {}) };
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
    if (sidecarMode === "native" && app.sidecarMode !== "native" && !supportsNativeSidecars(config.project.kubernetesVersion ?? "1.33")) {
      report(at("apps", app.name, "sidecarMode"), `native sidecars need Kubernetes 1.29 or newer`, "use sidecarMode: classic, or raise project.kubernetesVersion");
    }
    const configData = sortedEntries(o.config?.data ?? {});
    if (configData.length > 0 && !app.config) {
      report(at("apps", app.name, "config"), `app "${app.name}" has no config to override`, `add apps[].config to "${app.name}" first`);
    }
    return {
      app: app.name,
      kind: app.kind,
      ...(app.kind === "Deployment" ? { replicas } : {}),
      version: labelValue(images[0]!.tag),
      images,
      resources,
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
  const appByName = new Map(apps.map((a) => [a.name, a]));
  for (const ea of envApps) {
    const app = appByName.get(ea.app)!;
    const tagsByImage = new Map<string, Set<string>>();
    const overridden = new Set<string>();
    ea.images.forEach((img, ci) => {
      let set = tagsByImage.get(img.image);
      if (!set) tagsByImage.set(img.image, (set = new Set()));
      set.add(img.tag);
      if (img.tag !== app.containers[ci]!.tag) overridden.add(img.image);
    });
    for (const image of overridden) {
      const set = tagsByImage.get(image)!;
      if (set.size > 1) {
        report(at("apps", ea.app, "containers"), `image ${image} would end up with several tags (${[...set].sort(cmp).join(", ")}) in app "${ea.app}" of environment "${envName}"`, "give every container of this image in the app the same tag in this environment (kustomize sets tags per image name in an overlay)");
      }
    }
  }

  return {
    name: envName,
    namespace: env.namespace ?? `${config.project.name}-${envName}`.slice(0, 63).replace(/-+$/, ""),
    createNamespace: env.createNamespace ?? true,
    podSecurity: env.podSecurity ?? "restricted",
    policy: {
      podSecurity: env.policy?.podSecurity ?? env.podSecurity ?? "restricted",
      requireResources: env.policy?.requireResources ?? true,
      requirePinnedImages: env.policy?.requirePinnedImages ?? true,
      requireProbes: env.policy?.requireProbes ?? true,
      ignore: [...(env.policy?.ignore ?? [])].sort(cmp),
    },
    labels: sortRecord({ ...(env.labels ?? {}), [ENVIRONMENT_LABEL]: envName }),
    annotations: sortRecord(env.annotations ?? {}),
    apps: envApps,
    // Set by buildDelivery, which sees every environment.
    cluster: IN_CLUSTER,
    sync: { automated: true, prune: true, selfHeal: true },
  };
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
