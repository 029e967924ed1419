import type { AppModel, Model, RolloutModel } from "../model/types.js";
import { stringifyYaml } from "../serialize/yaml.js";
import type { GeneratedFile } from "./generated-file.js";
import { renderHeader } from "./header.js";
import { buildPodSpec } from "./pod-spec.js";
import { companionObjects, workloadObject } from "./workloads/index.js";
export { rolloutStrategy } from "./workloads/deployment.js";
import { sortRecord } from "../model/container.js";
import { ARGOCD_SYNC_WAVE, CONFIG_CHECKSUM, CONFIG_WAVE } from "./annotations.js";

const KUSTOMIZATION_API = "kustomize.config.k8s.io/v1beta1";

/** base/<app>/: one file per resource and a kustomization listing them (plus the config generator). */
export function renderBase(model: Model, app: AppModel): GeneratedFile[] {
  const header = renderHeader(model.origin);
  const dir = `base/${app.name}`;
  const files: GeneratedFile[] = [];
  const resources: string[] = [];
  const add = (name: string, obj: unknown) => {
    files.push({ path: `${dir}/${name}`, content: header + stringifyYaml(obj) });
    resources.push(name);
  };
  const metadata = (name: string, extra: Record<string, string> = {}, labels = app.labels) => {
    const annotations = sortRecord({ ...app.annotations, ...extra });
    return { name, labels, ...(Object.keys(annotations).length ? { annotations } : {}) };
  };
  // What the workload reads comes first under Argo CD (Flux and kustomize order config before workloads by kind).
  const configWave: Record<string, string> = model.delivery?.argocd ? { [ARGOCD_SYNC_WAVE]: CONFIG_WAVE } : {};

  if (app.serviceAccount) {
    add("serviceaccount.yaml", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: metadata(app.serviceAccount.name, { ...app.serviceAccount.annotations, ...configWave }),
      automountServiceAccountToken: app.serviceAccount.automountToken,
    });
  }
  const podSpec = buildPodSpec(app);
  const podAnnotations = { ...app.annotations, ...app.podAnnotations, ...(app.configChecksum ? { [CONFIG_CHECKSUM]: app.configChecksum } : {}) };
  const podMetadata = (name?: string) => ({
    ...(name ? { name } : {}),
    labels: app.workloadLabels,
    ...(Object.keys(podAnnotations).length ? { annotations: sortRecord(podAnnotations) } : {}),
  });
  const workload = workloadObject(app, { metadata: metadata(app.name, {}, app.workloadLabels), podMetadata: podMetadata(app.kind === "Pod" ? app.name : undefined), podSpec });
  add(workload.file, workload.object);
  for (const companion of companionObjects(app, (name) => metadata(name))) add(companion.file, companion.object);
  if (app.service) {
    add("service.yaml", {
      apiVersion: "v1",
      kind: "Service",
      metadata: metadata(app.service.name),
      spec: {
        type: app.service.type,
        selector: app.selectorLabels,
        ports: [
          { name: "http", port: app.service.port, targetPort: "http", protocol: "TCP" },
          ...app.service.extraPorts.map((p) => ({ name: p.name, port: p.port, targetPort: p.targetPort, protocol: "TCP" })),
        ],
      },
    });
  }

  // Config a sidecar reloads in place is a plain ConfigMap: no hash suffix, so edits reach the mounted files.
  for (const cm of app.configMaps.filter((c) => !c.hashed)) {
    add(`configmap-${cm.dir}.yaml`, { apiVersion: "v1", kind: "ConfigMap", metadata: metadata(cm.name, configWave), data: Object.fromEntries(cm.files) });
  }
  // Config a sidecar reads once is generated from files; the pod template's checksum rolls the pods on a change.
  const generated = app.configMaps.filter((c) => c.hashed);
  for (const cm of generated) {
    for (const [file, content] of cm.files) files.push({ path: `${dir}/${cm.dir}/${file}`, content: header + content });
  }

  const kustomization: Record<string, unknown> = {
    apiVersion: KUSTOMIZATION_API,
    kind: "Kustomization",
    resources,
  };
  const generators: Record<string, unknown>[] = [];
  if (app.config) {
    // A stable name and the pod template's checksum annotation: pods roll when their config changes, and
    // no controller prunes a ConfigMap that old pods still read (see render/annotations.ts).
    generators.push({ name: app.config.name, literals: app.config.data.map(([k, v]) => literal(k, v)) });
  }
  for (const cm of generated) generators.push({ name: cm.name, files: cm.files.map(([file]) => `${cm.dir}/${file}`) });
  if (generators.length > 0) {
    kustomization.configMapGenerator = generators;
    kustomization.generatorOptions = {
      labels: app.labels,
      ...(Object.keys(configWave).length > 0 ? { annotations: configWave } : {}),
      disableNameSuffixHash: true,
    };
  }
  files.push({ path: `${dir}/kustomization.yaml`, content: header + stringifyYaml(kustomization) });
  return files;
}


/**
 * A configMapGenerator literal. Kustomize strips one pair of matching surrounding quotes from a literal's
 * value, so every value is wrapped in double quotes: the pair kustomize removes is always ours.
 */
export function literal(key: string, value: string): string {
  return `${key}="${value}"`;
}
