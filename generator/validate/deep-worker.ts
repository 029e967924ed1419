/**
 * deep.ts's helper thread: validates one deeply nested document at a time with a large stack and replies on
 * the request's port, then wakes the waiting caller.
 */
import { parentPort, type MessagePort } from "node:worker_threads";
import { SchemaRegistry } from "./registry.js";
import { validateResource } from "./validator.js";
import type { DeepRequest } from "./deep.js";

const registries = new Map<string, SchemaRegistry>();

parentPort!.on("message", ({ request, port, signal }: { request: DeepRequest; port: MessagePort; signal: Int32Array }) => {
  let results;
  try {
    const key = JSON.stringify(request.registry);
    let registry = registries.get(key);
    if (!registry) registries.set(key, (registry = new SchemaRegistry(request.registry.templates, request.registry.kubernetesVersion, request.registry.strict)));
    const options = { strict: request.strict, ignoreMissingSchemas: request.ignoreMissingSchemas, skip: new Set(request.skip), reject: new Set(request.reject), deep: false };
    results = validateResource(request.resource, registry, options);
  } catch {
    results = undefined;
  }
  port.postMessage({ results });
  port.close();
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
