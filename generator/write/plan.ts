import { readFile, realpath } from "node:fs/promises";
import { cmp, DiagnosticError, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { GeneratedFile } from "../render/generated-file.js";
import {
  buildManifest,
  hashContent,
  JOURNAL_PATH,
  MANIFEST_PATH,
  readJournal,
  readManifest,
  serializeManifest,
  type Manifest,
} from "./manifest.js";
import { resolveUnder, unsafeParent, unsafePathReason } from "./paths.js";

export type WriteAction = "create" | "update" | "unchanged" | "delete" | "adopt";

export interface PlannedFile {
  path: string;
  action: WriteAction;
  /** The bytes to write (create, update); absent for delete. */
  content?: string;
}

/** Everything one run will do, decided before the first write. */
export interface WritePlan {
  root: string;
  files: PlannedFile[];
  manifest: Manifest;
  manifestText: string;
  /** The manifest on disk now (empty on a first run). */
  previous: Record<string, string>;
  /** Every hash gen owns per path: the manifest's plus those of an interrupted run's journal. */
  owned: Record<string, string[]>;
  /** True when the manifest on disk differs from manifestText (or is missing). */
  manifestChanged: boolean;
  /** A journal from an interrupted run exists and will be cleared. */
  recovering: boolean;
}

export interface PlanOptions {
  /** Overwrite (or delete) generated files edited by hand. Never applies to files gen did not write. @default false */
  force?: boolean;
  /** The generator version recorded in the manifest. */
  version: string;
}

/** Current bytes of a file, or undefined when it does not exist. */
async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "EISDIR") return "\0directory";
    throw err;
  }
}

/**
 * Decides create/update/unchanged/delete/adopt for every file and collects every conflict first:
 * - an existing file gen never wrote is never overwritten (WRT001), unless it already has the wanted bytes
 *   (then gen adopts it);
 * - an owned file whose bytes no longer match the manifest was edited by hand (WRT002; --force overrides);
 * - a path blocked by a directory, a non-directory parent or a symlink (WRT003).
 * A journal left by an interrupted run marks the hashes that run was writing as gen's own too, so a crash
 * never looks like a hand edit; the new plan then completes (or supersedes) the interrupted one.
 */
export async function planWrites(outDir: string, files: GeneratedFile[], options: PlanOptions): Promise<WritePlan> {
  const root = await realpath(outDir).catch(() => outDir);
  const oldManifest = await readManifest(root);
  const journal = await readJournal(root);
  const previous = oldManifest?.files ?? {};
  // Hashes that count as "written by gen" for each path.
  const ours = new Map<string, Set<string>>();
  const own = (path: string, hash: string | undefined) => {
    if (!hash) return;
    const set = ours.get(path) ?? new Set<string>();
    set.add(hash);
    ours.set(path, set);
  };
  for (const [p, h] of Object.entries(previous)) own(p, h);
  if (journal) {
    for (const [p, hs] of Object.entries(journal.owned)) hs.forEach((h) => own(p, h));
    for (const [p, h] of Object.entries(journal.next.files)) own(p, h);
  }

  const problems: Diagnostic[] = [];
  const conflict = (path: string, code: string, message: string, hint: string) =>
    problems.push({ file: path, code, severity: "error", message, hint });

  const planned: PlannedFile[] = [];
  const produced = new Map<string, string>();
  for (const f of files) {
    const why = unsafePathReason(f.path) ?? (f.path === MANIFEST_PATH || f.path === JOURNAL_PATH ? "is reserved for the manifest" : undefined);
    if (why) {
      conflict(f.path, "WRT003", `generated path ${why}`, "this is a generator bug: please report it with your config");
      continue;
    }
    produced.set(f.path, hashContent(f.content));
  }

  for (const f of files) {
    if (!produced.has(f.path)) continue;
    const blocked = await unsafeParent(root, f.path);
    if (blocked) {
      conflict(f.path, "WRT003", `cannot write ${f.path}: ${blocked}`, "move that path out of the way, then run gen again");
      continue;
    }
    const current = await readIfExists(resolveUnder(root, f.path));
    const wanted = produced.get(f.path)!;
    if (current === undefined) {
      planned.push({ path: f.path, action: "create", content: f.content });
      continue;
    }
    const currentHash = hashContent(current);
    if (currentHash === wanted) {
      planned.push({ path: f.path, action: previous[f.path] === wanted ? "unchanged" : "adopt" });
      continue;
    }
    if (!ours.has(f.path)) {
      conflict(f.path, "WRT001", `${f.path} exists but was not written by gen; refusing to overwrite it`, "move or delete it (gen would generate this path), then run gen again");
      continue;
    }
    if (!ours.get(f.path)!.has(currentHash) && !options.force) {
      conflict(f.path, "WRT002", `${f.path} was edited by hand since gen wrote it`, "move your change into gitops.config.yaml, or re-run with --force to overwrite it");
      continue;
    }
    planned.push({ path: f.path, action: "update", content: f.content });
  }

  // Owned files no longer produced are deleted (including files an interrupted run had created), but only
  // while they still hold gen's bytes (or with --force).
  for (const path of [...ours.keys()].sort(cmp)) {
    if (produced.has(path)) continue;
    const current = await readIfExists(resolveUnder(root, path));
    if (current === undefined) continue; // already gone
    if (current === "\0directory") continue; // a directory now: not ours to remove
    const owned = ours.get(path)!.has(hashContent(current));
    if (!owned && !(path in previous)) continue; // only a journal mentions it and the bytes are not ours: leave it
    if (!owned && !options.force) {
      conflict(path, "WRT002", `${path} is no longer generated but was edited by hand; refusing to delete it`, "move it elsewhere to keep it, or re-run with --force to delete it");
      continue;
    }
    planned.push({ path, action: "delete" });
  }

  if (problems.length) throw new DiagnosticError(sortDiagnostics(problems));

  const manifest = buildManifest(Object.fromEntries([...produced.entries()].sort(([a], [b]) => cmp(a, b))), options.version);
  const manifestText = serializeManifest(manifest);
  const manifestOnDisk = await readIfExists(resolveUnder(root, MANIFEST_PATH));
  planned.sort((a, b) => cmp(a.path, b.path));
  return {
    root,
    files: planned,
    manifest,
    manifestText,
    previous,
    owned: Object.fromEntries([...ours.entries()].sort(([a], [b]) => cmp(a, b)).map(([p, hs]) => [p, [...hs].sort(cmp)])),
    manifestChanged: manifestOnDisk !== manifestText,
    recovering: journal !== undefined || (await readIfExists(resolveUnder(root, JOURNAL_PATH))) !== undefined,
  };
}

/** Counts per action. */
export function countActions(plan: WritePlan): Record<WriteAction, number> {
  const counts: Record<WriteAction, number> = { create: 0, update: 0, unchanged: 0, delete: 0, adopt: 0 };
  for (const f of plan.files) counts[f.action]++;
  return counts;
}

/** The dry-run text: one line per change, then the counts. */
export function summarizePlan(plan: WritePlan): string {
  const lines = plan.files.filter((f) => f.action !== "unchanged").map((f) => `${f.action} ${f.path}\n`);
  if (plan.manifestChanged) lines.push(`${plan.previous && Object.keys(plan.previous).length ? "update" : "create"} ${MANIFEST_PATH}\n`);
  const c = countActions(plan);
  lines.push(`${c.create} created, ${c.update} updated, ${c.delete} deleted, ${c.adopt} adopted, ${c.unchanged} unchanged\n`);
  return lines.join("");
}
