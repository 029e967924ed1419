/**
 * bin/sidecar-gitops.mjs, what `npm run gen|validate|kubeconform` run: the generator from a cached esbuild
 * bundle, or through tsx when no bundle can be made. Both must behave the same.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tree.js";
import { writeFileSync } from "node:fs";

describe("the CLI launcher", () => {
  it("runs gen --check from a cached bundle, and the same through tsx without one", () => {
    const bundled = runCli(REPO_ROOT, ["gen", "--check"]);
    const viaTsx = runCli(REPO_ROOT, ["gen", "--check"], { SIDECAR_GITOPS_NO_BUNDLE: "1" });
    expect(bundled.code, bundled.stderr).toBe(0);
    expect(viaTsx).toEqual(bundled);
    const cache = join(REPO_ROOT, "node_modules", ".cache", "sidecar-gitops");
    expect(existsSync(cache) && readdirSync(cache).filter((f) => /^cli-[0-9a-f]{16}\.mjs$/.test(f))).toHaveLength(1);
  }, 120_000);

  it("reports a bad config located, with exit code 1 and no stack trace, either way", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.yaml"), "project: { name: demo }\napps:\n  - name: web\n    main: { name: app, image: nginx, tag: latest, resources: {} }\n");
    for (const env of [{}, { SIDECAR_GITOPS_NO_BUNDLE: "1" }] as Record<string, string>[]) {
      const r = runCli(dir, ["gen", "--config", "bad.yaml", "--out", "out"], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^bad\.yaml:4:\d+: error CFG014 \/apps\/0\/main\/tag: "latest" is not a pinned tag/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, "out"))).toBe(false);
    }
  }, 120_000);
});
