/**
 * The generated CI through the real CLI: `ci.enabled: false` removes the workflows gen wrote (its ordinary
 * deletion of owned files), and a workflow the user wrote by hand beside them is never touched or reported.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { MINIMAL_CONFIG } from "../helpers/config.js";
import { tempDir } from "../helpers/tree.js";

const DELIVERY = "delivery:\n  repoURL: https://github.com/example/demo.git\n";
const gen = (cwd: string, args: string[] = []) => runCli(cwd, ["gen", ...args]);
const HAND_WRITTEN = "name: mine\non: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo mine\n";

describe("gen and the ci section", () => {
  it("ci.enabled: false deletes the generated workflows and leaves a hand-written one; enabling it again writes them back", () => {
    const dir = tempDir("sidecar-gitops-ci-");
    const config = join(dir, "gitops.config.yaml");
    writeFileSync(config, MINIMAL_CONFIG + DELIVERY);
    mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
    const mine = join(dir, ".github", "workflows", "generator.yml");
    writeFileSync(mine, HAND_WRITTEN);
    const manifest = () => Object.keys((JSON.parse(readFileSync(join(dir, ".gitops", "manifest.json"), "utf8")) as { files: object }).files);

    const first = gen(dir);
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(join(dir, ".github/workflows/gitops.yml"))).toBe(true);
    expect(existsSync(join(dir, ".github/workflows/promote.yml"))).toBe(true);
    expect(manifest()).toEqual(expect.arrayContaining([".github/workflows/gitops.yml", ".github/workflows/promote.yml"]));
    expect(manifest()).not.toContain(".github/workflows/generator.yml");
    // A workflow gen did not write is neither drift nor a conflict.
    const check = gen(dir, ["--check"]);
    expect(check.code, check.stdout + check.stderr).toBe(0);

    writeFileSync(config, MINIMAL_CONFIG + DELIVERY + "ci:\n  enabled: false\n");
    const stale = gen(dir, ["--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("--- a/.github/workflows/gitops.yml");
    const off = gen(dir);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/^0 created, \d+ updated, 2 deleted, 0 adopted, \d+ unchanged \(\d+\.\d s\)$/m);
    expect(existsSync(join(dir, ".github/workflows/gitops.yml"))).toBe(false);
    expect(existsSync(join(dir, ".github/workflows/promote.yml"))).toBe(false);
    expect(manifest().filter((p) => p.startsWith(".github/"))).toEqual([]);
    expect(readFileSync(mine, "utf8")).toBe(HAND_WRITTEN);
    expect(gen(dir, ["--check"]).code).toBe(0);

    writeFileSync(config, MINIMAL_CONFIG + DELIVERY + "ci:\n  jobs: [validate]\n");
    const on = gen(dir);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toMatch(/^1 created, /m);
    expect(readFileSync(join(dir, ".github/workflows/gitops.yml"), "utf8")).toContain("npm run gen -- --check");
    expect(existsSync(join(dir, ".github/workflows/promote.yml"))).toBe(false);
    expect(readFileSync(mine, "utf8")).toBe(HAND_WRITTEN);
  }, 60_000);

  it("a workflow of the user's own where gen would write one is refused (WRT001), not overwritten, and nothing is written", () => {
    const dir = tempDir("sidecar-gitops-ci-");
    writeFileSync(join(dir, "gitops.config.yaml"), MINIMAL_CONFIG);
    mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
    writeFileSync(join(dir, ".github/workflows/gitops.yml"), HAND_WRITTEN);
    const r = gen(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/WRT001.*\.github\/workflows\/gitops\.yml.*\n {2}hint: .*turn the generated CI off in the config \(ci: \{ enabled: false \}\)/);
    expect(readFileSync(join(dir, ".github/workflows/gitops.yml"), "utf8")).toBe(HAND_WRITTEN);
    expect(existsSync(join(dir, ".gitops"))).toBe(false);
  }, 60_000);
});
