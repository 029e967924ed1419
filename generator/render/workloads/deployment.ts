import type { AppModel, RolloutModel } from "../../model/types.js";
import type { WorkloadParts } from "./index.js";

/** A Deployment: replicas, a selector on the immutable labels, and the pod template. */
export function deploymentObject(app: AppModel, parts: WorkloadParts): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: parts.metadata,
    spec: {
      replicas: app.replicas,
      revisionHistoryLimit: app.rollout.revisionHistoryLimit,
      ...(app.rollout.minReadySeconds !== undefined ? { minReadySeconds: app.rollout.minReadySeconds } : {}),
      ...rolloutStrategy(app.rollout),
      selector: { matchLabels: app.selectorLabels },
      template: { metadata: parts.podMetadata, spec: parts.podSpec },
    },
  };
}

/** A Deployment's strategy when the config sets maxSurge or maxUnavailable (otherwise the API server's default). */
export function rolloutStrategy(r: Partial<RolloutModel>): Record<string, unknown> {
  if (r.maxSurge === undefined && r.maxUnavailable === undefined) return {};
  return {
    strategy: {
      type: "RollingUpdate",
      rollingUpdate: { ...(r.maxSurge !== undefined ? { maxSurge: r.maxSurge } : {}), ...(r.maxUnavailable !== undefined ? { maxUnavailable: r.maxUnavailable } : {}) },
    },
  };
}
