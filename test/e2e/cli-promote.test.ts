/** `npm run promote` end to end: the config edited in place (comments kept), the tree regenerated. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { diffLines } from "diff";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { REFERENCE_CONFIG } from "../helpers/fixture-configs.js";
import { readTree, tempDir } from "../helpers/tree.js";
import { editConfigText } from "../../generator/config/edit.js";

/** The reference config: app `web` (container nginx) in dev, staging and prod. */
const CONFIG = REFERENCE_CONFIG;

/** A repo whose dev runs a newer nginx than staging and prod. */
function repo(extra = ""): string {
  const dir = tempDir("sidecar-gitops-promote-");
  writeFileSync(join(dir, "package.json"), "{}\n");
  const text = editConfigText(CONFIG, [{ path: ["environments", "dev", "apps", "web", "containers", "nginx", "tag"], value: "1.27.5-alpine" }]) + extra;
  writeFileSync(join(dir, "gitops.config.yaml"), text);
  expect(runCli(dir, ["gen"]).code).toBe(0);
  return dir;
}

describe("npm run promote", () => {
  it("moves dev's tag to staging, keeps every comment and line of the config, and leaves a tree gen --check accepts", () => {
    const dir = repo();
    const before = readFileSync(join(dir, "gitops.config.yaml"), "utf8");
    const r = runCli(dir, ["promote", "--from", "dev", "--to", "staging"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("web/nginx: 1.27.4-alpine → 1.27.5-alpine\n");
    const after = readFileSync(join(dir, "gitops.config.yaml"), "utf8");
    // Only lines were added (the override), none changed or lost: comments and formatting stay.
    const changes = diffLines(before, after).filter((c) => c.added || c.removed);
    expect(changes.map((c) => [c.added ? "+" : "-", c.value])).toEqual([
      ["+", '    apps:\n      web:\n        containers:\n          nginx:\n            tag: "1.27.5-alpine"\n'],
    ]);
    expect(runCli(dir, ["gen", "--check"]).code).toBe(0);
    expect(readFileSync(join(dir, "overlays", "staging", "web", "kustomization.yaml"), "utf8")).toContain("newTag: 1.27.5-alpine");
    // Again: nothing to promote, exit 0, nothing changed.
    const tree = readTree(dir);
    const again = runCli(dir, ["promote", "--from", "dev", "--to", "staging"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to promote/);
    expect(readTree(dir)).toEqual(tree);
  }, 120_000);

  it("--dry-run prints the changes and writes nothing", () => {
    const dir = repo();
    const tree = readTree(dir);
    const r = runCli(dir, ["promote", "--from", "dev", "--to", "prod", "--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("web/nginx: 1.27.4-alpine → 1.27.5-alpine");
    expect(readTree(dir)).toEqual(tree);
  }, 120_000);

  it.each([
    [["--from", "dev", "--to", "qa"], /error PRM001 \/environments: no environment "qa" in gitops\.config\.yaml\n {2}hint: use one of: dev, prod, staging/],
    [["--from", "dev", "--to", "dev"], /error PRM001 \/environments\/dev: --from and --to are both "dev"/],
    [["--from", "dev", "--to", "prod", "--app", "api"], /error PRM001 \/apps: no app "api"/],
    [["--from", "dev", "--to", "prod"], /error PRM001 \/promotion: promoting dev → prod skips staging in the promotion order\n {2}hint: promote dev → staging first, or pass --force/],
  ])("refuses %j with a located error, exit 1, nothing changed", (args, expected) => {
    const dir = repo("promotion: [dev, staging, prod]\n");
    const tree = readTree(dir);
    const r = runCli(dir, ["promote", ...args]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readTree(dir)).toEqual(tree);
  }, 120_000);

  it("--force promotes past a step of the promotion order", () => {
    const dir = repo("promotion: [dev, staging, prod]\n");
    const r = runCli(dir, ["promote", "--from", "dev", "--to", "prod", "--force"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "gitops.config.yaml"), "utf8")).toMatch(/ {10}nginx:\n {12}resources:[\s\S]*? {12}tag: "1\.27\.5-alpine"/);
  }, 120_000);
});
