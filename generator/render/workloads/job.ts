import type { AppModel } from "../../model/types.js";
import type { JobModel } from "../../model/workload-kind.js";
import type { WorkloadParts } from "./index.js";

/**
 * A Job. Its name in the base is the app's; each environment's overlay renames it to <app>-<hash> (see
 * model/workload-kind.ts `jobName`), since its pod template cannot change after creation.
 */
export function jobObject(app: AppModel, parts: WorkloadParts): Record<string, unknown> {
  if (app.workload.kind !== "Job") throw new Error(`internal: ${app.name} is not a Job`);
  return { apiVersion: "batch/v1", kind: "Job", metadata: parts.metadata, spec: jobSpec(app.workload.job, parts) };
}

/** A CronJob: its schedule, and a Job template as a Job app renders its spec. */
export function cronJobObject(app: AppModel, parts: WorkloadParts): Record<string, unknown> {
  if (app.workload.kind !== "CronJob") throw new Error(`internal: ${app.name} is not a CronJob`);
  const c = app.workload.cronJob;
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: parts.metadata,
    spec: {
      schedule: c.schedule,
      ...(c.timeZone !== undefined ? { timeZone: c.timeZone } : {}),
      ...(c.concurrencyPolicy !== undefined ? { concurrencyPolicy: c.concurrencyPolicy } : {}),
      ...(c.startingDeadlineSeconds !== undefined ? { startingDeadlineSeconds: c.startingDeadlineSeconds } : {}),
      ...(c.successfulJobsHistoryLimit !== undefined ? { successfulJobsHistoryLimit: c.successfulJobsHistoryLimit } : {}),
      ...(c.failedJobsHistoryLimit !== undefined ? { failedJobsHistoryLimit: c.failedJobsHistoryLimit } : {}),
      ...(c.suspend !== undefined ? { suspend: c.suspend } : {}),
      jobTemplate: { metadata: { labels: app.labels }, spec: jobSpec(app.workload.job, parts) },
    },
  };
}

/** The Job's spec: its limits, then the pod template with the restartPolicy a Job needs (OnFailure or Never). */
function jobSpec(job: JobModel, parts: WorkloadParts): Record<string, unknown> {
  return {
    ...(job.backoffLimit !== undefined ? { backoffLimit: job.backoffLimit } : {}),
    ...(job.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: job.activeDeadlineSeconds } : {}),
    ...(job.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: job.ttlSecondsAfterFinished } : {}),
    ...(job.completions !== undefined ? { completions: job.completions } : {}),
    ...(job.parallelism !== undefined ? { parallelism: job.parallelism } : {}),
    ...(job.podFailurePolicy ? { podFailurePolicy: job.podFailurePolicy } : {}),
    template: { metadata: parts.podMetadata, spec: { ...parts.podSpec, restartPolicy: job.restartPolicy } },
  };
}
