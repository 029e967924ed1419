import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { load } from "js-yaml";
import type { KustomizeRunner } from "./kustomize.js";

/** Where `validate` keeps build outputs by input hash; in node_modules so `npm ci` starts clean. */
export const BUILD_CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/sidecar-gitops/builds/", import.meta.url));

/** One kustomization directory to build, relative to the root, with the directories its build reads. */
export interface BuildItem {
  dir: string;
  /** Every directory whose files the build reads (the cache key hashes them); default: dir itself. */
  inputs?: string[];
}

/** What a built document is, enough to tell which item of a batch it came from. */
export interface BuiltObjectMeta {
  kind: string;
  name: string;
  namespace?: string;
  labels: Record<string, string>;
}

/**
 * Items that may be built together in one kustomize process. kustomize's cost grows quadratically with
 * the objects of one build but a process costs ~50 ms to start, so a batch of a few dozen small targets
 * is several times cheaper than one process each. `owner` attributes each built document back to its
 * item's dir; a batch whose output cannot be attributed, or that fails, is built item by item.
 */
export interface BuildGroup {
  items: BuildItem[];
  owner?: (meta: BuiltObjectMeta) => string | undefined;
}

export interface BuildResult {
  output?: string;
  /** kustomize's error, first line first. */
  error?: string;
  cached: boolean;
}

export interface BuildOptions {
  /** Items per kustomize process. @default 40 */
  batchSize?: number;
  /** Kustomize processes at once. @default 2 */
  concurrency?: number;
  /** Where outputs are kept by input hash; none: no cache. */
  cacheDir?: string;
  /** Reuse cached outputs (false: rebuild everything, and refresh the cache). @default true */
  readCache?: boolean;
  /** An item's cache key, when the caller knows its inputs without reading them. @default diskBuildKey */
  keyOf?: (item: BuildItem) => string;
}

/**
 * Builds every item with real kustomize, in batches and in parallel, reusing the cached output of an item
 * whose inputs did not change. Results are keyed by dir.
 */
export async function buildKustomizations(runner: KustomizeRunner, root: string, groups: BuildGroup[], options: BuildOptions = {}): Promise<Map<string, BuildResult>> {
  const batchSize = options.batchSize ?? 40;
  const results = new Map<string, BuildResult>();
  const keys = new Map<string, string>();
  const jobs: (() => Promise<void>)[] = [];

  const batchJob = (batch: BuildItem[], owner: BuildGroup["owner"]) => async () => {
    const built = owner && batch.length > 1 ? await buildBatch(runner, root, batch, owner) : undefined;
    for (const item of batch) {
      const result = built?.get(item.dir) ?? (await buildOne(runner, root, item.dir));
      results.set(item.dir, result);
      const key = keys.get(item.dir);
      if (key && result.output !== undefined) writeCache(options.cacheDir!, key, result.output);
    }
  };
  const stale: { group: BuildGroup; items: BuildItem[] }[] = [];
  for (const group of groups) {
    const pending: BuildItem[] = [];
    for (const item of group.items) {
      const key = options.cacheDir ? (options.keyOf?.(item) ?? diskBuildKey(runner, root, item)) : undefined;
      if (key) {
        keys.set(item.dir, key);
        const file = join(options.cacheDir!, `${key}.yaml`);
        if (options.readCache !== false && existsSync(file)) {
          results.set(item.dir, { output: readFileSync(file, "utf8"), cached: true });
          touch(file);
          continue;
        }
      }
      pending.push(item);
    }
    if (pending.length > 0) stale.push({ group, items: pending });
  }
  // A few stale items across groups (one app changed in every environment): one kustomize process for all of
  // them, each document attributed by the one group whose owner claims it (none or several: item by item).
  const mergeable = stale.filter((s) => s.group.owner);
  const mergedCount = mergeable.reduce((n, s) => n + s.items.length, 0);
  const merge = mergeable.length > 1 && mergedCount <= batchSize;
  if (merge) {
    const owners = mergeable.map((s) => s.group.owner!);
    jobs.push(
      batchJob(
        mergeable.flatMap((s) => s.items),
        (meta) => {
          const claims = owners.map((o) => o(meta)).filter((d) => d !== undefined);
          return claims.length === 1 ? claims[0] : undefined;
        },
      ),
    );
  }
  for (const { group, items } of stale) {
    if (merge && group.owner) continue;
    for (let i = 0; i < items.length; i += batchSize) jobs.push(batchJob(items.slice(i, i + batchSize), group.owner));
  }
  await runAll(jobs, options.concurrency ?? 2);
  if (options.cacheDir) pruneCache(options.cacheDir);
  return results;
}

/** Cached outputs not used for this long are removed, so the cache does not grow with every change. */
export const CACHE_MAX_AGE_MS = 14 * 24 * 3600 * 1000;

function touch(file: string): void {
  const now = new Date();
  try {
    utimesSync(file, now, now);
  } catch {
    // A concurrent prune removed it: it is rebuilt next time.
  }
}

function pruneCache(dir: string): void {
  const cutoff = Date.now() - CACHE_MAX_AGE_MS;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const file = join(dir, name);
    try {
      if (name.endsWith(".yaml") && statSync(file).mtimeMs < cutoff) rmSync(file, { force: true });
    } catch {
      // Gone already.
    }
  }
}

async function buildOne(runner: KustomizeRunner, root: string, dir: string): Promise<BuildResult> {
  try {
    return { output: await runner.build(join(root, dir)), cached: false };
  } catch (err) {
    return { error: (err as Error).message, cached: false };
  }
}

/**
 * One kustomize process for many items: a temporary kustomization that lists them (kustomize accepts
 * directories outside a kustomization's root only by relative path) and no transformer, so every
 * document comes out as its own build gives it, in kustomize's global order, which keeps each item's
 * documents in the order its own build has. Undefined when the batch fails or a document has no owner.
 */
async function buildBatch(runner: KustomizeRunner, root: string, batch: BuildItem[], owner: NonNullable<BuildGroup["owner"]>): Promise<Map<string, BuildResult> | undefined> {
  const tmp = mkdtempSync(join(tmpdir(), "sidecar-gitops-batch-"));
  try {
    const resources = batch.map((item) => relative(tmp, join(root, item.dir)).split(sep).join("/"));
    writeFileSync(join(tmp, "kustomization.yaml"), `resources:\n${resources.map((r) => `  - ${JSON.stringify(r)}\n`).join("")}`);
    let output: string;
    try {
      output = await runner.build(tmp);
    } catch {
      return undefined;
    }
    const byDir = new Map<string, string[]>(batch.map((item) => [item.dir, []]));
    for (const doc of splitKustomizeOutput(output)) {
      const dir = owner(metaOf(doc));
      const docs = dir === undefined ? undefined : byDir.get(dir);
      if (!docs) return undefined;
      docs.push(doc);
    }
    return new Map([...byDir].map(([dir, docs]) => [dir, { output: docs.join("---\n"), cached: false }]));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** kustomize writes documents separated by `---` lines at column 0; block scalars are always indented. */
export function splitKustomizeOutput(output: string): string[] {
  return output === "" ? [] : output.split(/^---\n/m).filter((d) => d !== "");
}

function metaOf(doc: string): BuiltObjectMeta {
  const obj = load(doc) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown; labels?: Record<string, string> } } | null;
  const m = obj?.metadata ?? {};
  return {
    kind: String(obj?.kind ?? ""),
    name: String(m.name ?? ""),
    ...(m.namespace !== undefined ? { namespace: String(m.namespace) } : {}),
    labels: m.labels ?? {},
  };
}

/** sha256 of the runner, the item and every file its build reads (paths and bytes, in a stable order). */
export function diskBuildKey(runner: KustomizeRunner, root: string, item: BuildItem): string {
  const hash = createHash("sha256").update(`${runner.binary}\0${runner.version}\0${item.dir}\0`);
  for (const dir of item.inputs ?? [item.dir]) hashDir(hash, root, dir);
  return hash.digest("hex");
}

function hashDir(hash: ReturnType<typeof createHash>, root: string, dir: string): void {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    hash.update(`missing ${dir}\0`);
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) hashDir(hash, root, rel);
    else if (e.isFile()) hash.update(`${rel}\0`).update(readFileSync(join(root, rel))).update("\0");
  }
}

function writeCache(dir: string, key: string, output: string): void {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `${key}.${process.pid}.tmp`);
  writeFileSync(tmp, output);
  renameSync(tmp, join(dir, `${key}.yaml`));
}

async function runAll(jobs: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, worker));
}
