/**
 * deep.ts's helper thread (worker.ts in its "deep" role): validates one deeply nested document at a time with a
 * large stack, with the caller's options, replies on the request's port, then wakes the waiting caller.
 */
import { parentPort, type MessagePort } from "node:worker_threads";
import { SchemaRegistry } from "./registry.js";
import { validateResource } from "./validator.js";
import type { DeepReply, DeepRequest } from "./deep.js";
import { loadedWorkerCode } from "./parallel.js";

export function serveDeepRequests(): void {
  const registries = new Map<string, SchemaRegistry>();
  parentPort!.on("message", ({ request, port, signal }: { request: DeepRequest; port: MessagePort; signal: Int32Array }) => {
    let results;
    try {
      const key = JSON.stringify(request.registry);
      let registry = registries.get(key);
      if (!registry) registries.set(key, (registry = new SchemaRegistry(request.registry.templates, request.registry.kubernetesVersion, request.registry.strict)));
      const { skip, reject, ...rest } = request.options;
      results = validateResource(request.resource, registry, { ...rest, skip: new Set(skip), reject: new Set(reject), deep: false });
    } catch {
      results = undefined;
    }
    port.postMessage({ results, code: loadedWorkerCode() } satisfies DeepReply);
    port.close();
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
}
