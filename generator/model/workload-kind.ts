/**
 * The workload kind of an app and the fields only that kind has (apps[].statefulSet, job, cronJob, daemonSet),
 * resolved and checked. Pod-level fields (containers, volumes, security) are the same for every kind and live
 * in build-model.ts and container.ts; this module only says what differs between kinds.
 */
import { createHash } from "node:crypto";
import { quantityString } from "../values/quantity.js";
import type { App, AppOverride } from "../config/config-types.gen.js";

/** Every kind apps[].kind accepts, in the order the docs list them. */
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The config key of each kind's own fields. */
const KIND_SECTIONS = { statefulSet: ["StatefulSet"], daemonSet: ["DaemonSet"], job: ["Job", "CronJob"], cronJob: ["CronJob"] } as const satisfies Record<string, readonly WorkloadKind[]>;

export interface ClaimTemplateModel {
  name: string;
  size: string;
  storageClassName?: string;
  accessModes: string[];
}

export interface PodFailureRuleModel {
  action: "FailJob" | "Ignore" | "Count";
  onExitCodes?: { containerName?: string; operator: "In" | "NotIn"; values: number[] };
  onPodConditions?: { type: string; status: string }[];
}

export interface JobModel {
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  completions?: number;
  parallelism?: number;
  restartPolicy: "OnFailure" | "Never";
  podFailurePolicy?: { rules: PodFailureRuleModel[] };
}

export interface CronJobModel {
  schedule: string;
  timeZone?: string;
  concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
  startingDeadlineSeconds?: number;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  suspend?: boolean;
}

export interface StatefulSetModel {
  /** The governing headless Service, rendered with the app. */
  serviceName: string;
  podManagementPolicy: "OrderedReady" | "Parallel";
  updateStrategy: { type: "RollingUpdate" | "OnDelete"; partition?: number };
  persistentVolumeClaimRetentionPolicy?: { whenDeleted: "Retain" | "Delete"; whenScaled: "Retain" | "Delete" };
  volumeClaimTemplates: ClaimTemplateModel[];
}

/** What the app's kind renders beyond the pod template. */
export type WorkloadModel =
  | { kind: "Deployment" }
  | { kind: "Pod" }
  | { kind: "StatefulSet"; statefulSet: StatefulSetModel }
  | { kind: "DaemonSet"; updateStrategy?: { type: "RollingUpdate" | "OnDelete"; maxUnavailable?: number } }
  | { kind: "Job"; job: JobModel }
  | { kind: "CronJob"; job: JobModel; cronJob: CronJobModel };

/** One environment's changes to the kind's own fields (apps.<app> under environments.<env>). */
export interface EnvironmentWorkloadModel {
  /** StatefulSet: claim templates whose size or class differ here, in the app's order. */
  claims?: { name: string; size?: string; storageClassName?: string }[];
  /** CronJob: schedule and suspend as this environment runs them, where they differ from the app's. */
  cronJob?: { schedule?: string; suspend?: boolean };
  /**
   * Job: its name in this environment, `<app>-<hash>`. A Job's pod template is immutable, so a change to
   * it gives the Job a new name: the controllers create the new Job and prune the old (README "Jobs").
   */
  jobName?: string;
}

type Report = (pointer: (string | number)[], message: string, hint: string, key?: boolean) => void;

/** Kinds that keep a replica count (kustomize's replicas transformer and environments' replicas). */
export function hasReplicas(kind: WorkloadKind): boolean {
  return kind === "Deployment" || kind === "StatefulSet";
}

/** Kinds whose pods run to completion: no default Service or probes, and sidecars only native. */
export function runsToCompletion(kind: WorkloadKind): boolean {
  return kind === "Job" || kind === "CronJob";
}

/** The kind's own fields, checked against the kind (a section of another kind is refused where it is written). */
export function buildWorkload(app: App, at: (...rest: (string | number)[]) => (string | number)[], report: Report): WorkloadModel {
  const kind: WorkloadKind = app.kind ?? "Deployment";
  for (const [section, kinds] of Object.entries(KIND_SECTIONS)) {
    if (app[section as keyof typeof KIND_SECTIONS] !== undefined && !(kinds as readonly string[]).includes(kind)) {
      report(at(section), `${section} is for kind ${kinds.join(" or ")}; app "${app.name}" is a ${kind}`, `remove ${section}, or set kind: ${kinds[0]}`, true);
    }
  }
  if (app.replicas !== undefined && app.replicas !== 1 && !hasReplicas(kind)) {
    report(at("replicas"), kind === "Pod" ? `a Pod app runs exactly one pod; replicas is ${app.replicas}` : `a ${kind} app has no replica count; replicas is ${app.replicas}`, kind === "Pod" ? "use kind: Deployment for replicas, or remove replicas" : kind === "DaemonSet" ? "remove replicas: a DaemonSet runs one pod per node" : "remove replicas (job.parallelism and job.completions say how many pods a Job runs)");
  }
  switch (kind) {
    case "Deployment":
    case "Pod":
      return { kind };
    case "StatefulSet":
      return { kind, statefulSet: buildStatefulSet(app, at, report) };
    case "DaemonSet": {
      const u = app.daemonSet?.updateStrategy;
      if (u?.type === "OnDelete" && u.maxUnavailable !== undefined) {
        report(at("daemonSet", "updateStrategy", "maxUnavailable"), "maxUnavailable applies to RollingUpdate only", "remove maxUnavailable, or use type: RollingUpdate", true);
      }
      return u ? { kind, updateStrategy: { type: u.type ?? "RollingUpdate", ...(u.maxUnavailable !== undefined ? { maxUnavailable: u.maxUnavailable } : {}) } } : { kind };
    }
    case "Job":
      if (app.job?.ttlSecondsAfterFinished !== undefined) {
        report(
          at("job", "ttlSecondsAfterFinished"),
          "a Job synced from Git that the TTL controller deletes is re-created by Argo CD (self-heal) or Flux (every interval) and runs again",
          "remove ttlSecondsAfterFinished (the finished Job stays until its spec changes, then the controllers prune it), or use kind: CronJob, whose Jobs are not synced",
          true,
        );
      }
      return { kind, job: buildJob(app, at, report) };
    case "CronJob": {
      const c = app.cronJob;
      if (!c) {
        report(at("kind"), `a CronJob needs a schedule`, `add cronJob: { schedule: "0 3 * * *" } to app "${app.name}"`);
      }
      // The controller names each Job <cronjob>-<minutes since epoch>: 11 characters more, within a 63-character label.
      if (app.name.length > 52) {
        report(at("name"), `a CronJob's name is at most 52 characters; "${app.name}" has ${app.name.length}`, "shorten the app name (the controller appends 11 characters to name each Job)");
      }
      return {
        kind,
        job: buildJob(app, at, report),
        cronJob: {
          schedule: c?.schedule ?? "",
          ...pick(c ?? { schedule: "" }, ["timeZone", "concurrencyPolicy", "startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit", "suspend"]),
        },
      };
    }
  }
}

function buildStatefulSet(app: App, at: (...rest: (string | number)[]) => (string | number)[], report: Report): StatefulSetModel {
  const s = app.statefulSet ?? {};
  const serviceName = s.serviceName ?? headlessName(app.name);
  const claims = (s.volumeClaimTemplates ?? []).map((c) => ({
    name: c.name,
    size: quantityString(c.size),
    ...(c.storageClassName !== undefined ? { storageClassName: c.storageClassName } : {}),
    accessModes: c.accessModes ?? ["ReadWriteOnce"],
  }));
  const seen = new Set<string>();
  claims.forEach((c, ci) => {
    if (seen.has(c.name)) report(at("statefulSet", "volumeClaimTemplates", ci, "name"), `duplicate claim template name "${c.name}"`, "give each claim template a unique name");
    seen.add(c.name);
    if ((app.volumes ?? []).some((v) => v.name === c.name)) {
      report(at("statefulSet", "volumeClaimTemplates", ci, "name"), `claim template "${c.name}" has the name of a volume in apps[].volumes`, "rename one of them: mounts name either a volume or a claim template");
    }
  });
  if (s.updateStrategy?.type === "OnDelete" && s.updateStrategy.partition !== undefined) {
    report(at("statefulSet", "updateStrategy", "partition"), "partition applies to RollingUpdate only", "remove partition, or use type: RollingUpdate", true);
  }
  const retention = s.persistentVolumeClaimRetentionPolicy;
  return {
    serviceName,
    podManagementPolicy: s.podManagementPolicy ?? "OrderedReady",
    updateStrategy: { type: s.updateStrategy?.type ?? "RollingUpdate", ...(s.updateStrategy?.partition !== undefined ? { partition: s.updateStrategy.partition } : {}) },
    ...(retention ? { persistentVolumeClaimRetentionPolicy: { whenDeleted: retention.whenDeleted ?? "Retain", whenScaled: retention.whenScaled ?? "Retain" } } : {}),
    volumeClaimTemplates: claims,
  };
}

/** The default name of a StatefulSet's governing Service: the app's name, cut to leave room for "-headless". */
export function headlessName(app: string): string {
  return `${app.slice(0, 63 - "-headless".length).replace(/-+$/, "")}-headless`;
}

function buildJob(app: App, at: (...rest: (string | number)[]) => (string | number)[], report: Report): JobModel {
  const j = app.job ?? {};
  const rules = j.podFailurePolicy?.rules ?? [];
  rules.forEach((r, ri) => {
    const where = at("job", "podFailurePolicy", "rules", ri);
    if ((r.onExitCodes === undefined) === (r.onPodConditions === undefined)) {
      report(where, "a pod failure rule needs exactly one of onExitCodes and onPodConditions", "write onExitCodes: { operator: In, values: [42] } or onPodConditions: [{ type: DisruptionTarget }]");
    }
    if (r.onExitCodes?.operator === "In" && r.onExitCodes.values.includes(0)) {
      report(at("job", "podFailurePolicy", "rules", ri, "onExitCodes", "values"), "exit code 0 is success and cannot be matched with operator In", "remove 0 from values");
    }
    const names = [app.main.name, ...(app.sidecars ?? []).map((s) => s.name ?? s.type)];
    if (r.onExitCodes?.containerName !== undefined && !names.includes(r.onExitCodes.containerName)) {
      report(at("job", "podFailurePolicy", "rules", ri, "onExitCodes", "containerName"), `app "${app.name}" has no container "${r.onExitCodes.containerName}"`, `use one of: ${names.join(", ")}`);
    }
  });
  if (rules.length > 0 && j.restartPolicy === "OnFailure") {
    report(at("job", "restartPolicy"), "a podFailurePolicy needs the pod's restartPolicy to be Never", "write restartPolicy: Never, or remove the line (Never is the default with a podFailurePolicy)");
  }
  return {
    ...pick(j, ["backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished", "completions", "parallelism"]),
    restartPolicy: j.restartPolicy ?? (rules.length > 0 ? "Never" : "OnFailure"),
    ...(rules.length > 0
      ? {
          podFailurePolicy: {
            rules: rules.map((r) => ({
              action: r.action,
              ...(r.onExitCodes ? { onExitCodes: { ...(r.onExitCodes.containerName !== undefined ? { containerName: r.onExitCodes.containerName } : {}), operator: r.onExitCodes.operator, values: [...r.onExitCodes.values] } } : {}),
              ...(r.onPodConditions ? { onPodConditions: r.onPodConditions.map((c) => ({ type: c.type, status: c.status ?? "True" })) } : {}),
            })),
          },
        }
      : {}),
  };
}

/**
 * One environment's overrides of the kind's own fields (apps.<app> under environments.<env>), checked
 * against the app's kind and claim templates.
 */
export function buildEnvironmentWorkload(
  workload: WorkloadModel,
  appName: string,
  o: AppOverride,
  at: (...rest: (string | number)[]) => (string | number)[],
  report: Report,
): EnvironmentWorkloadModel {
  const out: EnvironmentWorkloadModel = {};
  const claimOverrides = o.volumeClaimTemplates ?? {};
  if (Object.keys(claimOverrides).length > 0) {
    if (workload.kind !== "StatefulSet") {
      report(at("volumeClaimTemplates"), `app "${appName}" is a ${workload.kind}: only a StatefulSet has claim templates`, "remove volumeClaimTemplates", true);
    } else {
      const known = workload.statefulSet.volumeClaimTemplates;
      for (const name of Object.keys(claimOverrides)) {
        if (!known.some((c) => c.name === name)) {
          report(at("volumeClaimTemplates", name), `app "${appName}" has no claim template "${name}"`, known.length ? `use one of: ${known.map((c) => c.name).join(", ")}` : "declare it under statefulSet.volumeClaimTemplates first", true);
        }
      }
      const claims = known.flatMap((c) => {
        const v = claimOverrides[c.name];
        if (!v) return [];
        const size = v.size !== undefined && quantityString(v.size) !== c.size ? { size: quantityString(v.size) } : {};
        const cls = v.storageClassName !== undefined && v.storageClassName !== c.storageClassName ? { storageClassName: v.storageClassName } : {};
        return Object.keys(size).length + Object.keys(cls).length > 0 ? [{ name: c.name, ...size, ...cls }] : [];
      });
      if (claims.length > 0) out.claims = claims;
    }
  }
  if (o.cronJob !== undefined) {
    if (workload.kind !== "CronJob") {
      report(at("cronJob"), `app "${appName}" is a ${workload.kind}: only a CronJob has a schedule`, "remove cronJob", true);
    } else {
      const c: { schedule?: string; suspend?: boolean } = {};
      if (o.cronJob.schedule !== undefined && o.cronJob.schedule !== workload.cronJob.schedule) c.schedule = o.cronJob.schedule;
      if (o.cronJob.suspend !== undefined && o.cronJob.suspend !== (workload.cronJob.suspend ?? false)) c.suspend = o.cronJob.suspend;
      if (Object.keys(c).length > 0) out.cronJob = c;
    }
  }
  return out;
}

/**
 * A Job's name in one environment: `<app>-<10 hex of sha256>` over everything that ends up in its spec
 * (the app's model, the environment's overrides, labels and annotations, which kustomize also writes into
 * the pod template). Same inputs, same name: an unchanged Job stays; a changed one is a new Job.
 */
export function jobName(appName: string, specInputs: unknown): string {
  const hash = createHash("sha256").update(JSON.stringify(specInputs)).digest("hex").slice(0, 10);
  return `${appName.slice(0, 63 - 11).replace(/-+$/, "")}-${hash}`;
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
