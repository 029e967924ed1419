/**
 * Documents nested deeper than this thread's stack allows. go-yaml v2 reads up to 10,000 levels (parserc.go's
 * max depth) without recursion limits of its own, but js-yaml and ajv recurse, and a Node main thread has
 * about 1 MB of stack: from about 2,000 levels a read overflows. Such a document (and only it: the others
 * never pay for this) is validated again, synchronously, on a helper thread with a 256 MB stack; the main
 * thread waits for it (Atomics.wait) and takes the reply with receiveMessageOnPort. When the helper cannot
 * run or overflows too, the caller keeps its own error result for the document, never losing the run.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { Resource } from "./resource.js";
import type { Result } from "./validator.js";
import { workerBootstrap } from "./parallel.js";
import { distWorker, IS_DIST } from "../runtime/paths.js";

/** What the helper needs to validate one document as the caller would. */
export interface DeepRequest {
  resource: Resource;
  registry: { templates: string[]; kubernetesVersion: string; strict: boolean };
  strict: boolean;
  ignoreMissingSchemas: boolean;
  skip: string[];
  reject: string[];
}

const STACK_MB = 256;
const TIMEOUT_MS = 120_000;
let helper: Worker | undefined;
let broken = false;

/** The document's results from the helper thread, or undefined when it could not give them. */
export function validateDeep(request: DeepRequest): Result[] | undefined {
  if (broken) return undefined;
  try {
    helper ??= startHelper();
  } catch {
    broken = true;
    return undefined;
  }
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  helper.postMessage({ request, port: port2, signal }, [port2]);
  const waited = Atomics.wait(signal, 0, 0, TIMEOUT_MS);
  const reply = receiveMessageOnPort(port1)?.message as { results?: Result[] } | undefined;
  port1.close();
  if (waited === "timed-out" || !reply) {
    void helper.terminate();
    helper = undefined;
    broken = true;
    return undefined;
  }
  return reply.results;
}

function startHelper(): Worker {
  const limits = { resourceLimits: { stackSizeMb: STACK_MB } };
  // The installed package runs the compiled helper; the sources run the TypeScript through tsx.
  const worker = IS_DIST ? new Worker(distWorker("deep-worker"), limits) : new Worker(workerBootstrap("deep-worker.ts"), { eval: true, ...limits });
  worker.unref(); // the run ends when its work does, not when the helper would
  worker.on("error", () => {
    broken = true;
  });
  return worker;
}
