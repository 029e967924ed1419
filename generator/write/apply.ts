/**
 * Applying a plan, crash-safe. projen deletes before it writes and rewrites in place, so a crash can leave
 * a half-written file or a tree that matches neither config. The protocol here, with the step names
 * reported to onStep (tests kill the process after each one):
 *
 *   0. clean    remove temp files a killed run left (plan.strayTemps), before anything else;
 *   1. journal  write .gitops/manifest.pending.json = {owned: every hash gen owned per path, next: the new
 *               manifest}, atomically ("tmp:<path>" after the temp file is synced, then "journal");
 *   2. write    each create/update: `<path>.gitops-tmp` in the same folder, fsynced (all temps first,
 *               several fsyncs in flight), then each renamed over its target in plan order ("tmp:<path>",
 *               then "write:<path>"); parents are created as needed;
 *   3. delete   each file no longer generated, then prune folders this left empty ("delete:<path>");
 *               deletes come after all writes, so a crash never loses the old tree before the new one exists;
 *               then fsync every folder steps 2 and 3 touched, so the manifest never commits a lost rename;
 *   4. manifest write the new .gitops/manifest.json the same atomic way ("tmp:…", "manifest");
 *   5. done     remove the journal and fsync .gitops/ ("done").
 *
 * Invariants: rename is atomic, so every file is at all times either its old or its new bytes (or absent
 * when it is being created/deleted), never torn. Without a journal the manifest matches the tree. With a
 * journal, every file gen may have touched has a hash listed in it (old in `owned`, new in `next`).
 *
 * Recovery happens in planWrites: a journal present means a run was cut short; its hashes count as gen's
 * own (so an interrupted write never looks like a hand edit and a half-created file never looks unowned),
 * its temp files are stray, and the new plan (towards whatever the config says now) is applied by this same
 * protocol, its journal carrying the old journal's hashes forward in case it is killed too.
 */
import { closeSync, fsync, mkdirSync, openSync, renameSync, writeFileSync } from "node:fs";
import { open, readdir, rename, rm, rmdir, unlink } from "node:fs/promises";
import { promisify } from "node:util";
import { dirname, sep } from "node:path";
import { cmp } from "../diagnostics/diagnostic.js";
import { JOURNAL_PATH, MANIFEST_PATH, type Journal } from "./manifest.js";
import { resolveUnder, TMP_SUFFIX } from "./paths.js";
import type { WritePlan } from "./plan.js";
import type { OnProgress } from "../progress.js";

export { TMP_SUFFIX };

export interface ApplyOptions {
  /**
   * Called after each durable step: "tmp:<path>", "journal", "write:<path>", "delete:<path>", "manifest",
   * "done". Lets a test kill the process at every point of the protocol. @default no-op
   */
  onStep?: (step: string) => void;
  /** Called as each file is written (its temp synced) or deleted: the path, of every create, update and delete. */
  onProgress?: OnProgress;
}

/**
 * Writes content to root/rel atomically: a temp file in the same folder (rename is only atomic within one
 * file system), fsync it so the rename cannot expose an empty file after a power cut, rename it over the
 * target, fsync the folder so the rename itself is durable (unless syncParent is false: the caller then
 * syncs each folder once). Calls onStep("tmp:<rel>") before the rename.
 */
export async function writeFileAtomic(
  root: string,
  rel: string,
  content: string,
  onStep: (step: string) => void = () => {},
  syncParent = true,
): Promise<void> {
  const path = await writeTemp(root, rel, content);
  onStep(`tmp:${rel}`);
  await rename(path + TMP_SUFFIX, path);
  if (syncParent) await syncDir(dirname(path));
}

/**
 * Writes and fsyncs `<path>.gitops-tmp` next to root/rel; returns the target's absolute path. Open and
 * write are synchronous (small files: a thread-pool hop costs more than the copy); only the fsync, which
 * waits for the disk, goes to libuv's pool, so several overlap.
 */
async function writeTemp(root: string, rel: string, content: string, madeDirs?: Set<string>): Promise<string> {
  const path = resolveUnder(root, rel);
  const dir = dirname(path);
  if (!madeDirs?.has(dir)) {
    mkdirSync(dir, { recursive: true });
    madeDirs?.add(dir);
  }
  // "wx" (O_CREAT | O_EXCL): never truncate or follow whatever appeared at tmp since the plan checked it
  // (the plan refused foreign temps and applyPlan removed stray ones of gen's). 0o644 like a checked-in file.
  const fd = openSync(path + TMP_SUFFIX, "wx", 0o644);
  try {
    writeFileSync(fd, content, "utf8");
    await fsyncAsync(fd);
  } finally {
    closeSync(fd);
  }
  return path;
}

const fsyncAsync = promisify(fsync);

/** Runs fn over items with at most `limit` in flight; fsyncs overlap on libuv's thread pool. */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Persists renames and unlinks in dir. Best effort: not every platform lets a folder be opened for fsync. */
async function syncDir(dir: string): Promise<void> {
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

/**
 * Removes dir and then its parents, up to (not including) root, while each is empty. A folder that holds
 * anything (a user's file, an empty folder the user made) stops the walk: gen removes only what its own
 * deletes emptied.
 */
async function pruneEmptyDirs(root: string, dir: string): Promise<void> {
  let cur = dir;
  while (cur.startsWith(root + sep) && cur !== root) {
    try {
      if ((await readdir(cur)).length > 0) return;
      await rmdir(cur); // rmdir refuses a non-empty folder even if something appeared since readdir
    } catch {
      return;
    }
    await syncDir(dirname(cur));
    cur = dirname(cur);
  }
}

/** Carries out a plan from planWrites by the protocol above. Changes nothing when the tree is up to date. */
export async function applyPlan(plan: WritePlan, options: ApplyOptions = {}): Promise<void> {
  const step = options.onStep ?? (() => {});
  const root = plan.root;
  const changes = plan.files.filter((f) => f.action === "create" || f.action === "update" || f.action === "delete");

  for (const tmp of plan.strayTemps) await rm(resolveUnder(root, tmp), { force: true });
  if (changes.length === 0 && !plan.manifestChanged) {
    // Nothing to do, but a journal means the last run died after its manifest step: finish it.
    if (plan.recovering) await removeJournal(root);
    return;
  }

  const journal: Journal = { owned: plan.owned, next: plan.manifest };
  await writeFileAtomic(root, JOURNAL_PATH, JSON.stringify(journal, null, 2) + "\n", step);
  step("journal");

  // Folders whose renames and unlinks must be durable before the manifest commits them. Synced once each
  // (not once per file): until the manifest step a lost rename only reverts a file to bytes the journal lists.
  const touched = new Set<string>();
  const writes = changes.filter((f) => f.action !== "delete");
  // Every temp is written and fsynced first, several at a time (one fsync after another costs a disk
  // round trip per file); then the renames run in plan order. A crash in between leaves only temps, which
  // the next run removes before it writes again.
  const madeDirs = new Set<string>();
  const progress = options.onProgress;
  let done = 0;
  await eachLimited(writes, 16, async (f) => {
    await writeTemp(root, f.path, f.content ?? "", madeDirs);
    progress?.(++done, changes.length, f.path);
  });
  for (const f of writes) {
    step(`tmp:${f.path}`);
    const abs = resolveUnder(root, f.path);
    renameSync(abs + TMP_SUFFIX, abs);
    touched.add(dirname(abs));
    step(`write:${f.path}`);
  }
  for (const path of changes.filter((f) => f.action === "delete").map((f) => f.path).sort(cmp)) {
    const abs = resolveUnder(root, path);
    await unlink(abs).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    touched.add(dirname(abs));
    await pruneEmptyDirs(root, dirname(abs));
    step(`delete:${path}`);
    progress?.(++done, changes.length, path);
  }
  for (const dir of [...touched].sort(cmp)) await syncDir(dir); // a pruned folder fails to open: best effort

  await writeFileAtomic(root, MANIFEST_PATH, plan.manifestText, step);
  step("manifest");
  await removeJournal(root);
  step("done");
}

async function removeJournal(root: string): Promise<void> {
  const abs = resolveUnder(root, JOURNAL_PATH);
  await rm(abs, { force: true });
  await syncDir(dirname(abs));
}
