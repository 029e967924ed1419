/**
 * The policy on every workload kind gen renders: each passes "restricted" with every rule on; probes are
 * asked of serving pods only (a Job's pod runs to completion); a finding points into the kind's pod.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkPolicy } from "../../../../generator/validate/policy/check-policy.js";
import { fileAt, MINIMAL_CONFIG, renderFromText } from "../../../helpers/config.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const workload = (kind: string, extra = "", probes = true): Obj => {
  let text = MINIMAL_CONFIG.replace("  - name: web\n", `  - name: web\n    kind: ${kind}\n${extra}`);
  if (!probes) text = text.replace("      port: 8080\n", "");
  return parse(fileAt(renderFromText(text), `base/web/${kind.toLowerCase()}.yaml`)) as Obj;
};
const KINDS: [string, string, string][] = [
  ["StatefulSet", "", "/spec/template/spec"],
  ["DaemonSet", "", "/spec/template/spec"],
  ["Job", "", "/spec/template/spec"],
  ["CronJob", "    cronJob: { schedule: 0 3 * * * }\n", "/spec/jobTemplate/spec/template/spec"],
];

describe("checkPolicy on each workload kind", () => {
  it.each(KINDS)("%s as gen renders it passes restricted with every rule on", (kind, extra) => {
    expect(checkPolicy(workload(kind, extra))).toEqual([]);
  });

  it.each(KINDS)("%s: probes on the main container are required only of serving kinds", (kind, extra, podPath) => {
    // No port: the main container gets no default probes.
    const found = checkPolicy(workload(kind, extra, false)).map((f) => [f.rule, f.pointer]);
    if (kind === "Job" || kind === "CronJob") expect(found).toEqual([]);
    else expect(found).toEqual([["probes", `${podPath}/containers/0/readinessProbe`], ["probes", `${podPath}/containers/0/livenessProbe`]]);
  });

  it.each(KINDS)("%s: a Pod Security finding points into the kind's pod", (kind, extra, podPath) => {
    const obj = workload(kind, extra);
    const pod = podPath.split("/").slice(1).reduce((o: Obj, k) => o[k], obj);
    pod.containers[0].securityContext.privileged = true;
    expect(checkPolicy(obj).map((f) => [f.rule, f.pointer])).toEqual([["pss-privileged", `${podPath}/containers/0/securityContext/privileged`]]);
  });
});
