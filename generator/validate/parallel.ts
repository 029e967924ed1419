/**
 * kubeconform's -n: files validated by several worker threads. Results are still emitted file by file in
 * discovery order (kubeconform's order depends on goroutine timing; a stable order is easier to read and to
 * diff). Small inputs stay on the main thread: a worker costs a module load and its own schema compiles.
 */
import { statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { cachedBundle, sourcesBelow } from "../../bin/bundle.mjs";
import { withoutText } from "./index.js";
import type { Result } from "./validator.js";

export interface WorkerSetup {
  templates: string[];
  kubernetesVersion: string;
  strict: boolean;
  semantic: boolean;
  ignoreMissingSchemas: boolean;
  skip: string[];
  reject: string[];
}

export type WorkerReply = { index: number; results: Result[] } | { index: number; error: string };

// From the repo root, not this module's URL: inside the CLI's bundle this module is not in its folder.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HERE = join(ROOT, "generator", "validate");

/** The young generation of each worker: collections a little more often, a process a few tens of MB smaller. */
export const WORKER_YOUNG_GENERATION_MB = 8;

/** Below this many bytes in all, threads cost more than they save. */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;

/** How many workers -n asks for, given the input: 0 means validate on the main thread. */
export function workerCount(n: number, files: string[]): number {
  if (n <= 1 || files.length < 2) return 0;
  let bytes = 0;
  for (const f of files) bytes += statSync(f).size;
  if (bytes < PARALLEL_MIN_BYTES) return 0;
  return Math.min(n, files.length, availableParallelism());
}

/**
 * Validates files on `workers` threads and yields each file's results in file order. With `local`, the
 * calling thread takes files from the same queue too: it is warm while the workers still load and compile
 * (about a second), so `-n 2` is this thread plus one worker. Returning early (e.g. -exit-on-error) stops
 * the workers.
 */
export async function* validateInWorkers(
  files: string[],
  workers: number,
  setup: WorkerSetup,
  local?: (file: string) => Result[],
): AsyncGenerator<Result[]> {
  const script = workers > 0 ? await workerScript() : undefined;
  // A worker's young generation capped: it only holds the document in hand, and the default (up to 48 MB per
  // isolate) is most of what a worker adds to the process's peak memory.
  const resourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  const pool = Array.from({ length: workers }, () =>
    "bundle" in script!
      ? new Worker(script.bundle, { workerData: setup, resourceLimits })
      : new Worker(script!.evalCode, { eval: true, workerData: setup, resourceLimits }),
  );
  const done = new Map<number, Result[]>();
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let next = 0;
  const feed = (w: Worker) => {
    if (next < files.length) w.postMessage({ index: next, file: files[next++] });
  };
  for (const w of pool) {
    w.on("message", (reply: WorkerReply) => {
      if ("error" in reply) failure ??= new Error(reply.error);
      else done.set(reply.index, reply.results);
      feed(w);
      wake?.();
    });
    w.on("error", (err) => {
      failure ??= err;
      wake?.();
    });
    feed(w);
  }
  try {
    for (let i = 0; i < files.length; i++) {
      while (!done.has(i) && !failure) {
        if (local && next < files.length) {
          const mine = next++;
          // Kept until its turn (the workers' files come first): without the document text, as theirs come.
          done.set(mine, withoutText(local(files[mine]!)));
          await new Promise((resolve) => setImmediate(resolve)); // let the workers' replies in
        } else {
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
      if (failure) throw failure;
      yield done.get(i)!;
      done.delete(i);
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * The worker as one plain-JS file: loading its TypeScript modules one by one through tsx's loader takes a
 * worker over a second, a bundle a few tens of milliseconds. Built with esbuild (tsx's own transformer)
 * into node_modules/.cache, keyed by the sources, so it is built once per change. Falls back to loading the
 * TypeScript through tsx when the bundle cannot be made.
 */
async function workerScript(): Promise<{ bundle: string } | { evalCode: string }> {
  try {
    // The bundle holds the validator's sources (with its stages in subfolders and what they import from
    // elsewhere in generator/) and the installed yaml, js-yaml and ajv (the lock file is hashed too).
    const sources = sourcesBelow(join(ROOT, "generator"));
    return { bundle: await cachedBundle({ root: ROOT, entry: join(HERE, "worker.ts"), name: "validate-worker", sources }) };
  } catch {
    return { evalCode: workerBootstrap() };
  }
}

/**
 * The worker is TypeScript: its thread registers tsx's loader first, as the CLI does (`node --import tsx`).
 * `entry` is a module of this folder (deep.ts's helper uses it too).
 */
export function workerBootstrap(entry = "worker.ts"): string {
  // tsx's ESM entry ("tsx/esm/api" under the import condition), located from its package.json.
  const tsxDir = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
  const tsxApi = pathToFileURL(join(tsxDir, "dist", "esm", "api", "index.mjs")).href;
  const worker = pathToFileURL(join(HERE, entry)).href;
  return `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(worker)}); });`;
}
