/**
 * Consent before deletions, through the real CLI: a gen (or promote) that removes a sync target whose objects
 * Argo CD and Flux would delete stops with the plan, writing nothing, unless --allow-delete or `removed:`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempRepoWith } from "../helpers/fixture-configs.js";
import { readTree } from "../helpers/tree.js";

const gen = (cwd: string, args: string[] = []) => runCli(cwd, ["gen", ...args]);

/** The reference config (the demo's), generated into a temp folder: the tree the controllers run. */
function generated(): { dir: string; cfg: string } {
  const dir = tempRepoWith(undefined, "sidecar-gitops-deletions-");
  expect(gen(dir).code).toBe(0);
  return { dir, cfg: join(dir, "gitops.config.yaml") };
}

/** The new user's mistake: `prod:` renamed `prdo:` by a typo. */
function renameProd(cfg: string): void {
  const text = readFileSync(cfg, "utf8");
  expect(text).toContain("\n  prod:\n");
  writeFileSync(cfg, text.replace("\n  prod:\n", "\n  prdo:\n"));
}

/** Every file's bytes, the config included. */
const bytes = (dir: string) => readTree(dir);

describe("gen and a deletion the controllers would carry out", () => {
  it("prod renamed prdo by mistake: stops with the plan and the rename hint, exit 1, the tree byte for byte as it was", () => {
    const { dir, cfg } = generated();
    renameProd(cfg);
    const before = bytes(dir);
    const r = gen(dir);
    expect(r.code).toBe(1);
    expect(bytes(dir)).toEqual(before);
    // The plan: what goes, and what the controllers then delete from which cluster and namespace, by kind.
    expect(r.stdout).toContain("Deletes: 2 sync target(s) leave the tree; Argo CD and Flux then delete 4 object(s) from the cluster\n");
    expect(r.stdout).toContain("  prod (the whole environment; did you mean to rename prod to prdo?)\n");
    expect(r.stdout).toContain(
      "    overlays/prod/web: cluster prod, namespace sidecar-demo-prod: ConfigMap web-config, Deployment web, Service web, ServiceAccount web (no consent)\n",
    );
    expect(r.stdout).toContain(
      "      Argo CD: Application sidecar-demo-prod-web, deletes them (its resources finalizer, once argocd/ is applied); Flux: Kustomization flux-system/sidecar-demo-prod-web, deletes them (prune: true)\n",
    );
    expect(r.stdout).toContain("overlays/prod/namespace: Namespace sidecar-demo-prod stays (protected from pruning and deletion)");
    expect(r.stdout).not.toMatch(/created, .* updated/); // no write summary: nothing was planned for writing
    // The diagnostic: located at the new name, with the hint and both ways to consent.
    expect(r.stderr).toMatch(/^gitops\.config\.yaml:\d+:3: error DEL001 \/environments\/prdo: environment "prod" is gone from the config and "prdo" is new: Argo CD and Flux would delete 4 object\(s\) of 1 sync target\(s\) from cluster prod, namespace sidecar-demo-prod\n/);
    expect(r.stderr).toContain("hint: did you mean to rename prod to prdo?");
    expect(r.stderr).toContain("`removed: { environments: [prod] }`");
    expect(r.stderr).toContain("--allow-delete");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("with --allow-delete it writes: prod's files go, prdo's come", () => {
    const { dir, cfg } = generated();
    renameProd(cfg);
    const r = gen(dir, ["--allow-delete"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("(consented: --allow-delete)");
    const tree = Object.keys(bytes(dir));
    expect(tree.filter((p) => p.startsWith("overlays/prod/"))).toEqual([]);
    expect(tree).toContain("overlays/prdo/web/kustomization.yaml");
    expect(tree).not.toContain("argocd/applicationset-prod.yaml");
    expect(gen(dir, ["--check"]).code).toBe(0);
  }, 60_000);

  it("a `removed:` entry is consent in the commit; once the deletion is done it is reported as stale, and naming a live environment is DEL002", () => {
    const { dir, cfg } = generated();
    renameProd(cfg);
    writeFileSync(cfg, readFileSync(cfg, "utf8") + "removed:\n  environments: [prod]\n");
    const r = gen(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("(consented: removed)");
    expect(Object.keys(bytes(dir)).filter((p) => p.startsWith("overlays/prod/"))).toEqual([]);
    const again = gen(dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("removed.environments: prod: nothing of it is left in the tree to delete; the entry can go\n");
    // prod back under environments while still marked removed: a contradiction, located at the entry.
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace("\n  prdo:\n", "\n  prod:\n"));
    const before = bytes(dir);
    const contradiction = gen(dir);
    expect(contradiction.code).toBe(1);
    expect(contradiction.stderr).toMatch(/gitops\.config\.yaml:\d+:18: error DEL002 \/removed\/environments\/0: environment "prod" is marked removed but is still under environments/);
    expect(bytes(dir)).toEqual(before);
  }, 60_000);

  it("an acknowledgement for another app or environment is no consent for this one", () => {
    const { dir, cfg } = generated();
    renameProd(cfg);
    writeFileSync(cfg, readFileSync(cfg, "utf8") + "removed:\n  environments: [qa]\n  apps:\n    - { name: api, environments: [prod] }\n");
    const before = bytes(dir);
    const r = gen(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error DEL001 /environments/prdo");
    expect(bytes(dir)).toEqual(before);
  }, 60_000);

  it("--check and --dry-run put the deletions first and write nothing; --dry-run warns what gen would refuse", () => {
    const { dir, cfg } = generated();
    renameProd(cfg);
    const before = bytes(dir);
    const check = gen(dir, ["--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout.startsWith("Deletes: 2 sync target(s) leave the tree")).toBe(true);
    // In the unified diff, the deleted files come before every other change.
    const files = [...check.stdout.matchAll(/^--- (\S+)\n\+\+\+ (\S+)$/gm)].map((m) => (m[2] === "/dev/null" ? "delete" : "other"));
    expect(files.indexOf("other")).toBeGreaterThan(files.lastIndexOf("delete"));
    expect(files.filter((f) => f === "delete").length).toBeGreaterThan(0);
    const dry = gen(dir, ["--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout.startsWith("Deletes: 2 sync target(s)")).toBe(true);
    expect(dry.stdout).toContain("delete overlays/prod/web/kustomization.yaml\n");
    expect(dry.stderr).toContain("warning DEL001 /environments/prdo");
    expect(bytes(dir)).toEqual(before);
  }, 60_000);

  it("prints the deletions in bold under GitHub Actions (and in a terminal), plain otherwise", () => {
    const { dir, cfg } = generated();
    renameProd(cfg);
    const r = runCli(dir, ["gen", "--dry-run"], { GITHUB_ACTIONS: "true", NO_COLOR: "" });
    expect(r.stdout.startsWith("\x1b[1mDeletes: 2 sync target(s)")).toBe(true);
    expect(runCli(dir, ["gen", "--dry-run"], { GITHUB_ACTIONS: "true", NO_COLOR: "1" }).stdout.startsWith("Deletes:")).toBe(true);
  }, 60_000);

  it("an app renamed by a typo gets the hint at the new app's name", () => {
    const { dir, cfg } = generated();
    // The app and the environments' overrides of it, renamed together (as a search-and-replace would).
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace("  - name: web\n", "  - name: wbe\n").replaceAll("\n      web:\n", "\n      wbe:\n"));
    const before = bytes(dir);
    const r = gen(dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("overlays/dev/web (did you mean to rename web to wbe?): cluster nonprod, namespace sidecar-demo-dev:");
    expect(r.stderr).toMatch(/gitops\.config\.yaml:\d+:\d+: error DEL001 \/apps\/0\/name: app "web" is gone from the config and "wbe" is new: Argo CD and Flux would delete 12 object\(s\) of 3 sync target\(s\) from cluster nonprod, namespace sidecar-demo-dev; cluster prod, namespace sidecar-demo-prod; cluster nonprod, namespace sidecar-demo-staging/);
    expect(r.stderr).toContain("hint: did you mean to rename web to wbe?");
    expect(bytes(dir)).toEqual(before);
    writeFileSync(cfg, readFileSync(cfg, "utf8") + "removed:\n  apps:\n    - name: web\n");
    expect(gen(dir).code).toBe(0);
  }, 60_000);

  it("promote regenerating a stale tree that would delete prod stops the same way, config and tree unchanged", () => {
    const { dir, cfg } = generated();
    renameProd(cfg);
    // dev runs another tag than staging, so there is something to promote.
    const text = readFileSync(cfg, "utf8");
    expect(text).toContain("    apps:\n      web:\n        config:\n");
    writeFileSync(cfg, text.replace("    apps:\n      web:\n        config:\n", "    apps:\n      web:\n        containers:\n          nginx: { tag: 1.27.5-alpine }\n        config:\n"));
    const before = bytes(dir);
    const r = runCli(dir, ["promote", "--from", "dev", "--to", "staging"]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("Deletes: 2 sync target(s)");
    expect(r.stderr).toContain("error DEL001");
    expect(bytes(dir)).toEqual(before);
  }, 60_000);
});
