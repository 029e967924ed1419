import { createHash } from "node:crypto";
import { cmp } from "../diagnostics/diagnostic.js";
import { repoRooted } from "../model/delivery.js";
import type { DeliveryModel, EnvironmentModel, Model } from "../model/types.js";
import { stringifyYaml, stringifyYamlDocuments } from "../serialize/yaml.js";
import type { GeneratedFile } from "./generated-file.js";
import { renderHeader } from "./header.js";
import { deliveryLabels, syncTargets, type SyncTarget } from "./targets.js";

const KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1";
const SOURCE_API = "source.toolkit.fluxcd.io/v1";
const FLUX_NAMESPACE = "flux-system";
const KUSTOMIZATION = { apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization" } as const;

/**
 * Apps are spread over this many shard directories per environment, by a hash of their name. A shard's
 * Kustomization applies the app Kustomizations in it, so no kustomize build holds more than a shard
 * (kustomize's cost grows quadratically with the objects of one build). The count is fixed: an app never
 * moves to another shard, where the old shard's prune would delete it before the new one creates it.
 */
export const FLUX_SHARDS = 16;

/** The shard of an app: the first hex digit of sha256(name) (stable across runs, machines and fleet sizes). */
export function fluxShard(app: string): string {
  return `apps-${createHash("sha256").update(app).digest("hex")[0]!}`;
}

/**
 * clusters/<cluster>/<project>/: what the Flux on each cluster syncs. `flux bootstrap --path=clusters/<cluster>`
 * makes Flux reconcile clusters/<cluster>/, which holds flux-system/ (written by bootstrap) and this
 * directory. clusters/<cluster>/ itself has no kustomization.yaml on purpose: Flux builds that directory the
 * way `kustomize create --autodetect --recursive` does, and a kustomization.yaml there that left out
 * flux-system/ would make Flux prune itself.
 *
 * In the project directory, per environment: a Kustomization for the Namespace target and one per shard,
 * which applies <env>/<shard>/apps.yaml: a Kustomization per app, depending on the Namespace's.
 */
export function renderFlux(model: Model): GeneratedFile[] {
  const delivery = model.delivery;
  if (!delivery?.flux) return [];
  const header = renderHeader(model.origin);
  const files: GeneratedFile[] = [];
  // Only the clusters Flux syncs: an Argo CD cluster gets no clusters/<name>/ folder.
  for (const cluster of delivery.clusters.filter((c) => c.engines.includes("flux"))) {
    const root = `clusters/${cluster.name}/${model.project.name}`;
    const resources: string[] = [];
    const add = (name: string, obj: unknown) => {
      files.push({ path: `${root}/${name}`, content: header + stringifyYaml(obj) });
      resources.push(name);
    };
    if (delivery.flux.gitRepository === "generate") {
      add("gitrepository.yaml", gitRepository(model, delivery));
      // Applied once by hand (`kubectl apply -k`); from then on Flux keeps this directory in sync itself.
      add("sync.yaml", kustomization(model, delivery, { name: model.project.name, path: root, prune: true, wait: false }));
    }
    for (const env of model.environments.filter((e) => e.cluster === cluster.name)) {
      const targets = syncTargets(model, env);
      // One file per environment: its Namespace's Kustomization and one per shard.
      const envObjects: unknown[] = [];
      const byShard = new Map<string, SyncTarget[]>();
      for (const t of targets) {
        if (t.kind === "namespace") {
          envObjects.push(targetKustomization(model, delivery, env, t));
          continue;
        }
        const shard = fluxShard(t.name);
        byShard.set(shard, [...(byShard.get(shard) ?? []), t]);
      }
      for (const shard of [...byShard.keys()].sort(cmp)) {
        const dir = `${env.name}/${shard}`;
        // The shard only applies app Kustomizations; each of those waits for its own workloads.
        envObjects.push(kustomization(model, delivery, { name: `${model.project.name}-${env.name}-${shard}`, path: `${root}/${dir}`, prune: true, wait: false, env }));
        // One file per shard: a Kustomization per app, so the tree grows by objects, not by files.
        const members = byShard.get(shard)!;
        files.push({
          path: `${root}/${dir}/apps.yaml`,
          content: header + stringifyYamlDocuments(members.map((t) => targetKustomization(model, delivery, env, t))),
        });
        files.push({ path: `${root}/${dir}/kustomization.yaml`, content: header + stringifyYaml({ ...KUSTOMIZATION, resources: ["apps.yaml"] }) });
      }
      // Inside the environment's folder, so no environment name can meet another file's name.
      files.push({ path: `${root}/${env.name}/kustomizations.yaml`, content: header + stringifyYamlDocuments(envObjects) });
      resources.push(`${env.name}/kustomizations.yaml`);
    }
    files.push({ path: `${root}/kustomization.yaml`, content: header + stringifyYaml({ ...KUSTOMIZATION, resources }) });
  }
  return files;
}

function sourceName(model: Model, delivery: DeliveryModel): string {
  return delivery.flux!.gitRepository === "generate" ? model.project.name : FLUX_NAMESPACE;
}

function gitRepository(model: Model, delivery: DeliveryModel): Record<string, unknown> {
  return {
    apiVersion: SOURCE_API,
    kind: "GitRepository",
    metadata: { name: model.project.name, namespace: FLUX_NAMESPACE, labels: deliveryLabels(model) },
    spec: { interval: "1m", url: delivery.repoURL, ref: { branch: delivery.revision } },
  };
}


/** The Flux Kustomization of one sync target: the app's (or Namespace's) overlay, in the environment's sync policy. */
function targetKustomization(model: Model, delivery: DeliveryModel, env: EnvironmentModel, t: SyncTarget): Record<string, unknown> {
  const prefix = `${model.project.name}-${env.name}`;
  return kustomization(model, delivery, {
    name: `${prefix}-${t.name}`,
    path: t.path,
    // A Namespace is never pruned (its objects carry kustomize.toolkit.fluxcd.io/prune: disabled too).
    prune: t.kind === "app" && env.sync.prune,
    wait: true,
    env,
    ...(t.dependsOn ? { dependsOn: `${prefix}-${t.dependsOn}` } : {}),
  });
}

interface KustomizationOptions {
  name: string;
  path: string;
  prune: boolean;
  wait: boolean;
  env?: EnvironmentModel;
  dependsOn?: string;
}

function kustomization(model: Model, delivery: DeliveryModel, o: KustomizationOptions): Record<string, unknown> {
  const flux = delivery.flux!;
  return {
    apiVersion: KUSTOMIZE_API,
    kind: "Kustomization",
    metadata: { name: o.name, namespace: FLUX_NAMESPACE, labels: deliveryLabels(model, o.env) },
    spec: {
      ...(o.dependsOn ? { dependsOn: [{ name: o.dependsOn }] } : {}),
      interval: flux.interval,
      retryInterval: flux.retryInterval,
      timeout: flux.timeout,
      // From the Git repository's root, where the GitRepository's artifact starts.
      path: `./${repoRooted(delivery, o.path)}`,
      prune: o.prune,
      wait: o.wait,
      sourceRef: { kind: "GitRepository", name: sourceName(model, delivery) },
      // Flux has no manual sync: an environment that is not automated is suspended until `flux resume`.
      ...(o.env && !o.env.sync.automated ? { suspend: true } : {}),
    },
  };
}
