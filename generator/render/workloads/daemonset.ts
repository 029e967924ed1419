import type { AppModel } from "../../model/types.js";
import type { WorkloadParts } from "./index.js";

/** A DaemonSet: one pod per node (node agents); no replicas. */
export function daemonSetObject(app: AppModel, parts: WorkloadParts): Record<string, unknown> {
  if (app.workload.kind !== "DaemonSet") throw new Error(`internal: ${app.name} is not a DaemonSet`);
  const u = app.workload.updateStrategy;
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: parts.metadata,
    spec: {
      ...(u ? { updateStrategy: { type: u.type, ...(u.type === "RollingUpdate" && u.maxUnavailable !== undefined ? { rollingUpdate: { maxUnavailable: u.maxUnavailable } } : {}) } } : {}),
      revisionHistoryLimit: 5,
      selector: { matchLabels: app.selectorLabels },
      template: { metadata: parts.podMetadata, spec: parts.podSpec },
    },
  };
}
