/** `npm run diff` end to end on temporary git repositories, with real kustomize. */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LAUNCHER, REPO_ROOT, runCli } from "../helpers/cli.js";
import { REFERENCE_CONFIG, tempRepoWith } from "../helpers/fixture-configs.js";
import { readTree, tempDir } from "../helpers/tree.js";
import { DIFF_MARKER } from "../../generator/review/diff-markdown.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });

/** The README's scenario: prod's nginx tag set in the config, gen not run. */
const PROD_TAG = "        containers:\n          nginx:\n            resources:";
function bumpProdTag(repo: string, tag = "1.27.5-alpine"): void {
  const cfg = join(repo, "gitops.config.yaml");
  const text = readFileSync(cfg, "utf8");
  expect(text).toContain(PROD_TAG);
  writeFileSync(cfg, text.replace(PROD_TAG, `        containers:\n          nginx:\n            tag: ${tag}\n            resources:`));
}

/**
 * The reference config (the demo's gitops.config.yaml, the README's "default config") generated and committed on
 * main, in a repo whose package.json runs this checkout's CLI (as `npm run` does).
 */
let template: string;
beforeAll(() => {
  template = tempRepoWith(REFERENCE_CONFIG, "sidecar-gitops-diff-repo-");
  const scripts = Object.fromEntries(["gen", "diff"].map((c) => [c, `node ${JSON.stringify(LAUNCHER)} ${c}`]));
  writeFileSync(join(template, "package.json"), JSON.stringify({ name: "diff-e2e", private: true, scripts }, null, 2) + "\n");
  git(template, "init", "-q", "-b", "main");
  expect(runCli(template, ["gen"]).code).toBe(0);
  git(template, "add", "-A");
  git(template, "commit", "-qm", "first");
}, 120_000);

/** A private copy of the committed repo (its .git included). */
function repo(): string {
  const dir = tempDir("sidecar-gitops-diff-");
  cpSync(template, dir, { recursive: true });
  return dir;
}

describe("npm run diff", () => {
  it("runs the README's example literally and prints exactly what the README shows", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const output = readme.indexOf(`\`\`\`\`markdown\n${DIFF_MARKER}\n`);
    expect(output).toBeGreaterThan(0);
    const expected = readme.slice(output + "````markdown\n".length, readme.indexOf("\n````\n", output) + 1);
    const sh = readme.lastIndexOf("```sh\n", output);
    const command = readme.slice(sh + "```sh\n".length, readme.indexOf("\n```\n", sh));
    expect(command).toBe("npm run -s diff -- --base HEAD");
    expect(readme.slice(sh - 300, sh)).toContain("`tag: 1.27.5-alpine` under `environments.prod.apps.web.containers.nginx`");

    const dir = repo();
    bumpProdTag(dir);
    const r = spawnSync("sh", ["-c", command], { cwd: dir, encoding: "utf8", env: { ...process.env, GITHUB_ACTIONS: "" } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(expected);
  }, 120_000);

  it("a stale tree (tag edited, gen not run): shows the tag change and says the tree is stale; --committed shows no change, stale", () => {
    const dir = repo();
    bumpProdTag(dir);
    const before = readTree(dir);
    const r = runCli(dir, ["diff", "--base", "HEAD"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("> **The committed tree is stale**: 3 generated file(s) differ from what `gitops.config.yaml` renders.");
    expect(r.stdout).toMatch(/^-\s+image: nginxinc\/nginx-unprivileged:1\.27\.4-alpine\n\+\s+image: nginxinc\/nginx-unprivileged:1\.27\.5-alpine$/m);
    const committed = runCli(dir, ["diff", "--base", "HEAD", "--committed"]);
    expect(committed.code, committed.stderr).toBe(0);
    expect(committed.stdout).toMatch(new RegExp(`^${DIFF_MARKER}\\nNo changes to the rendered manifests of any environment \\(against \`HEAD\`\\)\\.\\n\\n> \\*\\*The committed tree is stale\\*\\*`));
    // diff writes nothing, and leaves no worktree behind.
    expect(readTree(dir)).toEqual(before);
    expect(git(dir, "worktree", "list").trim().split("\n")).toHaveLength(1);
  }, 120_000);

  it("a tag bump for every environment: one changed line per environment, under the Deployment's header", () => {
    const dir = repo();
    const cfg = join(dir, "gitops.config.yaml");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace('tag: "1.27.4-alpine"', 'tag: "1.27.5-alpine"'));
    expect(runCli(dir, ["gen"]).code).toBe(0);
    git(dir, "commit", "-qam", "bump");
    const r = runCli(dir, ["diff", "--base", "HEAD~1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("## Rendered changes against `HEAD~1`: 0 created, 3 changed, 0 deleted object(s) in 3 environment(s)\n");
    expect(r.stdout).not.toContain("stale");
    for (const env of ["dev", "staging", "prod"]) {
      const section = r.stdout.slice(r.stdout.indexOf(`### ${env} `)).split(/\n(?=### )/)[0]!;
      expect(section).toContain(`\n#### \`Deployment sidecar-demo-${env}/web\` (changed, +1 −1)\n`);
      expect(section.split("\n").filter((l) => /^[-+]/.test(l))).toEqual([
        "-        image: nginxinc/nginx-unprivileged:1.27.4-alpine",
        "+        image: nginxinc/nginx-unprivileged:1.27.5-alpine",
      ]);
      expect(section).not.toContain("<details>");
    }
  }, 120_000);

  it("defaults --base to the merge base with main on a branch, and to HEAD outside a branch", () => {
    const dir = repo();
    git(dir, "checkout", "-qb", "feature");
    bumpProdTag(dir);
    expect(runCli(dir, ["gen"]).code).toBe(0);
    git(dir, "commit", "-qam", "prod 1.27.5");
    const main = git(dir, "rev-parse", "main").trim();
    const onBranch = runCli(dir, ["diff"]);
    expect(onBranch.code, onBranch.stderr).toBe(0);
    expect(onBranch.stdout).toContain(`## Rendered changes against \`main\` (merge base ${main.slice(0, 7)}): 0 created, 1 changed, 0 deleted object(s) in 1 environment(s)`);
    git(dir, "checkout", "-q", "--detach");
    const detached = runCli(dir, ["diff"]);
    expect(detached.stdout).toBe(`${DIFF_MARKER}\nNo changes to the rendered manifests of any environment (against \`HEAD\`).\n`);
  }, 120_000);

  it("a renamed environment: deletions first and in bold, with the clusters and namespaces the controllers delete from", () => {
    const dir = repo();
    const cfg = join(dir, "gitops.config.yaml");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace("\n  prod:\n", "\n  prdo:\n"));
    const r = runCli(dir, ["diff", "--base", "HEAD"]);
    expect(r.code, r.stderr).toBe(0);
    const md = r.stdout;
    expect(md).toContain("0 changed, 4 deleted object(s) (and 1 left in the cluster, protected) in 2 environment(s)");
    const deletes = md.indexOf("**Deletes: 2 sync target(s) leave the tree; Argo CD and Flux then delete 4 object(s) from the cluster**");
    expect(deletes).toBeGreaterThan(0);
    expect(md).toContain("- **prod** (the whole environment; did you mean to rename prod to prdo?)");
    expect(md).toContain("  - `overlays/prod/web`: **cluster prod, namespace sidecar-demo-prod: ConfigMap web-config, Deployment web, Service web, ServiceAccount web**");
    // The removed environment's section comes before the new one's, its deletions named in bold.
    expect(deletes).toBeLessThan(md.indexOf("### prod (removed)"));
    expect(md.indexOf("### prod (removed)")).toBeLessThan(md.indexOf("### prdo"));
    expect(md).toContain("**Deleted: `ServiceAccount sidecar-demo-prod/web`, `ConfigMap sidecar-demo-prod/web-config`, `Service sidecar-demo-prod/web`, `Deployment sidecar-demo-prod/web`**");
  }, 120_000);

  it("keeps the comment under the limit with a pointer, and writes the whole diff to --summary", () => {
    const dir = repo();
    bumpProdTag(dir);
    const summary = join(dir, "summary.md");
    const full = runCli(dir, ["diff", "--base", "HEAD", "--max-chars", "0"]).stdout;
    const cut = runCli(dir, ["diff", "--base", "HEAD", "--max-chars", "600", "--summary", summary], {
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "o/r",
      GITHUB_RUN_ID: "42",
    });
    expect(cut.code, cut.stderr).toBe(0);
    expect(cut.stdout.length).toBeLessThanOrEqual(600);
    expect(cut.stdout).toContain("the full diff is in [the job summary of this run](https://github.com/o/r/actions/runs/42)");
    expect(readFileSync(summary, "utf8")).toBe(full);
    expect(runCli(dir, ["diff", "--base", "HEAD", "--max-chars", String(full.length)]).stdout).toBe(full);
  }, 120_000);

  it("refuses an unknown ref or a bad --max-chars with exit 2 and no stack trace", () => {
    const dir = repo();
    const unknown = runCli(dir, ["diff", "--base", "no-such-ref"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/git worktree failed/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    expect(runCli(dir, ["diff", "--max-chars", "many"]).code).toBe(2);
  }, 120_000);
});
