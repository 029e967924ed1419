/**
 * The real CLI (`tsx generator/cli/main.ts gen`, what `npm run gen` runs) on a temp copy of the repo's inputs.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT as ROOT, runCli } from "../helpers/cli.js";
import { readTree, tempDir } from "../helpers/tree.js";

const gen = (cwd: string, args: string[] = [], env: Record<string, string> = {}) => runCli(cwd, ["gen", ...args], env);

/** A temp repo holding what gen reads: the config and the schema it names. */
function tempRepo(): string {
  const dir = tempDir("sidecar-gitops-e2e-");
  cpSync(join(ROOT, "gitops.config.yaml"), join(dir, "gitops.config.yaml"));
  return dir;
}

describe("npm run gen", () => {
  let repo: string;
  let first: ReturnType<typeof gen>;
  beforeAll(() => {
    repo = tempRepo();
    first = gen(repo);
  }, 60_000);

  it("renders base/, overlays/ and the manifest, byte-identical to the committed tree", () => {
    expect(first.code, first.stderr).toBe(0);
    const tree = readTree(repo, (p) => p === "gitops.config.yaml");
    const committed = readTree(ROOT, (p) => !/^(base|overlays|\.gitops)(\/|$)/.test(p));
    expect(Object.keys(tree)).toContain(".gitops/manifest.json");
    expect(tree).toEqual(committed);
  });

  it("is idempotent, and --check passes on a fresh tree", () => {
    const again = gen(repo);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 updated, 0 deleted/);
    const check = gen(repo, ["--check"]);
    expect(check.code, check.stderr).toBe(0);
  }, 60_000);

  it("--check fails with a unified diff after a hand edit, and plain gen refuses to overwrite it without --force", () => {
    const dir = tempRepo();
    expect(gen(dir).code).toBe(0);
    const target = join(dir, "overlays", "prod", "kustomization.yaml");
    writeFileSync(target, readFileSync(target, "utf8").replace("count: 3", "count: 5"));
    const check = gen(dir, ["--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("--- a/overlays/prod/kustomization.yaml");
    expect(check.stdout).toMatch(/^-\s+count: 5$/m);
    expect(check.stdout).toMatch(/^\+\s+count: 3$/m);
    // It says the difference is a hand edit, that plain gen refuses it, and what --force would overwrite.
    expect(check.stderr).toMatch(/edited by hand since gen wrote them \(overlays\/prod\/kustomization\.yaml\): `npm run gen` refuses to overwrite them \(WRT002\)/);
    expect(check.stderr).toMatch(/`npm run gen -- --force`, which overwrites overlays\/prod\/kustomization\.yaml/);
    const before = readTree(dir);
    const refused = gen(dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("overlays/prod/kustomization.yaml");
    expect(refused.stderr).toContain("--force");
    expect(readTree(dir)).toEqual(before);
    const forced = gen(dir, ["--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(target, "utf8")).toContain("count: 3");
  }, 60_000);

  it("never overwrites a file it did not write", () => {
    const dir = tempRepo();
    mkdirSync(join(dir, "overlays", "dev"), { recursive: true });
    writeFileSync(join(dir, "overlays", "dev", "kustomization.yaml"), "# mine\n");
    const r = gen(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("overlays/dev/kustomization.yaml");
    expect(readTree(dir)).toEqual({ "gitops.config.yaml": readFileSync(join(ROOT, "gitops.config.yaml"), "utf8"), "overlays/dev/kustomization.yaml": "# mine\n" });
  }, 60_000);

  it("removes the files of an environment that was dropped from the config, and keeps the user's files", () => {
    const dir = tempRepo();
    expect(gen(dir).code).toBe(0);
    writeFileSync(join(dir, "overlays", "staging", "NOTES.md"), "mine\n");
    const cfg = join(dir, "gitops.config.yaml");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace("  staging:\n    replicas: 2\n", ""));
    const r = gen(dir);
    expect(r.code, r.stderr).toBe(0);
    const tree = readTree(dir);
    expect(Object.keys(tree).filter((p) => p.startsWith("overlays/staging/"))).toEqual(["overlays/staging/NOTES.md"]);
    expect(JSON.parse(tree[".gitops/manifest.json"]!).files).not.toHaveProperty("overlays/staging/kustomization.yaml");
  }, 60_000);

  it("--dry-run lists the changes and writes nothing", () => {
    const dir = tempRepo();
    const r = gen(dir, ["--dry-run"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("create base/web/deployment.yaml");
    expect(Object.keys(readTree(dir))).toEqual(["gitops.config.yaml"]);
  }, 60_000);

  it("writes the same bytes whatever the cwd, TZ and locale", () => {
    const a = tempRepo();
    const b = tempRepo();
    expect(gen(a, [], { TZ: "UTC", LANG: "C", LC_ALL: "C" }).code).toBe(0);
    const sub = join(b, "sub");
    mkdirSync(sub);
    const r = gen(sub, ["--config", "../gitops.config.yaml", "--out", ".."], { TZ: "Pacific/Kiritimati", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" });
    expect(r.code, r.stderr).toBe(0);
    rmSync(sub, { recursive: true });
    expect(readTree(b)).toEqual(readTree(a));
  }, 60_000);

  it.each([
    ["invalid YAML", "project: [\n", /^gitops\.config\.yaml:\d+:\d+: error CFG004/],
    ["an unknown key", (t: string) => t.replace("      port: 8080", "      prot: 8080"), /^gitops\.config\.yaml:\d+:7: error CFG011 \/apps\/0\/main\/prot: unknown key "prot"\n  hint: did you mean "port"\?/],
    ["a path-traversing environment name", (t: string) => t.replace("  staging:", '  "../../etc":'), /error CFG015 \/environments\/\.\.~1\.\.~1etc/],
    ["a duplicate key", (t: string) => t.replace("  name: sidecar-demo\n", "  name: sidecar-demo\n  name: other\n"), /error CFG005/],
    ["an alias bomb", 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`).join("\n") + "\n", /error CFG006/],
    ["a binary file", "project:\0\n", /error CFG003/],
    ["a huge file", "# " + "x".repeat(9 * 1024 * 1024) + "\n", /error CFG002/],
  ])("%s: exit 1, one located error, no stack trace, tree unchanged", (_name, edit, expected) => {
    const dir = tempRepo();
    expect(gen(dir).code).toBe(0);
    const cfg = join(dir, "gitops.config.yaml");
    const original = readFileSync(cfg, "utf8");
    writeFileSync(cfg, typeof edit === "string" ? edit : edit(original));
    const before = readTree(dir);
    const r = gen(dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack frames
    expect(r.stderr.split("\n").length).toBeLessThan(25); // one screen
    expect(readTree(dir)).toEqual(before);
  }, 60_000);

  it("exits 2 with usage when --check and --dry-run are combined, writing nothing", () => {
    const dir = tempRepo();
    const r = gen(dir, ["--check", "--dry-run"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--check and --dry-run cannot be combined/);
    expect(r.stderr).toContain("usage: npm run gen");
    expect(readTree(dir, (p) => p === "gitops.config.yaml")).toEqual({});
  }, 60_000);

  it("prints its version and a usage line naming the sidecar-gitops command", () => {
    const dir = tempRepo();
    const v = runCli(dir, ["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout).toBe(`sidecar-gitops ${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version}\n`);
    // As the README shows it: npm run -s gen -- --version.
    expect(gen(dir, ["--version"])).toMatchObject({ code: 0, stdout: v.stdout });
    const help = runCli(dir, ["--help"]);
    expect(help.stdout).toMatch(/^usage: sidecar-gitops <command>/);
  }, 60_000);

  it("exits 2 with usage on an unknown flag", () => {
    const r = gen(tempRepo(), ["--nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage: npm run gen");
  }, 60_000);
});
