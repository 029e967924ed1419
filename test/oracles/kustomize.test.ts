/**
 * kustomize oracle (issue 16): every kustomization directory the repo syncs from (discovered under
 * overlays/, clusters/ and argocd/, not listed by hand) built by the kubectl that generator/tools/kustomize.ts
 * finds (each runner it finds: $KUSTOMIZE_KUBECTL, kubectl on PATH, the bundled kubectl 1.33) and by the
 * pinned kustomize v5.6.0 in .oracles/bin: the outputs must be byte-identical.
 */
import { afterAll, describe, expect, it } from "vitest";
import { findKustomizeRunners } from "../../generator/tools/kustomize.js";
import { findKustomizationDirs } from "./kustomization-dirs.js";
import { REPO_ROOT, oracle, run } from "./oracles.js";

const KUSTOMIZE = oracle("kustomize");
const summary: string[] = [];
const totals = { dirs: 0, builds: 0, identical: 0, ms: 0 };
afterAll(() => {
  summary.forEach((l) => console.log(l));
  console.log(`[oracle kustomize] dirs ${totals.dirs}, comparisons ${totals.builds}, identical ${totals.identical}, differences ${totals.builds - totals.identical}, time ${(totals.ms / 1000).toFixed(1)} s`);
});

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
    const t0 = performance.now();
    const runners = await findKustomizeRunners();
    expect(runners.length, "no kubectl with kustomize v5 found").toBeGreaterThan(0);
    const viaKustomize = await run(KUSTOMIZE!, ["build", dir], { cwd: REPO_ROOT, timeoutMs: 120_000 });
    expect(viaKustomize.stderr).toBe("");
    expect(viaKustomize.code).toBe(0);
    expect(viaKustomize.stdout.length).toBeGreaterThan(0);
    totals.dirs++;
    for (const kubectl of runners) {
      const viaKubectl = await kubectl.build(`${REPO_ROOT}/${dir}`);
      totals.builds++;
      expect(viaKustomize.stdout === viaKubectl, `${dir}: kustomize build differs from ${kubectl.source} kubectl (${kubectl.version})`).toBe(true);
      totals.identical++;
      summary.push(`[oracle kustomize] ${dir}: ${kubectl.source === "kubectl" ? "PATH" : kubectl.source} kubectl (kustomize ${kubectl.version}) and kustomize v5.6.0 identical, ${viaKubectl.length} bytes`);
    }
    totals.ms += performance.now() - t0;
  });
});
