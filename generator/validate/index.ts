/**
 * A kubeconform-compatible validator on ajv: discover → resource → registry → validator → output.
 * Usable on any folder; `npm run kubeconform` is its CLI and `npm run validate` reuses it.
 */
import { readFileSync } from "node:fs";
import { SchemaRegistry } from "./registry.js";
import { splitDocuments } from "./resource.js";
import { validateResource, type Result, type ValidatorOptions } from "./validator.js";

export { discoverFiles } from "./discover.js";
export { createOutput, OUTPUT_FORMATS, type Output, type OutputFormat } from "./output.js";
export { DEFAULT_KUBERNETES_VERSION, DEFAULT_LOCATIONS, resolveLocations, SchemaRegistry } from "./registry.js";
export type { Result, Status, ValidationError, ValidatorOptions } from "./validator.js";

export interface ValidateOptions extends ValidatorOptions {
  registry: SchemaRegistry;
}

/** Validates YAML or JSON text (one file or stream); results in document order. */
export function validateYamlText(filename: string, text: string, options: ValidateOptions): Result[] {
  return splitDocuments(filename, text).flatMap((doc) => validateResource(doc, options.registry, options));
}

/** Validates files; results file by file, in document order. */
export function validatePaths(files: string[], options: ValidateOptions): Result[] {
  return files.flatMap((f) => validateYamlText(f, readFileSync(f, "utf8"), options));
}
