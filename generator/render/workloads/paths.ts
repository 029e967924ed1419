import type { WorkloadKind } from "../../model/types.js";

/**
 * Where each kind keeps its pod template, as JSON-pointer prefixes: the overlay's patches and the config
 * policy's mapping back to the config both address the pod through these.
 */
const POD_TEMPLATE: Record<WorkloadKind, string | undefined> = {
  Deployment: "/spec/template",
  StatefulSet: "/spec/template",
  DaemonSet: "/spec/template",
  Job: "/spec/template",
  CronJob: "/spec/jobTemplate/spec/template",
  Pod: undefined,
};

/** The pod spec of a workload of this kind. */
export function podSpecPointer(kind: WorkloadKind): string {
  const t = POD_TEMPLATE[kind];
  return t === undefined ? "/spec" : `${t}/spec`;
}

/** The pod's metadata in a workload of this kind (a bare Pod's own metadata). */
export function podMetadataPointer(kind: WorkloadKind): string {
  const t = POD_TEMPLATE[kind];
  return t === undefined ? "/metadata" : `${t}/metadata`;
}

/** Whether the kind has a pod template (every kind but a bare Pod). */
export function hasPodTemplate(kind: WorkloadKind): boolean {
  return POD_TEMPLATE[kind] !== undefined;
}

/** apiVersion of each kind. */
export const API_VERSION: Record<WorkloadKind, string> = {
  Deployment: "apps/v1",
  StatefulSet: "apps/v1",
  DaemonSet: "apps/v1",
  Job: "batch/v1",
  CronJob: "batch/v1",
  Pod: "v1",
};

/**
 * A strategic-merge patch of the workload that puts `pod` (a pod template's `metadata` and/or `spec`) where
 * this kind keeps its pod; for a bare Pod, `pod`'s metadata and spec are the Pod's own.
 */
export function podTemplatePatch(kind: WorkloadKind, name: string, pod: { metadata?: Record<string, unknown>; spec?: Record<string, unknown> }): Record<string, unknown> {
  const head = { apiVersion: API_VERSION[kind], kind };
  if (kind === "Pod") return { ...head, metadata: { name, ...(pod.metadata ?? {}) }, ...(pod.spec ? { spec: pod.spec } : {}) };
  const template = pod;
  if (kind === "CronJob") return { ...head, metadata: { name }, spec: { jobTemplate: { spec: { template } } } };
  return { ...head, metadata: { name }, spec: { template } };
}
