/**
 * Applying a plan, crash-safe. The protocol:
 *   1. journal   write .gitops/manifest.pending.json ({owned, next}) by temp file + fsync + rename;
 *   2. write     each created/updated file: `<path>.gitops-tmp` + fsync + rename over the target;
 *   3. delete    each file no longer generated, then prune directories this left empty;
 *   4. manifest  write the new .gitops/manifest.json the same atomic way;
 *   5. done      remove the journal.
 * A kill -9 between any two steps leaves every file either old or new (rename is atomic) and the journal in
 * place. The next run sees the journal, accepts both the old and the new hashes as gen's own, removes stray
 * temp files, and its own plan finishes the job. Without a journal the manifest always matches the tree.
 */
import { mkdir, open, readdir, rename, rm, rmdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { cmp } from "../diagnostics/diagnostic.js";
import { JOURNAL_PATH, MANIFEST_PATH, type Journal } from "./manifest.js";
import { resolveUnder } from "./paths.js";
import type { WritePlan } from "./plan.js";

export const TMP_SUFFIX = ".gitops-tmp";

export interface ApplyOptions {
  /** Called after each step ("journal", "write:<path>", "delete:<path>", "manifest", "done"): tests crash here. */
  onStep?: (step: string) => void;
}

/** Writes content to path atomically: temp file in the same directory, fsync, rename, fsync the directory. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = path + TMP_SUFFIX;
  const fh = await open(tmp, "w", 0o644);
  try {
    await fh.writeFile(content, "utf8");
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
  await syncDir(dirname(path));
}

async function syncDir(dir: string): Promise<void> {
  // Persist the rename itself. Not every platform lets a directory be opened for fsync; that is best effort.
  try {
    const fh = await open(dir, "r");
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* best effort */
  }
}

/** Removes dir and its parents up to (not including) root while they are empty. Never removes anything else. */
async function pruneEmptyDirs(root: string, dir: string): Promise<void> {
  let cur = dir;
  while (cur.startsWith(root) && cur !== root) {
    try {
      if ((await readdir(cur)).length > 0) return;
      await rmdir(cur);
    } catch {
      return;
    }
    cur = dirname(cur);
  }
}

/** Removes temp files a killed run may have left beside the paths it was writing. */
async function removeStrayTemps(plan: WritePlan): Promise<void> {
  const paths = new Set([...plan.files.map((f) => f.path), ...Object.keys(plan.owned), MANIFEST_PATH, JOURNAL_PATH]);
  for (const p of paths) await rm(resolveUnder(plan.root, p) + TMP_SUFFIX, { force: true });
}

/** Carries out a plan from planWrites. See the protocol above. */
export async function applyPlan(plan: WritePlan, options: ApplyOptions = {}): Promise<void> {
  const step = options.onStep ?? (() => {});
  const root = plan.root;
  const changes = plan.files.filter((f) => f.action === "create" || f.action === "update" || f.action === "delete");
  if (plan.recovering) await removeStrayTemps(plan);
  if (changes.length === 0 && !plan.manifestChanged) {
    if (plan.recovering) await rm(resolveUnder(root, JOURNAL_PATH), { force: true });
    return;
  }

  const journal: Journal = { owned: plan.owned, next: plan.manifest };
  await writeFileAtomic(resolveUnder(root, JOURNAL_PATH), JSON.stringify(journal, null, 2) + "\n");
  step("journal");

  for (const f of changes) {
    if (f.action === "delete") continue;
    await writeFileAtomic(resolveUnder(root, f.path), f.content!);
    step(`write:${f.path}`);
  }
  const deletions = changes.filter((f) => f.action === "delete").map((f) => f.path).sort(cmp);
  for (const path of deletions) {
    const abs = resolveUnder(root, path);
    await unlink(abs).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    await pruneEmptyDirs(root, dirname(abs));
    step(`delete:${path}`);
  }

  await writeFileAtomic(resolveUnder(root, MANIFEST_PATH), plan.manifestText);
  step("manifest");
  await unlink(join(root, ...JOURNAL_PATH.split("/")));
  await syncDir(dirname(resolveUnder(root, JOURNAL_PATH)));
  step("done");
}
