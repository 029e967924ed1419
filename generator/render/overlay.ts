import type { AppModel, EnvironmentAppModel, EnvironmentModel, Model, SidecarMode } from "../model/types.js";
import { containerLists, podSpecPath } from "./pod-spec.js";
import { stringifyYaml } from "../serialize/yaml.js";
import { literal } from "./base.js";
import type { GeneratedFile } from "./generated-file.js";
import { renderHeader } from "./header.js";

const VERSION_LABEL_PATH = "app.kubernetes.io~1version";

/**
 * overlays/<env>/: a Kustomization in Kustomize v5 form (resources, namespace, labels, images, replicas,
 * patches, configMapGenerator) that builds on its own: the path Argo CD or Flux points at.
 */
export function renderOverlay(model: Model, env: EnvironmentModel): GeneratedFile[] {
  const header = renderHeader(model.configName);
  const dir = `overlays/${env.name}`;
  const files: GeneratedFile[] = [];
  const resources: string[] = [];

  if (env.createNamespace) {
    files.push({ path: `${dir}/namespace.yaml`, content: header + stringifyYaml(namespaceObject(model, env)) });
    resources.push("namespace.yaml");
  }
  for (const app of model.apps) resources.push(`../../base/${app.name}`);

  const kustomization: Record<string, unknown> = {
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    namespace: env.namespace,
    resources,
    // Environment labels reach pods (includeTemplates) but never selectors, which are immutable.
    labels: [{ pairs: env.labels, includeSelectors: false, includeTemplates: true }],
  };
  if (Object.keys(env.annotations).length > 0) kustomization.commonAnnotations = env.annotations;

  const images = env.apps.flatMap((ea) => {
    const app = appOf(model, ea);
    return ea.images.filter((img, i) => img.tag !== app.containers[i]!.tag);
  });
  if (images.length > 0) {
    const byName = new Map<string, { name: string; newTag: string; digest?: string }>();
    for (const img of images) byName.set(img.image, { name: img.image, newTag: img.tag, ...(img.digest ? { digest: img.digest } : {}) });
    kustomization.images = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  const replicas = env.apps.filter((ea) => ea.replicas !== undefined).map((ea) => ({ name: ea.app, count: ea.replicas! }));
  if (replicas.length > 0) kustomization.replicas = replicas;

  const patches: Record<string, unknown>[] = [];
  for (const ea of env.apps) {
    const app = appOf(model, ea);
    if (ea.sidecarMode !== app.sidecarMode) {
      // Move the sidecars between the pod's lists; the base keeps the app's mode.
      patches.push({ target: { kind: app.kind, name: app.name }, patch: stringifyYaml(sidecarModePatch(app, ea.sidecarMode)) });
    }
    if (ea.resources.length > 0 || ea.disabledSidecars.length > 0) {
      const name = `patches/${app.name}-containers.yaml`;
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
  }
  if (patches.length > 0) kustomization.patches = patches;

  const configs = env.apps.filter((ea) => ea.hasConfig && ea.configData.length > 0);
  if (configs.length > 0) {
    kustomization.configMapGenerator = configs.map((ea) => ({
      name: `${ea.app}-config`,
      behavior: "merge",
      literals: ea.configData.map(([k, v]) => literal(k, v)),
    }));
  }

  files.push({ path: `${dir}/kustomization.yaml`, content: header + stringifyYaml(kustomization) });
  return files;
}

function appOf(model: Model, ea: EnvironmentAppModel): AppModel {
  const app = model.apps.find((a) => a.name === ea.app);
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
