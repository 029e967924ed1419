/**
 * The CLI as users run it: bin/sidecar-gitops.mjs as a child process (real argv, real stdin, real exit code).
 * Exit codes (generator/cli/main.ts): 0 ok, 1 findings, 2 usage or internal error.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT as ROOT, runCli as cli } from "../helpers/cli.js";
import { REFERENCE_CONFIG, tempRepoWith } from "../helpers/fixture-configs.js";
import { tempDir } from "../helpers/tree.js";

const LAUNCHER = join(ROOT, "bin", "sidecar-gitops.mjs");

/** The CLI with text piped to its stdin (a real pipe, as `cat x | npm run kubeconform` gives). */
function cliWithStdin(cwd: string, args: string[], input: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd, input, encoding: "utf8", env: { ...process.env, GITHUB_ACTIONS: "", ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A preload that makes every mkdir under .gitops/ throw a plain Error: an unexpected failure deep in gen,
 * which main.ts must report as an internal error (stack trace, exit 2), not as a finding.
 */
const INJECT_INTERNAL_ERROR = `--import=data:text/javascript,${encodeURIComponent(
  'import fs from "node:fs"; import { syncBuiltinESMExports } from "node:module"; const orig = fs.mkdirSync; ' +
    'fs.mkdirSync = (p, ...a) => { if (String(p).includes(".gitops")) throw new Error("injected internal failure"); return orig(p, ...a); }; ' +
    "syncBuiltinESMExports();",
)}`;

const CM = (value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: ${value}\n`;

/** A temp repo holding the reference config (app `web`, dev, staging and prod), nothing rendered yet. */
const repo = (): string => tempRepoWith(REFERENCE_CONFIG, "sidecar-gitops-main-");

describe("main: commands, usage and exit codes", () => {
  const dir = tempDir("sidecar-gitops-main-");

  it.each(["help", "--help", "-h"])("%s prints the usage on stdout and exits 0", (arg) => {
    const r = cli(dir, [arg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: sidecar-gitops <command> \[flags\]/);
    for (const c of ["gen", "validate", "kubeconform"]) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
    expect(r.stderr).toBe("");
  });

  it("an unknown command is a usage error: named, usage on stderr, exit 2", () => {
    const r = cli(dir, ["generate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^unknown command: generate\nusage: sidecar-gitops <command>/);
    expect(r.stdout).toBe("");
  });

  it("no command prints the usage on stderr and exits 2", () => {
    const r = cli(dir, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^usage: sidecar-gitops <command>/);
  });

  it("an unknown flag is a usage error, exit 2", () => {
    const r = cli(repo(), ["gen", "--frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--frobnicate");
  });

  it("a finding exits 1 without a stack trace: CFG001 for a config that cannot be read", () => {
    const r = cli(dir, ["gen", "--config", "missing.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("missing.yaml: error CFG001: config file not found\n  hint: run from the repository root or pass --config PATH\n");
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const isDir = cli(dir, ["validate", "--config", "."]);
    expect(isDir.code).toBe(1);
    expect(isDir.stderr).toContain("error CFG001: cannot read config file (EISDIR)");
  });

  it("an internal error exits 2 with 'internal error:' and its stack trace", () => {
    const r = cli(repo(), ["gen"], { NODE_OPTIONS: INJECT_INTERNAL_ERROR });
    expect(r.stderr).toMatch(/^internal error: Error: injected internal failure\n\s+at /);
    expect(r.code).toBe(2);
  });
});

describe("validate: VAL002 when kustomize cannot build an overlay, and GitHub annotations", () => {
  it("reports VAL001 and VAL002 per environment (nothing generated yet), exit 1; annotates under GITHUB_ACTIONS=true", () => {
    const dir = repo();
    const r = cli(dir, ["validate"], { GITHUB_ACTIONS: "true" });
    expect(r.code, r.stderr).toBe(1);
    // Every sync target (overlays/<env>/<app>, overlays/<env>/namespace) fails to build, and is named.
    for (const target of ["dev/web", "dev/namespace", "staging/web", "prod/web"]) {
      expect(r.stderr).toMatch(new RegExp(`^overlays/${target}: error VAL002: kustomize build .*overlays/${target} failed`, "m"));
      expect(r.stdout).toMatch(new RegExp(`^::error file=overlays/${target}::VAL002: kustomize build .* \\(hint: run \`npm run gen\`, then \`kubectl kustomize overlays/${target}\` to see the full error\\)$`, "m"));
    }
    expect(r.stderr).toMatch(/^overlays\/dev\/web\/kustomization\.yaml: error VAL001: generated file would be created by gen$/m);
    expect(r.stdout).toMatch(/^::error file=overlays\/dev\/web\/kustomization\.yaml::VAL001: generated file would be created by gen/m);
    expect(r.stderr).toMatch(/^validate: \d+ problem\(s\) \(\d+\.\d s\)$/m);
    // Without GITHUB_ACTIONS the same run prints no workflow commands.
    const plain = cli(dir, ["validate"]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).not.toContain("::error");
  }, 120_000);
});

describe("kubeconform as a process", () => {
  const dir = tempDir("sidecar-gitops-kc-");
  writeFileSync(join(dir, "ok.yaml"), CM("b"));
  writeFileSync(join(dir, "bad.yaml"), CM("1"));
  mkdirSync(join(dir, "cache"));

  it.each([[[]], [["-"]]])("reads a real stdin pipe (args %j): valid exits 0, invalid exits 1", (args: string[]) => {
    const ok = cliWithStdin(dir, ["kubeconform", "-summary", ...args], CM("b"));
    expect(ok).toMatchObject({ code: 0, stdout: "Summary: 1 resource found parsing stdin - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n" });
    const bad = cliWithStdin(dir, ["kubeconform", "-summary", ...args], CM("1"));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^stdin - ConfigMap c is invalid: problem validating schema\. .* - at '\/data\/a': got number, want string or null\n/);
    expect(bad.stdout).toMatch(/Summary: 1 resource found parsing stdin - Valid: 0, Invalid: 1, Errors: 0, Skipped: 0\n$/);
  });

  it("an empty stdin is one empty resource (not counted in the summary): exit 0", () => {
    expect(cliWithStdin(dir, ["kubeconform", "-summary"], "")).toMatchObject({ code: 0, stdout: "Summary: 0 resource found parsing stdin - Valid: 0, Invalid: 0, Errors: 0, Skipped: 0\n" });
  });

  it("refuses -cache (schemas are local), with the usage, exit 1 as kubeconform's flag errors", () => {
    const r = cli(dir, ["kubeconform", "-cache", join(dir, "cache"), "ok.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^-cache is not supported: schemas are local files, read once per run\nUsage: /);
    expect(r.stdout).toBe("");
  });

  it("-kubernetes-version picks the schema folder: 1.33.0 (committed) validates, 1.30.0 has no schemas", () => {
    expect(cli(dir, ["kubeconform", "-kubernetes-version", "1.33.0", "-summary", "ok.yaml"])).toMatchObject({ code: 0, stdout: "Summary: 1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n" });
    const other = cli(dir, ["kubeconform", "-kubernetes-version", "1.30.0", "-summary", "ok.yaml"]);
    expect(other.code).toBe(1);
    expect(other.stdout).toBe("ok.yaml - ConfigMap c failed validation: could not find schema for ConfigMap\nSummary: 1 resource found in 1 file - Valid: 0, Invalid: 0, Errors: 1, Skipped: 0\n");
    const ignored = cli(dir, ["kubeconform", "-kubernetes-version", "1.30.0", "-ignore-missing-schemas", "-summary", "ok.yaml"]);
    expect(ignored).toMatchObject({ code: 0, stdout: "Summary: 1 resource found in 1 file - Valid: 0, Invalid: 0, Errors: 0, Skipped: 1\n" });
  });

  it("a missing path is an error result for that path worded as kubeconform's (Go's lstat error), exit 1, no stack", () => {
    const r = cli(dir, ["kubeconform", "-summary", "missing.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("missing.yaml - failed validation: lstat missing.yaml: no such file or directory\nSummary: 1 resource found in 1 file - Valid: 0, Invalid: 0, Errors: 1, Skipped: 0\n");
    expect(r.stderr).toBe("");
    const json = JSON.parse(cli(dir, ["kubeconform", "-output", "json", "missing.yaml"]).stdout) as { resources: unknown[] };
    expect(json.resources).toEqual([{ filename: "missing.yaml", kind: "", name: "", version: "", status: "statusError", msg: "lstat missing.yaml: no such file or directory" }]);
  });

  it("SIDECAR_GITOPS_NO_CACHE=1 gives the same results as the compile cache", () => {
    const cached = cli(dir, ["kubeconform", "-summary", "-output", "json", "ok.yaml", "bad.yaml"]);
    const uncached = cli(dir, ["kubeconform", "-summary", "-output", "json", "ok.yaml", "bad.yaml"], { SIDECAR_GITOPS_NO_CACHE: "1" });
    expect(cached.code).toBe(1);
    expect(uncached).toMatchObject({ code: cached.code, stdout: cached.stdout });
  });
});
