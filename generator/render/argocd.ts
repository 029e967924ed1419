import { cmp } from "../diagnostics/diagnostic.js";
import { repoRooted, syncedBy } from "../model/delivery.js";
import type { AppModel, ClusterModel, DeliveryModel, EnvironmentModel, Model } from "../model/types.js";
import { stringifyYaml } from "../serialize/yaml.js";
import type { GeneratedFile } from "./generated-file.js";
import { renderHeader } from "./header.js";
import { deliveryLabels, syncTargets, type SyncTarget } from "./targets.js";

const ARGOCD_API = "argoproj.io/v1alpha1";
/** Deleting an Application deletes what it deployed (Argo CD's cascading delete). */
const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";
/** Argo CD's monorepo setting: a commit refreshes only the Applications whose paths it touches. */
const MANIFEST_GENERATE_PATHS = "argocd.argoproj.io/manifest-generate-paths";

/**
 * argocd/: an AppProject that admits only this repository, the environments' namespaces on their clusters
 * and the kinds the tree renders, and one ApplicationSet per environment whose list generator makes an
 * Application per sync target. `kubectl apply -k argocd/` on the cluster Argo CD runs in.
 */
export function renderArgoCd(model: Model): GeneratedFile[] {
  const delivery = model.delivery;
  if (!delivery?.argocd) return [];
  // Only the environments on clusters Argo CD syncs: a Flux cluster's environments never reach argocd/.
  const environments = model.environments.filter((env) => syncedBy(delivery, env, "argocd"));
  if (environments.length === 0) return [];
  const header = renderHeader(model.origin);
  const files: GeneratedFile[] = [{ path: "argocd/appproject.yaml", content: header + stringifyYaml(appProject(model, delivery, environments)) }];
  for (const env of environments) {
    files.push({ path: `argocd/applicationset-${env.name}.yaml`, content: header + stringifyYaml(applicationSet(model, delivery, env)) });
  }
  const resources = files.map((f) => f.path.slice("argocd/".length));
  files.push({
    path: "argocd/kustomization.yaml",
    content: header + stringifyYaml({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources }),
  });
  return files;
}


function clusterOf(delivery: DeliveryModel, env: EnvironmentModel): ClusterModel {
  const cluster = delivery.clusters.find((c) => c.name === env.cluster);
  if (!cluster) throw new Error(`internal: environment ${env.name} runs on unknown cluster ${env.cluster}`);
  return cluster;
}

/** The Kubernetes API group of a rendered kind ("" for the core group). */
const GROUP_OF: Record<string, string> = {
  Deployment: "apps",
  StatefulSet: "apps",
  DaemonSet: "apps",
  Job: "batch",
  CronJob: "batch",
  ExternalSecret: "external-secrets.io",
  SealedSecret: "bitnami.com",
};

/** The namespaced kinds the apps render, as the project's whitelist. */
function namespacedKinds(apps: AppModel[], environments: EnvironmentModel[]): { group: string; kind: string }[] {
  const kinds = new Set<string>();
  for (const ea of environments.flatMap((e) => e.apps)) {
    for (const s of ea.secrets) kinds.add(s.source.kind === "externalSecret" ? "ExternalSecret" : "SealedSecret");
  }
  for (const app of apps) {
    kinds.add(app.kind);
    // A StatefulSet brings its headless Service; its claims are the controller's (created in the cluster, never synced).
    if (app.service || app.kind === "StatefulSet") kinds.add("Service");
    if (app.serviceAccount) kinds.add("ServiceAccount");
    if (app.config || app.configMaps.length > 0) kinds.add("ConfigMap");
  }
  return [...kinds].map((kind) => ({ group: GROUP_OF[kind] ?? "", kind })).sort((a, b) => cmp(`${a.group}/${a.kind}`, `${b.group}/${b.kind}`));
}

function appProject(model: Model, delivery: DeliveryModel, environments: EnvironmentModel[]): Record<string, unknown> {
  const destinations = environments.map((env) => ({ namespace: env.namespace, ...clusterOf(delivery, env).destination }));
  return {
    apiVersion: ARGOCD_API,
    kind: "AppProject",
    metadata: {
      name: model.project.name,
      namespace: delivery.argocd!.namespace,
      labels: deliveryLabels(model),
      // The project outlives its Applications: Argo CD refuses to delete it while they exist.
      finalizers: [RESOURCES_FINALIZER],
    },
    spec: {
      sourceRepos: [delivery.repoURL],
      destinations,
      clusterResourceWhitelist: environments.some((e) => e.createNamespace) ? [{ group: "", kind: "Namespace" }] : [],
      namespaceResourceWhitelist: namespacedKinds(model.apps, environments),
    },
  };
}

/**
 * The paths whose changes refresh a target's Application: its overlay (".") and the base it builds on, the
 * latter from the repository root (a leading "/"), as Argo CD reads manifest-generate-paths.
 */
function generatePaths(delivery: DeliveryModel, target: SyncTarget): string {
  return [".", ...target.sources.slice(1).map((p) => `/${repoRooted(delivery, p)}`)].join(";");
}

function applicationSet(model: Model, delivery: DeliveryModel, env: EnvironmentModel): Record<string, unknown> {
  const argocd = delivery.argocd!;
  const name = `${model.project.name}-${env.name}`;
  const elements = syncTargets(model, env).map((t) => ({ target: t.name, path: repoRooted(delivery, t.path), generatePaths: generatePaths(delivery, t) }));
  const syncOptions = [
    // The Namespace is a target of its own (overlays/<env>/namespace), with its Pod Security labels.
    "CreateNamespace=false",
    // Old objects go last, after the new ones are healthy.
    "PruneLast=true",
    "ServerSideApply=true",
  ];
  return {
    apiVersion: ARGOCD_API,
    kind: "ApplicationSet",
    metadata: { name, namespace: argocd.namespace, labels: deliveryLabels(model, env) },
    spec: {
      goTemplate: true,
      goTemplateOptions: ["missingkey=error"],
      generators: [{ list: { elements } }],
      template: {
        metadata: {
          name: `${name}-{{.target}}`,
          labels: deliveryLabels(model, env),
          annotations: { [MANIFEST_GENERATE_PATHS]: "{{.generatePaths}}" },
          finalizers: [RESOURCES_FINALIZER],
        },
        spec: {
          project: model.project.name,
          source: { repoURL: delivery.repoURL, targetRevision: delivery.revision, path: "{{.path}}" },
          destination: { ...clusterOf(delivery, env).destination, namespace: env.namespace },
          syncPolicy: {
            ...(env.sync.automated ? { automated: { prune: env.sync.prune, selfHeal: env.sync.selfHeal } } : {}),
            syncOptions,
            retry: { limit: argocd.retryLimit, backoff: { duration: "10s", factor: 2, maxDuration: "5m" } },
          },
          revisionHistoryLimit: argocd.revisionHistoryLimit,
        },
      },
    },
  };
}
