/**
 * A kubeconform-compatible validator on ajv: discover → resource → registry → validator → output.
 * Usable on any folder; `npm run kubeconform` is its CLI and `npm run validate` reuses it.
 */
import { readFileSync } from "node:fs";
import { SchemaRegistry } from "./registry.js";
import { splitDocuments, splitFile } from "./resource.js";
import { validateResource, type Result, type ValidatorOptions } from "./validator.js";

export { discoverFiles } from "./discover.js";
export { createOutput, OUTPUT_FORMATS, type Output, type OutputFormat } from "./output.js";
export { DEFAULT_KUBERNETES_VERSION, DEFAULT_LOCATIONS, resolveLocations, SchemaRegistry } from "./registry.js";
export type { Result, Status, ValidationError, ValidatorOptions } from "./validator.js";
export { loadCelStage } from "./validator.js";

export interface ValidateOptions extends ValidatorOptions {
  registry: SchemaRegistry;
}

/** Validates YAML or JSON text (one file or stream); results in document order. */
export function validateYamlText(filename: string, text: string, options: ValidateOptions): Result[] {
  return splitDocuments(filename, text).flatMap((doc) => validateResource(doc, options.registry, options));
}

/**
 * Validates a file's bytes (or stdin's) as kubeconform reads them: split as bytes, each document decoded as
 * go-yaml's reader does (UTF-16 with a BOM, invalid UTF-8 and control characters an error of that document).
 */
export function validateYamlBytes(filename: string, bytes: Uint8Array, options: ValidateOptions): Result[] {
  const docs = splitFile(filename, bytes);
  const results = docs.flatMap((doc) => validateResource(doc, options.registry, options));
  // files.go: findResourcesInReader sends one empty resource for a file that gave none (an empty List too).
  if (results.length === 0) return validateResource({ path: filename, index: 0, text: "", startLine: 1 }, options.registry, options);
  return results;
}

/**
 * Results without their documents' text, for results kept or sent between threads (-n): the outputs need a
 * resource's path and index, and a document's text would keep its whole file in memory.
 */
export function withoutText(results: Result[]): Result[] {
  return results.map((r) => ({ ...r, resource: { ...r.resource, text: "" } }));
}

/** Validates files; results file by file, in document order. */
export function validatePaths(files: string[], options: ValidateOptions): Result[] {
  return files.flatMap((f) => validateYamlBytes(f, readFileSync(f), options));
}
