import { existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseAllDocuments } from "yaml";
import { includeAppFiles } from "./config/app-files.js";
import { loadConfigFile, parseConfigText, type LoadedConfig } from "./config/load.js";
import { checkConfigHeader } from "./config/header.js";
import type { YamlSource } from "./config/source.js";
import { validateConfig } from "./config/validate.js";
import { readRepoFiles } from "./config/repo-files.js";
import { checkConfigPolicy, checkConfigSemantics } from "./config-policy.js";
import { DiagnosticError, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { buildModel } from "./model/build-model.js";
import type { Model } from "./model/types.js";
import type { GeneratedFile } from "./render/generated-file.js";
import type { RenderOrigin } from "./render/header.js";
import { renderTree } from "./render/render-tree.js";
import { generatorVersion } from "./runtime/version.js";

export interface RenderResult {
  model: Model;
  files: GeneratedFile[];
  /** Problems that do not stop the render (a config without the version header): the CLI prints them. */
  warnings: Diagnostic[];
  /** The config's text positions, for diagnostics of later stages (the deletion guard) located in it. */
  source: YamlSource;
}

/**
 * load → validate → model → render, all in memory. Throws DiagnosticError on any user-facing problem;
 * nothing here touches the output tree.
 */
export async function renderFromConfigFile(configPath: string, outDir?: string): Promise<RenderResult> {
  return renderLoaded(originOf(configPath, outDir), includeAppFiles(configPath, await loadConfigFile(configPath)));
}

/** The same from config text already in memory (the docs render the examples this way). */
export function renderFromConfigText(configPath: string, text: string, outDir?: string): RenderResult {
  return renderFromLoaded(configPath, parseConfigText(configPath, text), outDir);
}

/** The same from a config already parsed (promote reads its source positions too). */
export function renderFromLoaded(configPath: string, loaded: LoadedConfig, outDir?: string): RenderResult {
  return renderLoaded(originOf(configPath, outDir), includeAppFiles(configPath, loaded));
}

/**
 * The same for a repository's gitops.config.yaml rendered into that repository's root, wherever the working
 * directory is (init renders the repository it scaffolds): the headers say plain `npm run gen`, as a later
 * `npm run gen` in that repository writes them.
 */
export function renderRepositoryConfig(text: string, file = "gitops.config.yaml"): RenderResult {
  // `file` only locates diagnostics and the repository files the config names (relative to its folder).
  return renderLoaded({ config: "gitops.config.yaml", out: "." }, parseConfigText(file, text));
}

/**
 * The paths as the regenerate command needs them: relative to the repository root, where `npm run` runs
 * (the nearest folder up from the working directory that holds a package.json, else the working directory),
 * in POSIX form, so the headers read the same from any folder and on every OS.
 */
export function originOf(configPath: string, outDir?: string, cwd = process.cwd()): RenderOrigin {
  const root = projectRoot(cwd);
  const rel = (p: string) => relative(root, resolve(cwd, p)).split(sep).join("/") || ".";
  const repoPath = outDir !== undefined ? gitRepoPath(resolve(cwd, outDir)) : "";
  return { config: rel(configPath), ...(outDir !== undefined ? { out: rel(outDir) } : {}), ...(repoPath !== "" ? { repoPath } : {}) };
}

/**
 * The output folder's path from the root of the Git repository that holds it ("" at the root, or outside any
 * repository): Flux and Argo CD read paths from the repository's root, whatever folder gen wrote to. A root
 * is a folder with `.git` (a directory, or a file in a worktree or submodule).
 */
export function gitRepoPath(outDir: string): string {
  for (let dir = outDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return relative(dir, outDir).split(sep).join("/");
    if (dirname(dir) === dir) return "";
  }
}

function projectRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

function renderLoaded(origin: RenderOrigin, { source, data }: LoadedConfig): RenderResult {
  // The version header first: a config for another format or a newer generator gets one error saying so.
  const { warnings } = checkConfigHeader(source, data, generatorVersion());
  const config = validateConfig(source, data);
  // The repository files the config names (configMap volumes), read relative to the config file that names them.
  const model = buildModel(config, source, origin, readRepoFiles(config, source));
  // The Pod Security level each environment asks for, on the workloads as rendered, located in the config.
  // Then what the API server would refuse in those workloads (validate/semantic), located the same way.
  const refused = [...checkConfigPolicy(model, source, data), ...checkConfigSemantics(model, source, data)];
  if (refused.length > 0) throw new DiagnosticError(sortDiagnostics(refused));
  const files = renderTree(model);
  checkRenderedFiles(files);
  return { model, files, source, warnings };
}

/**
 * Last in-memory check before anything is written: LF only, one final newline, and (with reparse) every
 * YAML file parses back cleanly. A failure here is a generator bug, reported as such (RND) rather than
 * written to disk. Re-parsing costs more than rendering (the yaml package reads ~1-2 MB/s), so gen leaves it
 * to the tests, which re-parse every file of every golden tree and of the injection corpus.
 */
export function checkRenderedFiles(files: GeneratedFile[], options: { reparse?: boolean } = {}): void {
  for (const f of files) {
    const problems: string[] = [];
    if (f.content.includes("\r")) problems.push("contains CR");
    if (!f.content.endsWith("\n") || f.content.endsWith("\n\n")) problems.push("must end with exactly one newline");
    if (options.reparse && f.path.endsWith(".yaml")) {
      for (const doc of parseAllDocuments(f.content, { uniqueKeys: true })) {
        if ("errors" in doc && doc.errors.length > 0) problems.push(`invalid YAML: ${doc.errors[0]!.message}`);
      }
    }
    if (problems.length > 0) {
      throw new DiagnosticError([
        { file: f.path, code: "RND001", severity: "error", message: `generated file is malformed: ${problems.join("; ")}`, hint: "report it as a generator bug, with your config (nothing was written)" },
      ]);
    }
  }
}
