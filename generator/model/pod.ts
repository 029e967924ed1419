import type { PodSettings, Rollout } from "../config/config-types.gen.js";
import { sortRecord } from "./container.js";
import type { PodSettingsModel, RolloutModel } from "./types.js";

/** A Deployment keeps 5 old ReplicaSets unless told otherwise (Kubernetes' default is 10: rollbacks rarely go further). */
export const DEFAULT_REVISION_HISTORY_LIMIT = 5;

/**
 * The pod-level settings of apps[].pod (or of an environment's override of them), as the model keeps them:
 * only what the config states, user maps sorted by key. Workload-kind fields (a StatefulSet's or a Job's) live
 * with their kind; these apply to the pod template whatever the kind.
 */
export function podSettings(p: PodSettings | undefined): PodSettingsModel {
  if (!p) return {};
  return {
    ...(p.imagePullSecrets ? { imagePullSecrets: [...p.imagePullSecrets] } : {}),
    ...(p.nodeSelector ? { nodeSelector: sortRecord(p.nodeSelector) } : {}),
    ...(p.tolerations ? { tolerations: p.tolerations.map((t) => ({ ...t })) } : {}),
    ...(p.affinity ? { affinity: p.affinity as Record<string, unknown> } : {}),
    ...(p.topologySpreadConstraints ? { topologySpreadConstraints: p.topologySpreadConstraints as Record<string, unknown>[] } : {}),
    ...(p.priorityClassName !== undefined ? { priorityClassName: p.priorityClassName } : {}),
    ...(p.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: p.terminationGracePeriodSeconds } : {}),
  };
}

/** apps[].rollout with its defaults. */
export function rolloutOf(r: Rollout | undefined): RolloutModel {
  return { ...rolloutOverride(r), revisionHistoryLimit: r?.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT };
}

/** An environment's rollout override: only what it states. */
export function rolloutOverride(r: Rollout | undefined): Partial<RolloutModel> {
  if (!r) return {};
  return {
    ...(r.maxSurge !== undefined ? { maxSurge: r.maxSurge } : {}),
    ...(r.maxUnavailable !== undefined ? { maxUnavailable: r.maxUnavailable } : {}),
    ...(r.minReadySeconds !== undefined ? { minReadySeconds: r.minReadySeconds } : {}),
    ...(r.revisionHistoryLimit !== undefined ? { revisionHistoryLimit: r.revisionHistoryLimit } : {}),
  };
}

/** The pod settings one environment runs: its override over the app's, key by key (nodeSelector label by label). */
export function mergePodSettings(base: PodSettingsModel, over: PodSettingsModel): PodSettingsModel {
  const merged: PodSettingsModel = { ...base, ...over };
  if (base.nodeSelector && over.nodeSelector) merged.nodeSelector = sortRecord({ ...base.nodeSelector, ...over.nodeSelector });
  return merged;
}
