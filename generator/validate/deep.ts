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
import type { PolicyCheck, Result } from "./validator.js";
import { workerBundle, workerBundleBootstrap, type WorkerCode } from "./parallel.js";
import { distWorker, IS_DIST } from "../runtime/paths.js";

/**
 * What the helper needs to validate one document as the caller would: the caller's options, as data (the
 * registry as its setup, the kind sets as arrays), so the helper runs the same stages (schema, semantic, CEL,
 * policy) with the same settings.
 */
export interface DeepRequest {
  resource: Resource;
  registry: { templates: string[]; kubernetesVersion: string; strict: boolean };
  options: {
    strict: boolean;
    ignoreMissingSchemas: boolean;
    skip: string[];
    reject: string[];
    semantic?: boolean;
    policy?: PolicyCheck;
  };
}

/** The helper's reply: the results, and which code it runs (the workers' bundle, or tsx when none could be built). */
export interface DeepReply {
  results?: Result[];
  code?: WorkerCode;
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
  const reply = receiveMessageOnPort(port1)?.message as DeepReply | undefined;
  port1.close();
  if (waited === "timed-out" || !reply) {
    void helper.terminate();
    helper = undefined;
    broken = true;
    return undefined;
  }
  helperCode = reply.code;
  return reply.results;
}

let helperCode: WorkerCode | undefined;
/** Which code the helper thread runs, once it has answered: "bundle" (as the -n workers), or "tsx". */
export function deepHelperCode(): WorkerCode | undefined {
  return helperCode;
}

function startHelper(): Worker {
  // The -n workers' code (worker.ts, in its "deep" role). Installed as a package: the compiled
  // dist/validate/worker.mjs. In the sources: its bundle, loaded, or built, by the helper thread itself, since
  // this thread waits synchronously for its replies.
  const limits = { resourceLimits: { stackSizeMb: STACK_MB } };
  const worker = IS_DIST
    ? new Worker(distWorker("worker"), { workerData: { role: "deep" }, ...limits })
    : new Worker(workerBundleBootstrap(), { eval: true, workerData: { role: "deep", bundle: workerBundle() }, ...limits });
  worker.unref(); // the run ends when its work does, not when the helper would
  worker.on("error", () => {
    broken = true;
  });
  return worker;
}
