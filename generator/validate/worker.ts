/**
 * A validation worker thread (kubeconform's -n): builds its own schema registry (compiled schemas cannot
 * cross threads) and validates the files the main thread hands it, one at a time.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { SchemaRegistry } from "./registry.js";
import { loadCelStage } from "./validator.js";
import { validateYamlBytes, withoutText } from "./index.js";
import type { WorkerSetup, WorkerReply } from "./parallel.js";

const setup = workerData as WorkerSetup;
if (setup.semantic) await loadCelStage();
const registry = new SchemaRegistry(setup.templates, setup.kubernetesVersion, setup.strict);
const options = { registry, strict: setup.strict, ignoreMissingSchemas: setup.ignoreMissingSchemas, skip: new Set(setup.skip), reject: new Set(setup.reject), semantic: setup.semantic };

parentPort!.on("message", (job: { index: number; file: string }) => {
  let reply: WorkerReply;
  try {
    // The document text stays here: outputs need the path and index, not the bytes.
    const results = withoutText(validateYamlBytes(job.file, readFileSync(job.file), options));
    reply = { index: job.index, results };
  } catch (err) {
    reply = { index: job.index, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
