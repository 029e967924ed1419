/**
 * The app's workload, by kind: one renderer per kind, each fed by the model's pod parts (metadata, pod
 * template metadata, pod spec) and the kind's own fields (model/workload-kind.ts).
 */
import type { AppModel } from "../../model/types.js";
import { daemonSetObject } from "./daemonset.js";
import { deploymentObject } from "./deployment.js";
import { cronJobObject, jobObject } from "./job.js";
import { headlessServiceObject, statefulSetObject } from "./statefulset.js";

export interface WorkloadParts {
  /** The workload's own metadata. */
  metadata: Record<string, unknown>;
  /** The pod template's metadata (a bare Pod's metadata, with its name). */
  podMetadata: Record<string, unknown>;
  podSpec: Record<string, unknown>;
}

/** The file name and object of the app's workload. */
export function workloadObject(app: AppModel, parts: WorkloadParts): { file: string; object: Record<string, unknown> } {
  switch (app.kind) {
    case "Deployment":
      return { file: "deployment.yaml", object: deploymentObject(app, parts) };
    case "StatefulSet":
      return { file: "statefulset.yaml", object: statefulSetObject(app, parts) };
    case "DaemonSet":
      return { file: "daemonset.yaml", object: daemonSetObject(app, parts) };
    case "Job":
      return { file: "job.yaml", object: jobObject(app, parts) };
    case "CronJob":
      return { file: "cronjob.yaml", object: cronJobObject(app, parts) };
    case "Pod":
      return { file: "pod.yaml", object: { apiVersion: "v1", kind: "Pod", metadata: parts.podMetadata, spec: parts.podSpec } };
  }
}

/** Objects the kind brings along: a StatefulSet's headless Service. */
export function companionObjects(app: AppModel, metadata: (name: string) => Record<string, unknown>): { file: string; object: Record<string, unknown> }[] {
  if (app.workload.kind !== "StatefulSet") return [];
  return [{ file: "service-headless.yaml", object: headlessServiceObject(app, metadata(app.workload.statefulSet.serviceName)) }];
}

/**
 * The workload as the policy and the API server's rules see a pod (config-policy.ts): its pod spec where
 * the kind keeps it, and what a Job's pod needs (restartPolicy); no selector or labels.
 */
export function workloadSketch(app: AppModel, metadata: Record<string, unknown>, podSpec: Record<string, unknown>): Record<string, unknown> {
  const parts: WorkloadParts = { metadata, podMetadata: app.kind === "Pod" ? metadata : {}, podSpec };
  return workloadObject(app, parts).object;
}

export { API_VERSION, hasPodTemplate, podMetadataPointer, podSpecPointer, podTemplatePatch } from "./paths.js";
