import type { AppModel } from "../../model/types.js";
import type { WorkloadParts } from "./index.js";

/** A Deployment: replicas, a selector on the immutable labels, and the pod template. */
export function deploymentObject(app: AppModel, parts: WorkloadParts): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: parts.metadata,
    spec: {
      replicas: app.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: app.selectorLabels },
      template: { metadata: parts.podMetadata, spec: parts.podSpec },
    },
  };
}
