/**
 * Job immutability (issue 21), against a real kube-apiserver 1.33: a Job's pod template cannot change after
 * creation. examples/job.config.yaml is rendered twice, as committed (v1) and with a new main tag (v2); dev's
 * sync target is built with real kustomize; v1 is created for real (server-side apply), then:
 * - the naive form, v2 under v1's name, is refused by the server (`field is immutable`): a controller's sync
 *   would fail until someone deleted the Job;
 * - the generated form, v2 under its own `<app>-<hash>` name, is applied: a new Job (the controllers prune
 *   the old one, which the dry runs here cannot show);
 * - v1 applied again keeps its name and is admitted unchanged.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import type { KustomizeRunner } from "../../generator/tools/kustomize.js";
import { renderFromText } from "../helpers/config.js";
import { tempDir, writeFilesTo } from "../helpers/tree.js";
import { oracleKubectl, startCluster, type Cluster } from "./cluster.js";
import { oracle, REPO_ROOT, run } from "./oracles.js";

const ETCD = oracle("etcd");
const APISERVER = oracle("kube-apiserver");
const CONFIG = readFileSync(join(REPO_ROOT, "examples", "job.config.yaml"), "utf8");
const NAMESPACE = "migrate-demo-dev";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let cluster: Cluster | undefined;
let kubectl: KustomizeRunner;
const built: Record<"v1" | "v2", Obj[]> = { v1: [], v2: [] };

async function k(args: string[], input?: string) {
  return run(kubectl.binary, ["--kubeconfig", cluster!.kubeconfig, ...args], { input, timeoutMs: 120_000 });
}
const apply = (objects: Obj[]) => k(["apply", "--server-side", "--field-manager=oracle", "-f", "-"], objects.map((o) => `---\n${stringify(o)}`).join(""));
const jobOf = (objects: Obj[]): Obj => objects.find((o) => o.kind === "Job")!;

/** dev's sync target of a config, built with real kustomize. */
async function buildDev(config: string): Promise<Obj[]> {
  const dir = tempDir("oracle-job-");
  writeFilesTo(dir, renderFromText(config, "examples/job.config.yaml"));
  const text = await kubectl.build(join(dir, "overlays", "dev", "migrate"));
  return parseAllDocuments(text).map((d) => d.toJS() as Obj);
}

beforeAll(async () => {
  if (!ETCD || !APISERVER) return;
  kubectl = await oracleKubectl();
  built.v1 = await buildDev(CONFIG);
  const v2 = CONFIG.replace('      tag: "1.37.0"\n', '      tag: "1.37.1"\n');
  expect(v2).not.toBe(CONFIG);
  built.v2 = await buildDev(v2);
  cluster = await startCluster({ etcd: ETCD, apiserver: APISERVER });
  const ns = await k(["create", "namespace", NAMESPACE]);
  if (ns.code !== 0) throw new Error(ns.stderr);
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
});

describe.skipIf(!ETCD || !APISERVER)("a changed Job under Argo CD and Flux: renamed, not updated (real kube-apiserver)", () => {
  it("the two renders differ in the Job's pod template and name", () => {
    const [a, b] = [jobOf(built.v1), jobOf(built.v2)];
    expect(a.spec.template.spec.containers[0].image).toBe("busybox:1.37.0");
    expect(b.spec.template.spec.containers[0].image).toBe("busybox:1.37.1");
    expect(a.metadata.name).toMatch(/^migrate-[0-9a-f]{10}$/);
    expect(b.metadata.name).toMatch(/^migrate-[0-9a-f]{10}$/);
    expect(b.metadata.name).not.toBe(a.metadata.name);
  });

  it("v1 is created", async () => {
    const r = await apply(built.v1);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`job.batch/${jobOf(built.v1).metadata.name} serverside-applied`);
  });

  it("the naive form (v2 under v1's name) is refused: the pod template is immutable", async () => {
    const naive = built.v2.map((o) => (o.kind === "Job" ? { ...o, metadata: { ...o.metadata, name: jobOf(built.v1).metadata.name } } : o));
    const r = await apply(naive);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/The Job "migrate-[0-9a-f]{10}" is invalid: spec\.template: Invalid value: [^]*field is immutable/);
  });

  it("the generated form (v2 under its own name) is applied: a new Job beside the old one, which the controllers prune", async () => {
    const r = await apply(built.v2);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`job.batch/${jobOf(built.v2).metadata.name} serverside-applied`);
    const jobs = await k(["get", "jobs", "-n", NAMESPACE, "-o", "jsonpath={.items[*].metadata.name}"]);
    expect(jobs.stdout.split(" ").sort()).toEqual([jobOf(built.v1).metadata.name, jobOf(built.v2).metadata.name].sort());
  });

  it("an unchanged Job keeps its name and is admitted again (nothing re-runs)", async () => {
    const again = await buildDev(CONFIG);
    expect(jobOf(again).metadata.name).toBe(jobOf(built.v1).metadata.name);
    const before = await k(["get", "job", jobOf(built.v1).metadata.name, "-n", NAMESPACE, "-o", "jsonpath={.metadata.uid}"]);
    const r = await apply(again);
    expect(r.code, r.stderr).toBe(0);
    const after = await k(["get", "job", jobOf(built.v1).metadata.name, "-n", NAMESPACE, "-o", "jsonpath={.metadata.uid}"]);
    expect(after.stdout).toBe(before.stdout);
  });
});
