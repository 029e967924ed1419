/**
 * Drift check (`gen --check`, `validate`): what a run would change, as a unified diff, writing nothing.
 */
import { createTwoFilesPatch } from "diff";
import { cmp, DiagnosticError, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { GeneratedFile } from "../render/generated-file.js";
import { buildManifest, hashBytes, hashContent, JOURNAL_PATH, MANIFEST_PATH, readManifest, serializeManifest } from "./manifest.js";
import { createInspector, type PathState } from "./paths.js";
import { indexGenerated } from "./plan.js";

export interface TreeCheck {
  /** True when a run would change nothing: every file, the manifest, and no journal of an interrupted run. */
  clean: boolean;
  /** Every path that differs, sorted by path (generated files and the manifest, then deletions). */
  changes: TreeChange[];
  /**
   * Unified diff of every difference, deletions first (`a/<path>` = on disk, `b/<path>` = rendered;
   * `/dev/null` for a missing side, as git writes it).
   */
  diff: string;
}

export interface TreeChange {
  path: string;
  action: "create" | "update" | "delete";
  /**
   * Why the file on disk is not what gen last wrote: `hand-edit` (gen wrote it, its bytes changed since:
   * plain `gen` refuses, `gen --force` overwrites or deletes it) or `not-ours` (gen never wrote it: refused
   * even with --force). Absent when the file is as gen left it (only the config changed).
   */
  cause?: "hand-edit" | "not-ours";
}

/** The text at a path for diffing: missing → undefined; a blocked path (symlink, folder) is never read through. */
function textOf(state: PathState): string | undefined {
  return state.kind === "file" ? state.bytes.toString("utf8") : undefined;
}

/** One file's unified diff; a missing side is `/dev/null`, unless a note says why the old side was not read. */
function patch(path: string, before: string | undefined, after: string | undefined, note?: string): string {
  const p = createTwoFilesPatch(
    before === undefined && note === undefined ? "/dev/null" : `a/${path}`,
    after === undefined ? "/dev/null" : `b/${path}`,
    before ?? "",
    after ?? "",
    note,
    undefined,
    { context: 3 },
  );
  // The diff package starts each patch with a "====" separator line; keep only the unified diff proper.
  const body = p.replace(/^=+\n/, "");
  return body.endsWith("\n") ? body : body + "\n";
}

/**
 * Compares the tree under outDir with what files (plus the manifest for them) would make it, and writes
 * nothing. Paths are checked as planWrites checks them (symlinks are never followed, so the diff cannot
 * leak a file from outside the root into CI logs). Ownership conflicts are not reported here: this answers
 * "is the committed tree what the config renders", and `gen` itself refuses what it may not overwrite.
 * Throws a DiagnosticError for an untrusted manifest (WRT010/011/012) or a bad generated path (WRT004).
 */
export async function checkTree(outDir: string, files: GeneratedFile[], options: { version: string }): Promise<TreeCheck> {
  const old = await readManifest(outDir);
  const problems: Diagnostic[] = [];
  const produced = indexGenerated(files, problems);
  if (problems.length) throw new DiagnosticError(sortDiagnostics(problems));

  const wanted = new Map([...produced.values()].map((f) => [f.path, f.content]));
  const hashes = Object.fromEntries([...wanted.entries()].map(([p, c]) => [p, hashContent(c)]));
  wanted.set(MANIFEST_PATH, serializeManifest(buildManifest(hashes, options.version)));

  const fsView = createInspector(outDir);
  const causeOf = (path: string, state: PathState): Pick<TreeChange, "cause"> => {
    if (state.kind !== "file" || path === MANIFEST_PATH || path === JOURNAL_PATH) return {};
    const recorded = old?.files[path];
    if (recorded === undefined) return { cause: "not-ours" };
    return recorded === hashBytes(state.bytes) ? {} : { cause: "hand-edit" };
  };
  const changes: TreeCheck["changes"] = [];
  const patches: string[] = [];
  const targets = [...wanted.entries()].sort(([a], [b]) => cmp(a, b));
  const states = await Promise.all(targets.map(([path]) => fsView.inspect(path)));
  for (const [i, [path, content]] of targets.entries()) {
    const state = states[i]!;
    const current = textOf(state);
    if (current === content) continue;
    changes.push({ path, action: state.kind === "missing" ? "create" : "update", ...causeOf(path, state) });
    patches.push(patch(path, current, content, state.kind === "blocked" ? `(${state.reason})` : undefined));
  }
  const stale = [...Object.keys(old?.files ?? {}), JOURNAL_PATH].filter((p) => !wanted.has(p)).sort(cmp);
  const staleStates = await Promise.all(stale.map((path) => fsView.inspect(path)));
  const deletions: string[] = [];
  for (const [i, path] of stale.entries()) {
    const current = textOf(staleStates[i]!);
    if (current === undefined) continue; // already gone (or a folder now): a run would not delete anything
    changes.push({ path, action: "delete", ...causeOf(path, staleStates[i]!) });
    deletions.push(patch(path, current, undefined));
  }
  // Deletions first: what leaves the tree is what a reviewer must not miss.
  return { clean: changes.length === 0, changes, diff: deletions.join("") + patches.join("") };
}

/**
 * What to do about a stale tree, for `gen --check` and `validate`: plain `npm run gen` when only the config
 * changed; when a generated file was edited by hand, that gen refuses it and `--force` overwrites it (and
 * which files that loses); when a file gen did not write is in the way, that nothing overwrites it.
 */
export function driftAdvice(changes: TreeChange[], config: string): string {
  const edited = changes.filter((c) => c.cause === "hand-edit").map((c) => c.path);
  const foreign = changes.filter((c) => c.cause === "not-ours").map((c) => c.path);
  const advice: string[] = [];
  if (edited.length > 0) {
    advice.push(
      `${edited.length} generated file(s) were edited by hand since gen wrote them (${edited.join(", ")}): \`npm run gen\` refuses to overwrite them (WRT002). ` +
        `Move the change into ${config} and run \`npm run gen -- --force\`, which overwrites ${edited.join(", ")} with what the config renders (the hand edits are lost)`,
    );
  }
  if (foreign.length > 0) {
    advice.push(`${foreign.length} file(s) that gen did not write stand where it generates (${foreign.join(", ")}): gen never overwrites them, even with --force (WRT001). Move them away, then run \`npm run gen\``);
  }
  if (advice.length === 0) advice.push("run `npm run gen` and commit the result");
  return advice.join("; ");
}
