import type { AppModel, Model } from "../model/types.js";
import { stringifyYaml } from "../serialize/yaml.js";
import type { GeneratedFile } from "./generated-file.js";
import { renderHeader } from "./header.js";
import { buildPodSpec } from "./pod-spec.js";

const KUSTOMIZATION_API = "kustomize.config.k8s.io/v1beta1";

/** base/<app>/: one file per resource and a kustomization listing them (plus the config generator). */
export function renderBase(model: Model, app: AppModel): GeneratedFile[] {
  const header = renderHeader(model.configName);
  const dir = `base/${app.name}`;
  const files: GeneratedFile[] = [];
  const resources: string[] = [];
  const add = (name: string, obj: unknown) => {
    files.push({ path: `${dir}/${name}`, content: header + stringifyYaml(obj) });
    resources.push(name);
  };
  const metadata = (name: string) => ({
    name,
    labels: app.labels,
    ...(Object.keys(app.annotations).length ? { annotations: app.annotations } : {}),
  });

  if (app.serviceAccount) {
    add("serviceaccount.yaml", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: metadata(app.serviceAccount.name),
      automountServiceAccountToken: app.serviceAccount.automountToken,
    });
  }
  const podSpec = buildPodSpec(app);
  if (app.kind === "Deployment") {
    add("deployment.yaml", {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: metadata(app.name),
      spec: {
        replicas: app.replicas,
        revisionHistoryLimit: 5,
        selector: { matchLabels: app.selectorLabels },
        template: {
          metadata: {
            labels: app.labels,
            ...(Object.keys(app.annotations).length ? { annotations: app.annotations } : {}),
          },
          spec: podSpec,
        },
      },
    });
  } else {
    add("pod.yaml", { apiVersion: "v1", kind: "Pod", metadata: metadata(app.name), spec: podSpec });
  }
  if (app.service) {
    add("service.yaml", {
      apiVersion: "v1",
      kind: "Service",
      metadata: metadata(app.service.name),
      spec: {
        type: app.service.type,
        selector: app.selectorLabels,
        ports: [{ name: "http", port: app.service.port, targetPort: "http", protocol: "TCP" }],
      },
    });
  }

  const kustomization: Record<string, unknown> = {
    apiVersion: KUSTOMIZATION_API,
    kind: "Kustomization",
    resources,
  };
  if (app.config) {
    // The generator's hash suffix renames the ConfigMap on every data change, and kustomize rewrites
    // the references: pods roll when their config changes.
    kustomization.configMapGenerator = [{ name: app.config.name, literals: app.config.data.map(([k, v]) => literal(k, v)) }];
    kustomization.generatorOptions = { labels: app.labels };
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
