/** Batched, cached kustomize builds give exactly what one build per target gives. */
import { appendFileSync, existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { allSyncTargets } from "../../generator/render/targets.js";
import { renderTree } from "../../generator/render/render-tree.js";
import { buildKustomizations, CACHE_MAX_AGE_MS, type BuildGroup } from "../../generator/tools/kustomize-batch.js";
import { findKustomize, type KustomizeRunner } from "../../generator/tools/kustomize.js";
import { validationUnits } from "../../generator/cli/validate.js";
import { MINIMAL_CONFIG, modelFromText } from "../helpers/config.js";
import { tempDir, writeFilesTo } from "../helpers/tree.js";

const APPS = ["alpha", "bravo", "charlie", "delta", "echo"];
const config =
  MINIMAL_CONFIG.replace("  - name: web\n", "  - name: alpha\n") +
  APPS.slice(1)
    .map((a) => `  - name: ${a}\n    main:\n      name: app\n      image: nginxinc/nginx-unprivileged\n      tag: "1.27.4-alpine"\n      port: 8080\n      resources: { limits: { cpu: 100m, memory: 64Mi } }\n    config: { data: { WHO: ${a} } }\n`)
    .join("") +
  "environments:\n  dev: {}\n  prod: { replicas: 2 }\n";

let kustomize: KustomizeRunner;
beforeAll(async () => {
  kustomize = await findKustomize();
}, 120_000);

describe("buildKustomizations", () => {
  const model = modelFromText(config);
  const files = renderTree(model);
  const dir = tempDir("sidecar-gitops-batch-");
  writeFilesTo(dir, files);
  const targets = allSyncTargets(model);

  it("batched builds are byte-identical to one build per target", async () => {
    const single = new Map(await Promise.all(targets.map(async (t) => [t.path, await kustomize.build(join(dir, t.path))] as const)));
    const { groups } = validationUnits(model, files);
    const batched = await buildKustomizations(kustomize, dir, groups, { batchSize: 4 });
    expect(targets.length).toBe(12);
    for (const t of targets) {
      const r = batched.get(t.path)!;
      expect(r.error, t.path).toBeUndefined();
      expect(r.cached).toBe(false);
      expect(r.output, t.path).toBe(single.get(t.path));
    }
  }, 120_000);

  it("a batch whose documents cannot be attributed falls back to one build per target", async () => {
    const group: BuildGroup = { items: targets.slice(0, 4).map((t) => ({ dir: t.path })), owner: () => undefined };
    const out = await buildKustomizations(kustomize, dir, [group], { batchSize: 4 });
    for (const item of group.items) expect(out.get(item.dir)!.output).toBe(await kustomize.build(join(dir, item.dir)));
  }, 120_000);

  it("reuses a cached output until one of the target's inputs changes", async () => {
    const cacheDir = tempDir("sidecar-gitops-build-cache-");
    const { groups } = validationUnits(model, files);
    const first = await buildKustomizations(kustomize, dir, groups, { cacheDir });
    expect([...first.values()].filter((r) => r.cached)).toHaveLength(0);
    const second = await buildKustomizations(kustomize, dir, groups, { cacheDir });
    expect([...second.values()].every((r) => r.cached)).toBe(true);
    // A change to bravo's base: bravo's targets rebuild, in every environment; no other.
    appendFileSync(join(dir, "base", "bravo", "service.yaml"), "# touched\n");
    const third = await buildKustomizations(kustomize, dir, groups, { cacheDir });
    const rebuilt = [...third].filter(([, r]) => !r.cached).map(([d]) => d).sort();
    expect(rebuilt).toEqual(["overlays/dev/bravo", "overlays/prod/bravo"]);
    for (const d of rebuilt) expect(third.get(d)!.output, d).toBe(await kustomize.build(join(dir, d)));
    // --no-cache rebuilds everything, and the fresh outputs are what a cached read gives.
    const fresh = await buildKustomizations(kustomize, dir, groups, { cacheDir, readCache: false });
    expect([...fresh.values()].some((r) => r.cached)).toBe(false);
    const cached = await buildKustomizations(kustomize, dir, groups, { cacheDir });
    for (const [d, r] of cached) expect(r.output, d).toBe(fresh.get(d)!.output);
    // Entries unused for longer than CACHE_MAX_AGE_MS are pruned; the ones a run reads are kept fresh.
    const stale = join(cacheDir, `${"0".repeat(64)}.yaml`);
    writeFileSync(stale, "old\n");
    const old = new Date(Date.now() - CACHE_MAX_AGE_MS - 60_000);
    utimesSync(stale, old, old);
    for (const f of readdirSync(cacheDir)) if (f !== `${"0".repeat(64)}.yaml`) utimesSync(join(cacheDir, f), old, old);
    const again = await buildKustomizations(kustomize, dir, groups, { cacheDir });
    expect([...again.values()].every((r) => r.cached)).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(cacheDir).length).toBe(targets.length);
  }, 120_000);

  it("reports a target that fails to build, and builds the others", async () => {
    const broken = tempDir("sidecar-gitops-batch-broken-");
    writeFilesTo(broken, files);
    appendFileSync(join(broken, "overlays", "dev", "charlie", "kustomization.yaml"), "resources: [missing.yaml]\n");
    const { groups } = validationUnits(model, files);
    const out = await buildKustomizations(kustomize, broken, groups, { batchSize: 6 });
    expect(out.get("overlays/dev/charlie")!.error).toMatch(/kustomize build .*overlays\/dev\/charlie failed/);
    expect(out.get("overlays/dev/alpha")!.output).toBe(await kustomize.build(join(broken, "overlays/dev/alpha")));
  }, 120_000);
});

describe("a few stale targets across environments", () => {
  const model = modelFromText(config);
  const files = renderTree(model);
  const dir = tempDir("sidecar-gitops-batch-merged-");
  writeFilesTo(dir, files);
  /** The runner, counting its kustomize processes. */
  const counting = () => {
    const runner = { ...kustomize, calls: 0, build: async (d: string) => (runner.calls++, kustomize.build(d)) };
    return runner;
  };

  it("build in one kustomize process, each document attributed to its own target (one app changed everywhere)", async () => {
    const { groups } = validationUnits(model, files);
    const stale = groups.filter((g) => g.owner).map((g) => ({ ...g, items: g.items.filter((i) => i.dir.endsWith("/charlie") || i.dir.endsWith("/echo")) }));
    expect(stale.map((g) => g.items.length)).toEqual([2, 2]);
    const runner = counting();
    const out = await buildKustomizations(runner, dir, stale, { batchSize: 4 });
    expect(runner.calls).toBe(1);
    for (const g of stale) for (const i of g.items) expect(out.get(i.dir)!.output, i.dir).toBe(await kustomize.build(join(dir, i.dir)));
    // More than one batch's worth: each group on its own, as before.
    const many = counting();
    await buildKustomizations(many, dir, stale, { batchSize: 3 });
    expect(many.calls).toBe(2);
  }, 120_000);

  it("a document two groups claim is nobody's: the merged batch is built target by target", async () => {
    const { groups } = validationUnits(model, files);
    const items = groups.filter((g) => g.owner).map((g) => g.items.filter((i) => i.dir.endsWith("/charlie")));
    const greedy = (dirOf: (meta: { name: string }) => string | undefined): BuildGroup["owner"] => (meta) => dirOf(meta);
    const stale: BuildGroup[] = items.map((its) => ({ items: its, owner: greedy(() => its[0]!.dir) }));
    const runner = counting();
    const out = await buildKustomizations(runner, dir, stale, { batchSize: 4 });
    expect(runner.calls).toBe(3); // the batch, then each target
    for (const its of items) expect(out.get(its[0]!.dir)!.output).toBe(await kustomize.build(join(dir, its[0]!.dir)));
  }, 120_000);
});

describe("attribution of batched documents", () => {
  it("a document without the app label is not attributed to another target: the batch is built target by target", async () => {
    const model = modelFromText(config);
    const files = renderTree(model);
    const dir = tempDir("sidecar-gitops-batch-unlabelled-");
    writeFilesTo(dir, files);
    // A hand-added object in one app's base, without the generator's labels.
    writeFileSync(join(dir, "base", "delta", "extra.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b\n");
    const k = join(dir, "base", "delta", "kustomization.yaml");
    writeFileSync(k, readFileSync(k, "utf8").replace("resources:\n", "resources:\n  - extra.yaml\n"));
    const { groups } = validationUnits(model, files);
    const out = await buildKustomizations(kustomize, dir, groups, { batchSize: 12 });
    expect(out.get("overlays/dev/delta")!.output).toContain("name: extra");
    for (const [d, r] of out) if (d !== "overlays/dev/delta" && d !== "overlays/prod/delta") expect(r.output, d).not.toContain("name: extra");
    expect(out.get("overlays/dev/delta")!.output).toBe(await kustomize.build(join(dir, "overlays/dev/delta")));
  }, 120_000);
});
