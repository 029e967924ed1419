/** `npm run diff -- --base REF` end to end on a temporary git repository, with real kustomize. */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { REFERENCE_CONFIG, tempRepoWith } from "../helpers/fixture-configs.js";
import { DIFF_MARKER } from "../../generator/review/diff-markdown.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });

describe("npm run diff", () => {
  let repo: string;
  beforeAll(() => {
    // GIVEN a repo with the reference config, generated and committed; then prod's replicas changed, regenerated, committed
    repo = tempRepoWith(REFERENCE_CONFIG, "sidecar-gitops-diff-repo-");
    writeFileSync(join(repo, "package.json"), "{}\n");
    git(repo, "init", "-q", "-b", "main");
    expect(runCli(repo, ["gen"]).code).toBe(0);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "first");
    const cfg = join(repo, "gitops.config.yaml");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace("    cluster: prod\n    replicas: 3\n", "    cluster: prod\n    replicas: 5\n"));
    expect(runCli(repo, ["gen"]).code).toBe(0);
    git(repo, "commit", "-qam", "prod: 5 replicas");
  }, 120_000);

  it("prints, under the changed environment only, the diff of its built manifests", () => {
    const r = runCli(repo, ["diff", "--base", "HEAD~1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith(`${DIFF_MARKER}\n## Rendered changes against \`HEAD~1\`: 1 environment(s), +1 −1 lines\n`)).toBe(true);
    expect(r.stdout).toContain("### prod (+1 −1)");
    expect(r.stdout).toMatch(/^\+ {2}replicas: 5$/m);
    expect(r.stdout).toMatch(/^- {2}replicas: 3$/m);
    expect(r.stdout).not.toMatch(/### (dev|staging)/);
    // The base's worktree is gone again.
    expect(git(repo, "worktree", "list").trim().split("\n")).toHaveLength(1);
  }, 120_000);

  it("says in one line that nothing changed", () => {
    const r = runCli(repo, ["diff", "--base", "HEAD"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${DIFF_MARKER}\nNo changes to the rendered manifests of any environment (against \`HEAD\`).\n`);
  }, 120_000);

  it("refuses a missing or unknown ref with exit 2 and no stack trace", () => {
    const missing = runCli(repo, ["diff"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--base REF is required");
    const unknown = runCli(repo, ["diff", "--base", "no-such-ref"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/git worktree failed/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});
