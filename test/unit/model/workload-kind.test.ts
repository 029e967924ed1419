/**
 * Workload kinds (model/workload-kind.ts and how build-model.ts composes it): each kind's own fields, the
 * rules that differ between kinds (replicas, Services, probes, native sidecars in Jobs), per-environment
 * overrides, and a Job's name per environment.
 */
import { describe, expect, it } from "vitest";
import { diagnosticsOf, FIX, MINIMAL_CONFIG, modelFromText, SIDECAR } from "../../helpers/config.js";
import { headlessName, jobName } from "../../../generator/model/workload-kind.js";

/** MINIMAL_CONFIG's app as another kind, with extra app-level lines. */
const asKind = (kind: string, extra = "", base = MINIMAL_CONFIG) => base.replace("  - name: web\n", `  - name: web\n    kind: ${kind}\n${extra}`);
const CRON = "    cronJob: { schedule: 0 3 * * * }\n";
const STS = "    statefulSet:\n      volumeClaimTemplates:\n        - { name: data, size: 1Gi }\n";

describe("workload kinds", () => {
  it.each([
    ["Deployment", ""],
    ["StatefulSet", STS],
    ["DaemonSet", ""],
    ["Job", ""],
    ["CronJob", CRON],
    ["Pod", ""],
  ])("%s: builds, with the kind's own fields resolved", (kind, extra) => {
    const app = modelFromText(asKind(kind, extra)).apps[0]!;
    expect(app.kind).toBe(kind);
    expect(app.workload.kind).toBe(kind);
  });

  it("StatefulSet: defaults (headless Service <app>-headless, OrderedReady, RollingUpdate, ReadWriteOnce claims)", () => {
    const w = modelFromText(asKind("StatefulSet", STS)).apps[0]!.workload;
    expect(w).toEqual({
      kind: "StatefulSet",
      statefulSet: {
        serviceName: "web-headless",
        podManagementPolicy: "OrderedReady",
        updateStrategy: { type: "RollingUpdate" },
        volumeClaimTemplates: [{ name: "data", size: "1Gi", accessModes: ["ReadWriteOnce"] }],
      },
    });
  });

  it("headlessName keeps the Service name a DNS label (63 characters at most)", () => {
    expect(headlessName("a".repeat(54))).toHaveLength(63);
    expect(headlessName("a".repeat(55))).toHaveLength(63);
    expect(headlessName(`${"a".repeat(53)}-b`)).toBe(`${"a".repeat(53)}-headless`);
  });

  it("a claim template is mountable by name, like a volume", () => {
    const text = asKind("StatefulSet", STS).replace("      port: 8080\n", "      port: 8080\n      mounts: [{ volume: data, mountPath: /data }]\n");
    expect(modelFromText(text).apps[0]!.containers[0]!.mounts).toEqual([{ volume: "data", mountPath: "/data", readOnly: false }]);
  });

  it("Job: restartPolicy OnFailure, or Never with a podFailurePolicy; no default probes and no Service", () => {
    const job = modelFromText(asKind("Job")).apps[0]!;
    expect(job.workload).toEqual({ kind: "Job", job: { restartPolicy: "OnFailure" } });
    expect(job.service).toBeUndefined();
    expect(job.containers[0]!.probes).toEqual({});
    const withPolicy = modelFromText(asKind("Job", "    job:\n      podFailurePolicy: { rules: [{ action: FailJob, onExitCodes: { operator: In, values: [3] } }] }\n")).apps[0]!;
    expect(withPolicy.workload).toMatchObject({ job: { restartPolicy: "Never", podFailurePolicy: { rules: [{ action: "FailJob", onExitCodes: { operator: "In", values: [3] } }] } } });
    // Asked for, a Job gets its Service.
    expect(modelFromText(asKind("Job", "    service: { enabled: true }\n")).apps[0]!.service?.name).toBe("web");
    // A Deployment keeps its default TCP probes and Service.
    const deployment = modelFromText(MINIMAL_CONFIG).apps[0]!;
    expect(Object.keys(deployment.containers[0]!.probes)).toEqual(["readiness", "liveness"]);
    expect(deployment.service?.name).toBe("web");
  });

  it("Job and CronJob: sidecars run native (also where the project's default would be classic)", () => {
    for (const [kind, extra] of [["Job", ""], ["CronJob", CRON]] as const) {
      expect(modelFromText(asKind(kind, extra) + SIDECAR).apps[0]!.sidecarMode).toBe("native");
    }
  });

  it("replicas only for Deployment and StatefulSet, in the app and in an environment", () => {
    expect(modelFromText(asKind("StatefulSet", "    replicas: 3\n" + STS) + "environments:\n  dev:\n    replicas: 2\n").environments[0]!.apps[0]!.replicas).toBe(2);
    expect(modelFromText(asKind("Job") + "environments:\n  dev: {}\n").environments[0]!.apps[0]!.replicas).toBeUndefined();
  });

  it.each([
    ["an unsupported kind, naming the supported ones", asKind("ReplicaSet"), /error CFG013 \/apps\/0\/kind: must be one of "Deployment", "Pod", "StatefulSet", "DaemonSet", "Job", "CronJob", got "ReplicaSet"/],
    [
      "a classic sidecar in a Job, with why in the hint",
      asKind("Job", "    sidecarMode: classic\n") + SIDECAR,
      /^gitops\.config\.yaml:6:18: error MDL001 \/apps\/0\/sidecarMode: the sidecars of a Job's pod must be native: a classic sidecar keeps running after the main container exits, so the pod and the Job never complete\n  hint: remove sidecarMode: classic \(native is the default/,
    ],
    [
      "a classic sidecar in a CronJob's pod in one environment",
      asKind("CronJob", CRON) + SIDECAR + "environments:\n  dev:\n    apps:\n      web: { sidecarMode: classic }\n",
      /error MDL001 \/environments\/dev\/apps\/web\/sidecarMode: the sidecars of a CronJob's pod must be native/,
    ],
    [
      "sidecars in a Job before Kubernetes 1.29 (no native sidecars)",
      asKind("Job").replace("  name: demo\n", '  name: demo\n  kubernetesVersion: "1.28"\n') + SIDECAR,
      /error MDL001 \/apps\/0\/sidecars: the sidecars of a Job's pod must be native .* project\.kubernetesVersion is 1\.28\n  hint: set project\.kubernetesVersion to 1\.29/,
    ],
    ["a section of another kind, at its key", asKind("Deployment", CRON), /error MDL001 \/apps\/0\/cronJob: cronJob is for kind CronJob; app "web" is a Deployment\n  hint: remove cronJob, or set kind: CronJob/],
    ["job on a StatefulSet", asKind("StatefulSet", "    job: { backoffLimit: 1 }\n"), /error MDL001 \/apps\/0\/job: job is for kind Job or CronJob; app "web" is a StatefulSet/],
    ["a CronJob without a schedule", asKind("CronJob"), /error MDL001 \/apps\/0\/kind: a CronJob needs a schedule\n  hint: add cronJob: \{ schedule: "0 3 \* \* \*" \}/],
    ["replicas on a DaemonSet", asKind("DaemonSet", "    replicas: 2\n"), /error MDL001 \/apps\/0\/replicas: a DaemonSet app has no replica count; replicas is 2\n  hint: remove replicas: a DaemonSet runs one pod per node/],
    ["replicas for a Job in an environment", asKind("Job") + "environments:\n  dev:\n    apps:\n      web: { replicas: 2 }\n", /error MDL001 \/environments\/dev\/apps\/web\/replicas: app "web" is a Job: it cannot have 2 replicas/],
    ["ttlSecondsAfterFinished on a Job", asKind("Job", "    job: { ttlSecondsAfterFinished: 60 }\n"), /error MDL001 \/apps\/0\/job\/ttlSecondsAfterFinished: a Job synced from Git that the TTL controller deletes is re-created/],
    ["a pod failure policy with OnFailure", asKind("Job", "    job:\n      restartPolicy: OnFailure\n      podFailurePolicy: { rules: [{ action: Ignore, onPodConditions: [{ type: DisruptionTarget }] }] }\n"), /error MDL001 \/apps\/0\/job\/restartPolicy: a podFailurePolicy needs the pod's restartPolicy to be Never/],
    ["a pod failure rule with both matchers", asKind("Job", "    job:\n      podFailurePolicy: { rules: [{ action: Ignore, onExitCodes: { operator: In, values: [1] }, onPodConditions: [{ type: DisruptionTarget }] }] }\n"), /error MDL001 \/apps\/0\/job\/podFailurePolicy\/rules\/0: a pod failure rule needs exactly one of onExitCodes and onPodConditions/],
    ["exit code 0 matched with In", asKind("Job", "    job:\n      podFailurePolicy: { rules: [{ action: FailJob, onExitCodes: { operator: In, values: [0, 1] } }] }\n"), /error MDL001 \/apps\/0\/job\/podFailurePolicy\/rules\/0\/onExitCodes\/values: exit code 0 is success/],
    ["a pod failure rule naming an unknown container", asKind("Job", "    job:\n      podFailurePolicy: { rules: [{ action: FailJob, onExitCodes: { containerName: nope, operator: In, values: [1] } }] }\n"), /error MDL001 \/apps\/0\/job\/podFailurePolicy\/rules\/0\/onExitCodes\/containerName: app "web" has no container "nope"\n  hint: use one of: app/],
    ["a claim template named like a volume", asKind("StatefulSet", STS + "    volumes: [{ name: data }]\n"), /error MDL001 \/apps\/0\/statefulSet\/volumeClaimTemplates\/0\/name: claim template "data" has the name of a volume/],
    ["two claim templates of one name", asKind("StatefulSet", STS + "        - { name: data, size: 2Gi }\n"), /error MDL001 \/apps\/0\/statefulSet\/volumeClaimTemplates\/1\/name: duplicate claim template name "data"/],
    ["a headless Service named like the app's Service", asKind("StatefulSet", "    statefulSet: { serviceName: web }\n"), /error MDL001 \/apps\/0\/statefulSet\/serviceName: the headless Service "web" would take the name of the app's Service/],
    ["a claim override of an unknown template", asKind("StatefulSet", STS) + "environments:\n  prod:\n    apps:\n      web:\n        volumeClaimTemplates: { logs: { size: 2Gi } }\n", /error MDL001 \/environments\/prod\/apps\/web\/volumeClaimTemplates\/logs: app "web" has no claim template "logs"\n  hint: use one of: data/],
    ["a claim override on a Deployment", MINIMAL_CONFIG + "environments:\n  prod:\n    apps:\n      web:\n        volumeClaimTemplates: { data: { size: 2Gi } }\n", /error MDL001 \/environments\/prod\/apps\/web\/volumeClaimTemplates: app "web" is a Deployment: only a StatefulSet has claim templates/],
    ["a schedule override on a Job", asKind("Job") + "environments:\n  prod:\n    apps:\n      web:\n        cronJob: { suspend: true }\n", /error MDL001 \/environments\/prod\/apps\/web\/cronJob: app "web" is a Job: only a CronJob has a schedule/],
  ])("refuses %s, located, with a hint that is a fix", (_name, text, expected) => {
    const out = diagnosticsOf(() => modelFromText(text));
    expect(out[0]).toMatch(expected);
    expect(out[0]!.split("\n  hint: ")[1]).toMatch(FIX);
  });

  it("a CronJob's name: 52 characters pass, 53 are refused (the controller appends 11 to name each Job)", () => {
    const named = (n: number) => asKind("CronJob", CRON).replace("  - name: web\n", `  - name: ${"c".repeat(n)}\n`);
    expect(modelFromText(named(52)).apps[0]!.name).toHaveLength(52);
    expect(diagnosticsOf(() => modelFromText(named(53)))[0]).toMatch(/error MDL001 \/apps\/0\/name: a CronJob's name is at most 52 characters; "c{53}" has 53\n  hint: shorten the app name/);
  });

  it("per environment: claim size and class, schedule and suspend, only where they differ from the app's", () => {
    const text =
      asKind("CronJob", CRON) +
      "environments:\n  dev:\n    apps:\n      web:\n        cronJob: { suspend: true }\n  prod:\n    apps:\n      web:\n        cronJob: { schedule: 0 3 * * *, suspend: false }\n";
    const [dev, prod] = modelFromText(text).environments;
    expect(dev!.apps[0]!.workload).toEqual({ cronJob: { suspend: true } });
    expect(prod!.apps[0]!.workload).toEqual({}); // same schedule, and suspend false is the default
    const sts = asKind("StatefulSet", STS) + "environments:\n  prod:\n    apps:\n      web:\n        volumeClaimTemplates: { data: { size: 20Gi, storageClassName: fast-ssd } }\n";
    expect(modelFromText(sts).environments[0]!.apps[0]!.workload).toEqual({ claims: [{ name: "data", size: "20Gi", storageClassName: "fast-ssd" }] });
  });
});

describe("a Job's name per environment", () => {
  const JOB = asKind("Job") + "environments:\n  dev: {}\n  prod: {}\n";
  const names = (text: string) => modelFromText(text).environments.map((e) => e.apps[0]!.workload.jobName);

  it("is <app>-<10 hex>, stable across runs; environments differ (their environment label is in the pod template)", () => {
    const [dev, prod] = names(JOB);
    expect(dev).toMatch(/^web-[0-9a-f]{10}$/);
    expect(prod).toMatch(/^web-[0-9a-f]{10}$/);
    expect(prod).not.toBe(dev);
    expect(names(JOB)).toEqual([dev, prod]);
  });

  it("changes with what the pods run (a tag, a label of the environment), not with the Service", () => {
    const [base] = names(JOB);
    const retagged = JOB.replace("  prod: {}\n", "  prod:\n    apps:\n      web:\n        containers:\n          app: { tag: '1.28.0' }\n");
    const [dev, prod] = names(retagged);
    expect(dev).toBe(base);
    expect(prod).not.toBe(base);
    expect(names(JOB.replace("  dev: {}\n", "  dev:\n    labels: { team: a }\n"))[0]).not.toBe(base);
    expect(names(JOB.replace("    kind: Job\n", "    kind: Job\n    service: { enabled: true, port: 81 }\n"))[0]).toBe(base);
  });

  it("stays a 63-character label for the longest app name", () => {
    expect(jobName("j".repeat(63), {})).toMatch(/^j{52}-[0-9a-f]{10}$/);
    expect(jobName(`${"j".repeat(50)}-x`, {})).toMatch(/^j{50}-x-[0-9a-f]{10}$/);
    expect(jobName(`${"j".repeat(51)}-`, {})).toMatch(/^j{51}-[0-9a-f]{10}$/);
  });

  it("only Jobs have one", () => {
    expect(modelFromText(asKind("CronJob", CRON) + "environments:\n  dev: {}\n").environments[0]!.apps[0]!.workload.jobName).toBeUndefined();
  });
});
