/**
 * bin/sidecar-gitops.mjs, what `npm run gen|validate|kubeconform` run: the generator from a cached esbuild
 * bundle, or through tsx when no bundle can be made. Both must behave the same.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli, withoutElapsed } from "../helpers/cli.js";
import { tempRepoWith } from "../helpers/fixture-configs.js";
import { tempDir } from "../helpers/tree.js";
import { writeFileSync } from "node:fs";

describe("the CLI launcher", () => {
  it("runs gen --check from a cached bundle, and the same through tsx without one", () => {
    // A repo of the reference config, rendered: gen --check reads the config and every generated file.
    const repo = tempRepoWith();
    expect(runCli(repo, ["gen"]).code).toBe(0);
    const bundled = runCli(repo, ["gen", "--check"]);
    const viaTsx = runCli(repo, ["gen", "--check"], { SIDECAR_GITOPS_NO_BUNDLE: "1" });
    expect(bundled.code, bundled.stderr).toBe(0);
    // The same output, but for the time each run took.
    expect({ ...viaTsx, stdout: withoutElapsed(viaTsx.stdout) }).toEqual({ ...bundled, stdout: withoutElapsed(bundled.stdout) });
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

describe("a bundle that builds another (the CLI bundle building the -n workers' one)", () => {
  it("works from inside a bundle: esbuild stays a runtime import", async () => {
    const { cachedBundle } = await import("../../bin/bundle.mjs");
    const root = tempDir("sidecar-gitops-nested-bundle-");
    // The nested root resolves esbuild (and nothing else) from the repo's node_modules.
    const { symlinkSync, mkdirSync } = await import("node:fs");
    mkdirSync(join(root, "node_modules"));
    symlinkSync(join(REPO_ROOT, "node_modules", "esbuild"), join(root, "node_modules", "esbuild"));
    mkdirSync(join(root, "src", "inner"), { recursive: true });
    writeFileSync(join(root, "src", "inner", "leaf.ts"), "export const leaf: string = 'leaf';\n");
    const outer = join(root, "src", "inner", "outer.ts");
    writeFileSync(
      outer,
      `import { cachedBundle } from ${JSON.stringify(join(REPO_ROOT, "bin", "bundle.mjs"))};\n` +
        `const root = ${JSON.stringify(root)};\n` +
        `const leaf = await cachedBundle({ root, entry: root + "/src/inner/leaf.ts", name: "leaf", sources: [root + "/src/inner/leaf.ts"] });\n` +
        `console.log(leaf);\n`,
    );
    const bundle = await cachedBundle({ root, entry: outer, name: "outer", sources: [outer] });
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(process.execPath, [bundle], { encoding: "utf8", cwd: root });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/\/node_modules\/\.cache\/sidecar-gitops\/leaf-[0-9a-f]{16}\.mjs$/);
    expect(existsSync(r.stdout.trim())).toBe(true);
  }, 60_000);
});
