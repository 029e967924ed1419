/**
 * kustomize oracle (issue 16): every kustomization directory the repo syncs from (discovered under
 * overlays/, clusters/ and argocd/, not listed by hand) built by the kubectl that generator/tools/kustomize.ts
 * finds (kubectl on PATH, else the bundled kubectl 1.33) and by the pinned kustomize v5.6.0 in
 * .oracles/bin: the outputs must be byte-identical.
 */
import { afterAll, describe, expect, it } from "vitest";
import { findKustomize } from "../../generator/tools/kustomize.js";
import { findKustomizationDirs } from "./kustomization-dirs.js";
import { REPO_ROOT, oracle, run } from "./oracles.js";

const KUSTOMIZE = oracle("kustomize");
const summary: string[] = [];
afterAll(() => summary.forEach((l) => console.log(l)));

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
    const kubectl = await findKustomize();
    const viaKubectl = await kubectl.build(dir.startsWith("/") ? dir : `${REPO_ROOT}/${dir}`);
    const viaKustomize = await run(KUSTOMIZE!, ["build", dir], { cwd: REPO_ROOT, timeoutMs: 120_000 });
    expect(viaKustomize.stderr).toBe("");
    expect(viaKustomize.code).toBe(0);
    expect(viaKustomize.stdout.length).toBeGreaterThan(0);
    expect(viaKustomize.stdout === viaKubectl, `${dir}: kustomize build differs from ${kubectl.source} kubectl (${kubectl.version})`).toBe(true);
    summary.push(`[oracle kustomize] ${dir}: ${kubectl.source} kubectl ${kubectl.version} vs kustomize v5.6.0: identical, ${viaKubectl.length} bytes, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });
});
