import { appNamed, environmentApp } from "../model/lookup.js";
import type { AppModel, EnvironmentAppModel, EnvironmentModel, Model, SidecarMode } from "../model/types.js";
import { containerLists, podSpecPath } from "./pod-spec.js";
import { stringifyYaml, stringifyYamlDocuments } from "../serialize/yaml.js";
import { literal } from "./base.js";
import type { GeneratedFile } from "./generated-file.js";
import { renderHeader } from "./header.js";
import { CONFIG_CHECKSUM_PATH, configWave, namespaceProtection, SECRETS_CHECKSUM } from "./annotations.js";
import { NAMESPACE_TARGET, syncTargets } from "./targets.js";

const VERSION_LABEL_PATH = "app.kubernetes.io~1version";

/** Where the pod's metadata is in the app's workload. */
function podMetadataPath(app: AppModel): string {
  return app.kind === "Deployment" ? "/spec/template/metadata" : "/metadata";
}

const KUSTOMIZATION = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization" } as const;

/**
 * overlays/<env>/: one sync target per app (overlays/<env>/<app>/) and one for the environment's
 * Namespace (overlays/<env>/namespace/), each a Kustomization that builds on its own and is what Argo CD
 * or Flux points at; plus overlays/<env>/kustomization.yaml, which only lists them for `kubectl apply -k`
 * on small repos (no controller points at it: one build of every app grows quadratically in kustomize).
 */
export function renderOverlay(model: Model, env: EnvironmentModel): GeneratedFile[] {
  const header = renderHeader(model.origin);
  const dir = `overlays/${env.name}`;
  const files: GeneratedFile[] = [];
  const targets = syncTargets(model, env);
  for (const target of targets) {
    if (target.kind === "namespace") files.push(...renderNamespaceTarget(model, env, header));
    else files.push(...renderAppOverlay(model, env, environmentApp(env, target.name)!, header));
  }
  files.push({ path: `${dir}/kustomization.yaml`, content: header + stringifyYaml({ ...KUSTOMIZATION, resources: targets.map((t) => t.name) }) });
  return files;
}

/** overlays/<env>/namespace/: the Namespace with its Pod Security labels, the environment's labels and annotations. */
function renderNamespaceTarget(model: Model, env: EnvironmentModel, header: string): GeneratedFile[] {
  const dir = `overlays/${env.name}/${NAMESPACE_TARGET}`;
  return [
    { path: `${dir}/namespace.yaml`, content: header + stringifyYaml(namespaceObject(model, env)) },
    { path: `${dir}/kustomization.yaml`, content: header + stringifyYaml({ ...KUSTOMIZATION, resources: ["namespace.yaml"], ...environmentMetadata(env) }) },
  ];
}

/** The environment's labels (never in selectors, which are immutable) and annotations, as kustomize fields. */
function environmentMetadata(env: EnvironmentModel): Record<string, unknown> {
  return {
    labels: [{ pairs: env.labels, includeSelectors: false, includeTemplates: true }],
    ...(Object.keys(env.annotations).length > 0 ? { commonAnnotations: env.annotations } : {}),
  };
}

/** overlays/<env>/<app>/: the app's base in this environment (namespace, tags, replicas, patches, config). */
function renderAppOverlay(model: Model, env: EnvironmentModel, ea: EnvironmentAppModel, header: string): GeneratedFile[] {
  const app = appOf(model, ea);
  const dir = `overlays/${env.name}/${app.name}`;
  const files: GeneratedFile[] = [];
  const resources = [`../../../base/${app.name}`];
  if (ea.secrets.length > 0) {
    // The Secrets' sources, never their values: External Secrets or Sealed Secrets fill them in the cluster.
    files.push({ path: `${dir}/secrets.yaml`, content: header + stringifyYamlDocuments(ea.secrets.map((s) => secretSourceObject(model, app, s))) });
    resources.push("secrets.yaml");
  }
  const kustomization: Record<string, unknown> = {
    ...KUSTOMIZATION,
    namespace: env.namespace,
    resources,
    ...environmentMetadata(env),
  };

  const images = ea.images.filter((img, i) => img.tag !== app.containers[i]!.tag);
  if (images.length > 0) {
    const byName = new Map<string, { name: string; newTag: string; digest?: string }>();
    for (const img of images) byName.set(img.image, { name: img.image, newTag: img.tag, ...(img.digest ? { digest: img.digest } : {}) });
    kustomization.images = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  if (ea.replicas !== undefined) kustomization.replicas = [{ name: ea.app, count: ea.replicas }];

  const patches: Record<string, unknown>[] = [];
  if (ea.sidecarMode !== app.sidecarMode) {
    // Move the sidecars between the pod's lists; the base keeps the app's mode.
    patches.push({ target: { kind: app.kind, name: app.name }, patch: stringifyYaml(sidecarModePatch(app, ea.sidecarMode)) });
  }
  if (ea.resources.length > 0 || ea.disabledSidecars.length > 0) {
    const name = `patches/containers.yaml`;
    files.push({ path: `${dir}/${name}`, content: header + stringifyYaml(containersPatch(app, ea)) });
    patches.push({ path: name });
  }
  if (ea.version !== app.labels["app.kubernetes.io/version"]) {
    // The version label follows the main container's tag in this environment, on every resource of the app.
    patches.push({
      target: { labelSelector: `app.kubernetes.io/name=${app.name}` },
      patch: stringifyYaml([{ op: "replace", path: `/metadata/labels/${VERSION_LABEL_PATH}`, value: ea.version }]),
    });
    if (app.kind === "Deployment") {
      patches.push({
        target: { kind: "Deployment", name: app.name },
        patch: stringifyYaml([{ op: "replace", path: `/spec/template/metadata/labels/${VERSION_LABEL_PATH}`, value: ea.version }]),
      });
    }
  }
  if (ea.configChecksum !== undefined && ea.configChecksum !== app.configChecksum) {
    // The environment's config differs from the base's: a new checksum rolls this environment's pods.
    patches.push({
      target: { kind: app.kind, name: app.name },
      patch: stringifyYaml([{ op: "replace", path: `${podMetadataPath(app)}/annotations/${CONFIG_CHECKSUM_PATH}`, value: ea.configChecksum }]),
    });
  }
  if (ea.secretsChecksum !== undefined) {
    // A change to a Secret's source in Git rolls the pods, which read the Secret when they start.
    const template = { metadata: { annotations: { [SECRETS_CHECKSUM]: ea.secretsChecksum } } };
    const patch = app.kind === "Deployment"
      ? { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: app.name }, spec: { template } }
      : { apiVersion: "v1", kind: "Pod", metadata: { name: app.name, ...template.metadata } };
    patches.push({ target: { kind: app.kind, name: app.name }, patch: stringifyYaml(patch) });
  }
  if (patches.length > 0) kustomization.patches = patches;

  if (ea.hasConfig && ea.configData.length > 0) {
    kustomization.configMapGenerator = [{ name: `${ea.app}-config`, behavior: "merge", literals: ea.configData.map(([k, v]) => literal(k, v)) }];
    // Stable names, as in the base: the checksum annotation rolls the pods (README "Config changes and rollouts").
    kustomization.generatorOptions = { disableNameSuffixHash: true };
  }

  files.push({ path: `${dir}/kustomization.yaml`, content: header + stringifyYaml(kustomization) });
  return files;
}

/** The ExternalSecret or SealedSecret that fills the Secret <app>-<name> in this environment's namespace. */
function secretSourceObject(model: Model, app: AppModel, s: EnvironmentAppModel["secrets"][number]): Record<string, unknown> {
  const metadata = { name: s.secretName, labels: app.labels, ...configWave(model) };
  if (s.source.kind === "externalSecret") {
    const src = s.source;
    return {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata,
      spec: {
        refreshInterval: src.refreshInterval,
        secretStoreRef: { kind: src.storeKind, name: src.store },
        target: { name: s.secretName, creationPolicy: "Owner", template: { metadata: { labels: app.labels } } },
        data: src.data.map(([secretKey, ref]) => ({ secretKey, remoteRef: { key: ref.remoteKey, ...(ref.property ? { property: ref.property } : {}) } })),
      },
    };
  }
  return {
    apiVersion: "bitnami.com/v1alpha1",
    kind: "SealedSecret",
    metadata,
    spec: {
      encryptedData: Object.fromEntries(s.source.encryptedData),
      template: { metadata: { name: s.secretName, labels: app.labels } },
    },
  };
}

function appOf(model: Model, ea: EnvironmentAppModel): AppModel {
  const app = appNamed(model, ea.app);
  if (!app) throw new Error(`internal: environment refers to unknown app ${ea.app}`);
  return app;
}

function namespaceObject(model: Model, env: EnvironmentModel): Record<string, unknown> {
  const psaVersion = `v${model.project.kubernetesVersion}`;
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: env.namespace,
      ...namespaceProtection(model),
      // Recommended labels: the namespace is the project's instance in this environment. It carries no
      // version label: its apps may run different versions.
      labels: {
        "app.kubernetes.io/instance": `${model.project.name}-${env.name}`,
        "app.kubernetes.io/managed-by": "sidecar-gitops",
        "app.kubernetes.io/name": model.project.name,
        "app.kubernetes.io/part-of": model.project.name,
        // Pod Security Admission: enforce the environment's level, and warn/audit at the same level.
        "pod-security.kubernetes.io/audit": env.podSecurity,
        "pod-security.kubernetes.io/audit-version": psaVersion,
        "pod-security.kubernetes.io/enforce": env.podSecurity,
        "pod-security.kubernetes.io/enforce-version": psaVersion,
        "pod-security.kubernetes.io/warn": env.podSecurity,
        "pod-security.kubernetes.io/warn-version": psaVersion,
      },
    },
  };
}

/**
 * A strategic-merge patch: containers merge by name, so only the overridden resources change, and a
 * disabled sidecar is removed with `$patch: delete`. Each entry goes to the list the container lives in
 * under this environment's sidecar mode.
 */
function containersPatch(app: AppModel, ea: EnvironmentAppModel): Record<string, unknown> {
  const native = ea.sidecarMode === "native";
  const inInit = (c: AppModel["containers"][number]) => native && c.role === "sidecar";
  const podSpec: Record<string, unknown> = {};
  for (const [list, members] of [
    ["initContainers", app.containers.filter(inInit)],
    ["containers", app.containers.filter((c) => !inInit(c))],
  ] as const) {
    const touched = members.some((c) => ea.disabledSidecars.includes(c.name) || ea.resources.some((r) => r.container === c.name));
    if (!touched) continue;
    // Every member is listed, in order: a strategic merge puts patched entries first otherwise.
    podSpec[list] = members.map((c) => {
      if (ea.disabledSidecars.includes(c.name)) return { name: c.name, $patch: "delete" };
      const r = ea.resources.find((x) => x.container === c.name);
      return r ? { name: c.name, resources: r.resources } : { name: c.name };
    });
  }
  if (app.kind === "Pod") {
    return { apiVersion: "v1", kind: "Pod", metadata: { name: app.name }, spec: podSpec };
  }
  return { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: app.name }, spec: { template: { spec: podSpec } } };
}

/** JSON 6902 operations that move the app's sidecars from the base's mode to `mode`. */
function sidecarModePatch(app: AppModel, mode: SidecarMode): Record<string, unknown>[] {
  const base = podSpecPath(app);
  const target = containerLists(app, mode);
  const sidecarNames = new Set(app.containers.filter((c) => c.role === "sidecar").map((c) => c.name));
  if (mode === "native") {
    // classic → native: drop the sidecars from containers (highest index first), add them as init containers.
    const indices = app.containers.map((c, i) => (sidecarNames.has(c.name) ? i : -1)).filter((i) => i >= 0).reverse();
    return [
      ...indices.map((i) => ({ op: "remove", path: `${base}/containers/${i}` })),
      { op: "add", path: `${base}/initContainers`, value: target.initContainers },
    ];
  }
  // native → classic: the base's init containers are exactly the sidecars.
  const moved = target.containers.filter((c) => sidecarNames.has(String(c.name)));
  return [{ op: "remove", path: `${base}/initContainers` }, ...moved.map((c) => ({ op: "add", path: `${base}/containers/-`, value: c }))];
}
