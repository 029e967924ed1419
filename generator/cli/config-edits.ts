/** What promote and set-image share: the in-place config edit and the render of the edited config, as located errors. */
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { includeAppFiles } from "../config/app-files.js";
import { ConfigEditError, editConfigText, type ConfigEdit, type ConfigRemoval } from "../config/edit.js";
import { parseConfigText, type LoadedConfig } from "../config/load.js";
import { locate, toPointer, type YamlSource } from "../config/source.js";
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import { assertConsent, reviewDeletions } from "../guard/destructive.js";
import { formatDeletionReport, terminalStyle } from "../guard/report.js";
import type { Model } from "../model/types.js";
import { renderFromConfigText, renderFromLoaded, type RenderResult } from "../pipeline.js";
import { applyPlan, planWrites, summarizePlan, writeFileAtomic } from "../write/index.js";
import { printWarnings, type CommandIO } from "./io.js";
import { endWithReport, withElapsed, type Progress } from "./progress.js";
import { generatorVersion } from "./version.js";

/** The config text with the edits made in place; an edit that cannot be made so is a located PRM002. */
export function editConfig(file: string, source: YamlSource, text: string, edits: (ConfigEdit | ConfigRemoval)[]): string {
  // An app file (appFiles) that holds the environment's override for the app: the root config cannot take a
  // second one (CFG041), and only the root is edited in place.
  for (const e of edits) {
    const elsewhere = e.path[0] === "environments" && e.path[2] === "apps" ? source.redirect?.(e.path) : undefined;
    if (elsewhere && elsewhere.source.file !== file) {
      const pointer = toPointer(e.path.slice(0, 4));
      throw new DiagnosticError([
        { ...locate(source, pointer, true), code: "PRM002", severity: "error", message: `environments.${e.path[1]}.apps.${e.path[3]} is written in ${elsewhere.source.file}; only ${file} is edited in place`, hint: `write ${e.path.slice(4).join(".")} there by hand, then run \`npm run gen\`` },
      ]);
    }
  }
  try {
    return editConfigText(text, edits);
  } catch (err) {
    if (!(err instanceof ConfigEditError)) throw err;
    const pointer = toPointer(err.path);
    throw new DiagnosticError([
      { ...locate(source, pointer), code: "PRM002", severity: "error", message: err.message, hint: "write the change by hand (or make this part of the config plain maps without anchors, aliases or merge keys), then run `npm run gen`" },
    ]);
  }
}

/**
 * The edited config rendered in memory. Its problems are located in the config as it would be after the
 * edit (not on disk): each hint says so.
 */
export function renderEdited(file: string, edited: string, out: string): RenderResult {
  try {
    return renderFromConfigText(file, edited, out);
  } catch (err) {
    if (!(err instanceof DiagnosticError)) throw err;
    throw new DiagnosticError(err.diagnostics.map((d) => ({ ...d, hint: `${d.hint ? `${d.hint}; ` : ""}the line is in ${file} as the edit would leave it (nothing was written)` })));
  }
}

/** The config as promote and set-image edit it: its text, parsed with its app files, and the model it renders. */
export function loadForEdit(config: string, out: string, io: CommandIO): { text: string; loaded: LoadedConfig; model: Model } {
  const text = readFileSync(config, "utf8");
  // With its app files (appFiles) merged: their overrides are located in them, and left to them.
  const loaded = includeAppFiles(config, parseConfigText(config, text));
  const { model, warnings } = renderFromLoaded(config, loaded, out);
  printWarnings(io, warnings);
  return { text, loaded, model };
}

export interface EditedWrite {
  command: "promote" | "set-image";
  config: string;
  out: string;
  /** The config text after the edit. */
  edited: string;
  /** One line each, printed after the deletion report (e.g. `web/nginx: 1.27.3 → 1.27.4`). */
  changes: string[];
  dryRun: boolean;
  allowDelete: boolean;
  verbose: boolean;
  /** The last line of a dry run, and of a run that wrote. */
  dryRunLine: string;
  doneLine: string;
}

/**
 * The edited config rendered, validated and planned in memory, then (unless a dry run) the config and the tree
 * written with gen's atomic writes, after the same deletion consent as gen (guard/): any error leaves both as they were.
 */
export async function writeEdited(w: EditedWrite, io: CommandIO, progress: Progress): Promise<void> {
  const { files, model: next, source: nextSource } = renderEdited(w.config, w.edited, w.out);
  progress.phase("plan");
  const root = resolve(w.out);
  const plan = await planWrites(root, files, { force: false, version: generatorVersion() });
  // A stale tree can make the regeneration delete sync targets.
  const review = await reviewDeletions({ root, paths: files.map((f) => f.path), model: next, allowDelete: w.allowDelete, oldPaths: Object.keys(plan.previous) });
  io.stdout.write(formatDeletionReport(review, terminalStyle(io.stdout as { isTTY?: boolean })));
  for (const line of w.changes) io.stdout.write(`${line}\n`);
  if (w.dryRun) {
    progress.stop();
    io.stdout.write(withElapsed(`${w.dryRunLine}\n`, progress.elapsedMs()));
    return;
  }
  assertConsent(review, next, nextSource);
  progress.phase("write");
  // The config first (the source of truth), with gen's atomic write; then the tree.
  await writeFileAtomic(dirname(resolve(w.config)), basename(w.config), w.edited);
  await applyPlan(plan, { onProgress: progress.reporter() });
  endWithReport(progress, summarizePlan(plan) + `${w.doneLine}\n`, {
    title: `${w.command}: what was written`,
    verbose: w.verbose,
    changed: plan.files.filter((f) => f.action !== "unchanged").map((f) => f.path),
  });
}
