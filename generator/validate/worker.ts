/**
 * The validation worker thread, in one of two roles: kubeconform's -n (builds its own schema registry, since
 * compiled schemas cannot cross threads, and validates the files the main thread hands it, one at a time), or
 * deep.ts's helper for deeply nested documents (workerData.role "deep"). One entry, so both load one bundle.
 */
import { readFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { SchemaRegistry } from "./registry.js";
import { validateYamlBytes } from "./index.js";
import { serveDeepRequests } from "./deep-worker.js";
import type { WorkerSetup, WorkerReply } from "./parallel.js";

function serveFiles(setup: WorkerSetup): void {
  const registry = new SchemaRegistry(setup.templates, setup.kubernetesVersion, setup.strict);
  const options = { registry, strict: setup.strict, ignoreMissingSchemas: setup.ignoreMissingSchemas, skip: new Set(setup.skip), reject: new Set(setup.reject), semantic: setup.semantic };
  parentPort!.on("message", (job: { index: number; file: string }) => {
    let reply: WorkerReply;
    try {
      // The document text stays here: outputs need the path and index, not the bytes.
      const results = validateYamlBytes(job.file, readFileSync(job.file), options).map((r) => ({ ...r, resource: { ...r.resource, text: "" } }));
      reply = { index: job.index, results };
    } catch (err) {
      reply = { index: job.index, error: (err as Error).message };
    }
    parentPort!.postMessage(reply);
  });
}

if ((workerData as { role?: string } | undefined)?.role === "deep") serveDeepRequests();
else serveFiles(workerData as WorkerSetup);
