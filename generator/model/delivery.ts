import { cmp } from "../diagnostics/diagnostic.js";
import type { SidecarGitopsConfiguration as GitopsConfig } from "../config/config-types.gen.js";
import type { ClusterModel, DeliveryModel, Engine, EnvironmentModel, SyncPolicyModel } from "./types.js";

type Report = (pointer: (string | number)[], message: string, hint: string, key?: boolean) => void;

/** The cluster every environment runs on when the config has no delivery section: the one Argo CD runs in. */
export const IN_CLUSTER = "in-cluster";
const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

/** Names under overlays/<env>/ that the generator takes for itself, so no app may have them. */
export const RESERVED_APP_NAMES = ["namespace"];

/**
 * The delivery section resolved: engines, clusters, and per environment its cluster and sync policy.
 * Checks what the schema cannot: an environment's cluster exists, and no two environments on one cluster
 * share a namespace (both would own its Namespace and Deployments, and two controllers would fight).
 */
export function buildDelivery(config: GitopsConfig, environments: EnvironmentModel[], report: Report, foundRepoPath = ""): DeliveryModel | undefined {
  const d = config.delivery;
  const clusterConfigs = d?.clusters ?? { [IN_CLUSTER]: {} };
  const clusterNames = Object.keys(clusterConfigs).sort(cmp);
  const defaultEngines: Engine[] = d?.engines ?? ["argocd", "flux"];
  // Once one cluster names its engine, every cluster must: a cluster left to a two-engine default would get
  // Argo CD and Flux objects both, and `kubectl apply -k argocd/` would hand it to Argo CD beside its Flux.
  const named = clusterNames.filter((n) => clusterConfigs[n]!.engine !== undefined);
  const clusters: ClusterModel[] = [];
  for (const name of clusterNames) {
    const c = clusterConfigs[name]!;
    if (c.server !== undefined && c.name !== undefined) {
      report(["delivery", "clusters", name, "name"], `cluster "${name}" sets both server and name`, "Argo CD reaches a cluster by its API server URL or by its registered name: keep one of server and name", true);
    }
    if (c.engine === undefined && named.length > 0 && defaultEngines.length > 1) {
      report(
        ["delivery", "clusters", name],
        `cluster "${name}" names no engine while ${named.map((n) => `"${n}"`).join(", ")} ${named.length === 1 ? "does" : "do"}: it would be synced by both Argo CD and Flux`,
        `add \`engine: argocd\` or \`engine: flux\` under delivery.clusters.${name} (or set delivery.engines to the one engine the others use)`,
        true,
      );
    }
    const engines = c.engine !== undefined ? [c.engine] : defaultEngines;
    clusters.push({ name, destination: c.name !== undefined ? { name: c.name } : { server: c.server ?? IN_CLUSTER_SERVER }, engines });
  }

  const byPlace = new Map<string, string>();
  for (const env of environments) {
    const e = config.environments?.[env.name] ?? {};
    const at = (...rest: string[]) => ["environments", env.name, ...rest];
    if (e.cluster !== undefined) {
      if (!clusterNames.includes(e.cluster)) {
        report(at("cluster"), `environment "${env.name}" runs on unknown cluster "${e.cluster}"`, `use one of: ${clusterNames.join(", ")}${d ? "" : " (add delivery.clusters to name others)"}`);
      }
      env.cluster = e.cluster;
    } else if (clusterNames.length === 1) {
      env.cluster = clusterNames[0]!;
    } else {
      report(at(), `environment "${env.name}" does not say which cluster it runs on`, `add \`cluster: <name>\` under environments.${env.name}, one of: ${clusterNames.join(", ")}`, true);
    }
    env.sync = syncPolicy(e.sync);
    const place = `${env.cluster}/${env.namespace}`;
    const other = byPlace.get(place);
    if (other !== undefined) {
      report(
        e.namespace !== undefined ? at("namespace") : at(),
        `environments "${other}" and "${env.name}" both use namespace "${env.namespace}" on cluster "${env.cluster}": both would own its Namespace and workloads`,
        `give environments.${env.name}.namespace another name${clusterNames.length > 1 ? ", or run it on another cluster" : ""}`,
        e.namespace === undefined,
      );
    } else {
      byPlace.set(place, env.name);
    }
  }
  (config.promotion ?? []).forEach((name, i) => {
    if (!environments.some((e) => e.name === name)) {
      report(["promotion", i], `the promotion order names unknown environment "${name}"`, `use one of: ${environments.map((e) => e.name).join(", ")}`);
    }
  });
  if (!d) return undefined;

  const used = new Set(environments.map((e) => e.cluster));
  const usedClusters = clusters.filter((c) => used.has(c.name));
  const engines = new Set(usedClusters.flatMap((c) => c.engines));
  return {
    repoURL: d.repoURL,
    revision: d.revision ?? "main",
    repoPath: repoPathOf(d.path, foundRepoPath, report),
    ...(engines.has("argocd")
      ? { argocd: { namespace: d.argocd?.namespace ?? "argocd", retryLimit: d.argocd?.retryLimit ?? 5, revisionHistoryLimit: d.argocd?.revisionHistoryLimit ?? 10 } }
      : {}),
    ...(engines.has("flux")
      ? {
          flux: {
            gitRepository: d.flux?.gitRepository ?? "bootstrap",
            interval: d.flux?.interval ?? "10m",
            retryInterval: d.flux?.retryInterval ?? "2m",
            timeout: d.flux?.timeout ?? "5m",
          },
        }
      : {}),
    clusters: usedClusters,
  };
}

/**
 * The tree's path in the Git repository: delivery.path as written, else what the CLI found from --out.
 * A `.` or `..` segment would name another folder than the one rendered, so it is refused.
 */
function repoPathOf(configured: string | undefined, found: string, report: Report): string {
  if (configured === undefined) return found;
  if (configured.split("/").some((seg) => seg === "." || seg === "..")) {
    report(["delivery", "path"], `delivery.path "${configured}" has a "." or ".." segment`, "write the folder's path from the repository root, e.g. deploy/gitops");
  }
  return configured;
}

/** A path in the rendered tree as the controllers read it: from the Git repository's root. */
export function repoRooted(delivery: DeliveryModel, path: string): string {
  return delivery.repoPath === "" ? path : `${delivery.repoPath}/${path}`;
}

/** Whether an environment's cluster is synced by the engine. */
export function syncedBy(delivery: DeliveryModel, env: EnvironmentModel, engine: Engine): boolean {
  return delivery.clusters.some((c) => c.name === env.cluster && c.engines.includes(engine));
}

function syncPolicy(s: { automated?: boolean; prune?: boolean; selfHeal?: boolean } | undefined): SyncPolicyModel {
  return { automated: s?.automated ?? true, prune: s?.prune ?? true, selfHeal: s?.selfHeal ?? true };
}
