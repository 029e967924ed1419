/** A render worker thread: renders the parts of the tree the main thread hands it, from the model it is given. */
import { parentPort, workerData } from "node:worker_threads";
import type { Model } from "../model/types.js";
import { renderPart, type RenderPart } from "./render-tree.js";

const { model, parts } = workerData as { model: Model; parts: RenderPart[] };
try {
  parentPort!.postMessage({ files: parts.flatMap((p) => renderPart(model, p)) });
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
