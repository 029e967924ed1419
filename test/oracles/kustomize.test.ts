/**
 * kustomize oracle (issue 16): every kustomization directory the repo syncs from (discovered under
 * overlays/, clusters/ and argocd/, not listed by hand), and those of every example rendered with
 * `gen --config examples/<x> --out <tmp>`, built by each kubectl that generator/tools/kustomize.ts finds
 * ($KUSTOMIZE_KUBECTL, kubectl on PATH, the bundled kubectl 1.33) and by the pinned kustomize v5.6.0 in
 * .oracles/bin: the outputs must be byte-identical.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findKustomizeRunners } from "../../generator/tools/kustomize.js";
import { findKustomizationDirs } from "./kustomization-dirs.js";
import { CLI, REPO_ROOT, oracle, run } from "./oracles.js";

const KUSTOMIZE = oracle("kustomize");
const summary: string[] = [];
const totals = { dirs: 0, builds: 0, identical: 0, ms: 0 };
let examplesRoot = "";
afterAll(() => {
  if (examplesRoot) rmSync(examplesRoot, { recursive: true, force: true });
  summary.forEach((l) => console.log(l));
  console.log(`[oracle kustomize] dirs ${totals.dirs}, comparisons ${totals.builds}, identical ${totals.identical}, differences ${totals.builds - totals.identical}, time ${(totals.ms / 1000).toFixed(1)} s`);
});

/** Builds `dir` with the pinned kustomize and with every kubectl runner; all outputs must be the same bytes. */
async function compare(label: string, dir: string): Promise<void> {
  const t0 = performance.now();
  const runners = await findKustomizeRunners();
  expect(runners.length, "no kubectl with kustomize v5 found").toBeGreaterThan(0);
  const viaKustomize = await run(KUSTOMIZE!, ["build", dir], { timeoutMs: 120_000 });
  expect(viaKustomize.stderr, label).toBe("");
  expect(viaKustomize.code, label).toBe(0);
  expect(viaKustomize.stdout.length, label).toBeGreaterThan(0);
  totals.dirs++;
  for (const kubectl of runners) {
    const viaKubectl = await kubectl.build(dir);
    totals.builds++;
    const who = `${kubectl.source === "kubectl" ? "PATH" : kubectl.source} kubectl (kustomize ${kubectl.version})`;
    expect(viaKustomize.stdout === viaKubectl, `${label}: kustomize build differs from ${who}`).toBe(true);
    totals.identical++;
    summary.push(`[oracle kustomize] ${label}: ${who} and kustomize v5.6.0 identical, ${viaKubectl.length} bytes`);
  }
  totals.ms += performance.now() - t0;
}

describe.skipIf(!KUSTOMIZE)("kustomize: kubectl and the pinned kustomize build the same bytes", () => {
  const dirs = findKustomizationDirs(REPO_ROOT);

  it("finds the repo's kustomization directories", () => {
    expect(dirs.length).toBeGreaterThan(0);
  });

  it("pins kustomize v5.6.0, the version kubectl 1.33 carries", async () => {
    const v = await run(KUSTOMIZE!, ["version"]);
    expect(v.stdout).toContain("v5.6.0");
  });

  it.each(dirs)("%s", async (dir) => {
    await compare(dir, join(REPO_ROOT, dir));
  });

  it("every example's kustomization directories", async () => {
    examplesRoot = mkdtempSync(join(tmpdir(), "oracle-kustomize-examples-"));
    const examples = readdirSync(join(REPO_ROOT, "examples")).filter((f) => f.endsWith(".config.yaml")).sort();
    expect(examples.length).toBeGreaterThan(0);
    for (const file of examples) {
      const out = join(examplesRoot, file.replace(/\.config\.yaml$/, ""));
      const gen = await run(process.execPath, [CLI, "gen", "--config", join("examples", file), "--out", out], { cwd: REPO_ROOT });
      expect(gen.code, gen.stderr).toBe(0);
      const found = findKustomizationDirs(out);
      expect(found.length, file).toBeGreaterThan(0);
      for (const dir of found) await compare(`example ${relative(examplesRoot, out)}: ${dir}`, join(out, dir));
    }
  });
});
