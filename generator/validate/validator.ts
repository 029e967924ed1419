/** Resource → Result, as kubeconform decides it. Never throws. */
import type { ErrorObject } from "ajv";
import { parseResource, type Resource, type Signature } from "./resource.js";
import { SchemaLocationError, type SchemaRegistry } from "./registry.js";
import { validateDeep } from "./deep.js";
import { normalizeLineBreaks } from "./yaml/encoding.js";
import { MAX_FLOW_LEVEL, maxFlowDepth } from "./yaml/lexical.js";

export type Status = "valid" | "invalid" | "error" | "skipped" | "empty";

export interface ValidationError {
  /** JSON pointer into the resource. */
  path: string;
  msg: string;
  line?: number;
  col?: number;
}

export interface Result {
  resource: Resource;
  signature: Signature;
  status: Status;
  /** kubeconform's message for invalid and error results. */
  msg: string;
  validationErrors: ValidationError[];
  /** Where the problem is in the file (first validation error, or the document). */
  line?: number;
  col?: number;
}

export interface ValidatorOptions {
  strict: boolean;
  ignoreMissingSchemas: boolean;
  /** Kinds or GVKs ("apps/v1/Deployment") to skip or to reject. */
  skip: Set<string>;
  reject: Set<string>;
  /** Retry a document that overflows the stack on deep.ts's helper thread. @default true */
  deep?: boolean;
}

const gvk = (s: Signature) => `${s.version}/${s.kind}`;

/** Validates every resource of one document (a List gives several). */
export function validateResource(resource: Resource, registry: SchemaRegistry, options: ValidatorOptions): Result[] {
  try {
    return validateParsed(resource, registry, options);
  } catch (err) {
    // A document nested deeper than this thread's stack allows: validated on a thread with a bigger one, or
    // else its own error, never the run's.
    if (!(err instanceof RangeError)) throw err;
    if (maxFlowDepth(normalizeLineBreaks(resource.text)) > MAX_FLOW_LEVEL) {
      return [errorResult(resource, `error unmarshalling resource: error converting YAML to JSON: yaml: exceeded max depth of ${MAX_FLOW_LEVEL}`)];
    }
    const deep =
      options.deep === false
        ? undefined
        : validateDeep({ resource, registry: registry.setup, strict: options.strict, ignoreMissingSchemas: options.ignoreMissingSchemas, skip: [...options.skip], reject: [...options.reject] });
    if (deep) return deep;
    return [errorResult(resource, `error unmarshalling resource: ${err.message}`)];
  }
}

const errorResult = (resource: Resource, msg: string): Result => ({
  resource,
  signature: { kind: "", version: "", namespace: "", name: "" },
  status: "error",
  msg,
  validationErrors: [],
});

function validateParsed(resource: Resource, registry: SchemaRegistry, options: ValidatorOptions): Result[] {
  return parseResource(resource, options.strict).map((parsed): Result => {
    const base = { resource, signature: parsed.signature, validationErrors: [] as ValidationError[] };
    if (parsed.state === "empty") return { ...base, status: "empty", msg: "" };
    if (parsed.state === "error") return { ...base, status: "error", msg: parsed.message, line: parsed.line, col: parsed.col };
    const sig = parsed.signature;
    if (options.skip.has(sig.kind) || options.skip.has(gvk(sig))) return { ...base, status: "skipped", msg: "" };
    if (options.reject.has(sig.kind) || options.reject.has(gvk(sig))) return { ...base, status: "error", msg: `prohibited resource kind ${sig.kind}` };
    let schema;
    try {
      schema = registry.schemaFor(sig.kind, sig.version);
    } catch (err) {
      if (!(err instanceof SchemaLocationError)) throw err;
      return { ...base, status: "error", msg: err.message };
    }
    if (!schema) {
      if (options.ignoreMissingSchemas) return { ...base, status: "skipped", msg: "" };
      return { ...base, status: "error", msg: `could not find schema for ${sig.kind}` };
    }
    if (schema.validate(parsed.object)) return { ...base, status: "valid", msg: "" };
    const errors = collapse(schema.validate.errors ?? []).map((e) => {
      const path = errorPath(e);
      return { path, msg: describe(e), ...parsed.locate(path, e.keyword === "additionalProperties") };
    });
    const detail = errors.map((e) => `- at '${e.path}': ${e.msg}`).join(" ");
    return {
      ...base,
      status: "invalid",
      msg: `problem validating schema. Check JSON formatting: jsonschema validation failed with '${schema.path}#' ${detail}`,
      validationErrors: errors,
      line: errors[0]?.line,
      col: errors[0]?.col,
    };
  });
}

/** The pointer an error is about: the unknown key itself for additionalProperties. */
function errorPath(e: ErrorObject): string {
  if (e.keyword === "additionalProperties") {
    const key = String((e.params as { additionalProperty: string }).additionalProperty).replace(/~/g, "~0").replace(/\//g, "~1");
    return `${e.instancePath}/${key}`;
  }
  return e.instancePath;
}

/** Drops oneOf/anyOf umbrella errors and duplicates, keeping the concrete failures. */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  const out: ErrorObject[] = [];
  const hasUmbrella = (path: string) => errors.some((x) => (x.keyword === "oneOf" || x.keyword === "anyOf") && x.instancePath === path);
  for (const e of errors) {
    // Inside a oneOf (int-or-string, quantities) the branch errors say less than the umbrella.
    if (e.keyword !== "oneOf" && e.keyword !== "anyOf" && hasUmbrella(e.instancePath) && e.schemaPath.includes("Of/")) continue;
    const key = `${errorPath(e)}|${e.keyword}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** Messages in the words kubeconform's jsonschema library uses. */
function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type":
      return `got ${jsonType(e.data)}, want ${String(p.type).replace(/,/g, " or ")}`;
    case "additionalProperties":
      return `additional properties '${String(p.additionalProperty)}' not allowed`;
    case "required":
      return `missing property '${String(p.missingProperty)}'`;
    case "enum":
      return `value must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "format":
      // jsonschema v6 kind.Format (without its reason: our checks answer yes or no)
      return `'${String(e.data)}' is not valid ${String(p.format)}`;
    case "pattern":
      return `'${String(e.data)}' does not match pattern '${String(p.pattern)}'`;
    case "oneOf":
    case "anyOf":
      return `'${JSON.stringify(e.data)}' does not match any of the allowed types`;
    default:
      return e.message ?? "is invalid";
  }
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "number" : "number";
  return typeof v === "object" ? "object" : typeof v;
}
