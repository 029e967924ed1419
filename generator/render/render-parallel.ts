/**
 * The tree rendered on two threads for large fleets: serializing thousands of objects with the yaml package
 * is most of gen's time, and the parts of the tree are independent. Small trees stay on this thread (a worker
 * costs a bundle load, ~0.1-0.3 s); any worker failure falls back to rendering here.
 */
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { cachedBundle, sourcesBelow } from "../../bin/bundle.mjs";
import type { Model } from "../model/types.js";
import type { GeneratedFile } from "./generated-file.js";
import { finishTree, renderPart, renderTree, type RenderPart } from "./render-tree.js";

// From the repo root, not this module's URL: inside the CLI's bundle this module is not in its folder.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Below this many app × environment pairs one thread is faster. */
export const PARALLEL_MIN_TARGETS = 300;

/** The worker's share: the second half of the bases and the Flux objects; this thread renders the rest. */
const WORKER_PARTS: RenderPart[] = [{ kind: "bases", half: 1 }, { kind: "flux" }];
const LOCAL_PARTS: RenderPart[] = [{ kind: "bases", half: 0 }, { kind: "overlays" }, { kind: "argocd" }];

/** renderTree, on this thread and a worker when the fleet is large enough; the same files either way. */
export async function renderTreeParallel(model: Model): Promise<GeneratedFile[]> {
  if (model.apps.length * model.environments.length < PARALLEL_MIN_TARGETS || availableParallelism() < 2 || process.env.SIDECAR_GITOPS_NO_THREADS === "1") {
    return renderTree(model);
  }
  let script: string;
  try {
    script = await cachedBundle({ root: ROOT, entry: join(ROOT, "generator", "render", "render-worker.ts"), name: "render-worker", sources: sourcesBelow(join(ROOT, "generator")) });
  } catch {
    return renderTree(model);
  }
  const worker = new Worker(script, { workerData: { model, parts: WORKER_PARTS } });
  const remote = new Promise<GeneratedFile[] | undefined>((resolve) => {
    worker.once("message", (m: { files?: GeneratedFile[]; error?: string }) => resolve(m.files));
    worker.once("error", () => resolve(undefined));
    worker.once("exit", () => resolve(undefined));
  });
  const local = LOCAL_PARTS.flatMap((p) => renderPart(model, p));
  const theirs = (await remote) ?? WORKER_PARTS.flatMap((p) => renderPart(model, p));
  await worker.terminate();
  return finishTree(model, [...local, ...theirs]);
}
