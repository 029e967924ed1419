import type { Model } from "../model/types.js";

/**
 * The pod template annotation holding the sha256 of the config the pods read once. ConfigMaps keep stable
 * names (no kustomize hash suffix): Flux prunes a renamed ConfigMap as soon as the new one is applied
 * (fluxcd/flux2#3378), while pods of the old ReplicaSet may still restart against it. With a stable name
 * nothing is pruned, and the changed annotation rolls the pods under Argo CD and Flux alike.
 */
export const CONFIG_CHECKSUM = "checksum/config";
/** The same key as a JSON pointer segment (RFC 6901 escapes "/" as "~1"). */
export const CONFIG_CHECKSUM_PATH = "checksum~1config";

/** The pod template annotation holding the sha256 of the app's Secret sources in this environment. */
export const SECRETS_CHECKSUM = "checksum/secrets";

/** Argo CD applies lower waves first and waits for them to be healthy: namespace and config before workloads. */
export const ARGOCD_SYNC_WAVE = "argocd.argoproj.io/sync-wave";
const ARGOCD_SYNC_OPTIONS = "argocd.argoproj.io/sync-options";
const FLUX_PRUNE = "kustomize.toolkit.fluxcd.io/prune";

/** The wave of the objects a workload reads (ConfigMaps, ServiceAccount): before the workload's (0). */
export const CONFIG_WAVE = "-1";

/**
 * A Namespace is never deleted by a controller: deleting it deletes everything in it. Argo CD neither
 * prunes it nor deletes it with its Application; Flux does not prune it. Removing an environment leaves its
 * Namespace for a person to delete.
 */
export function namespaceProtection(model: Model): { annotations?: Record<string, string> } {
  const annotations: Record<string, string> = {};
  if (model.delivery?.argocd) {
    annotations[ARGOCD_SYNC_OPTIONS] = "Delete=false,Prune=false";
    annotations[ARGOCD_SYNC_WAVE] = "-2";
  }
  if (model.delivery?.flux) annotations[FLUX_PRUNE] = "disabled";
  return Object.keys(annotations).length > 0 ? { annotations } : {};
}

/** The sync-wave annotation of what a workload reads, under Argo CD; nothing without it. */
export function configWave(model: Model): { annotations?: Record<string, string> } {
  return model.delivery?.argocd ? { annotations: { [ARGOCD_SYNC_WAVE]: CONFIG_WAVE } } : {};
}
