/** Resource → Result, as kubeconform decides it. Never throws. */
import type { ErrorObject } from "ajv";
import { parseResource, type Resource, type Signature } from "./resource.js";
import { SchemaLocationError, type SchemaRegistry } from "./registry.js";
import { validateDeep } from "./deep.js";
import { normalizeLineBreaks } from "./yaml/encoding.js";
import { MAX_FLOW_LEVEL, maxFlowDepth } from "./yaml/lexical.js";
import { checkSemantics, formatFieldError } from "./semantic/index.js";
import type { checkCelRules } from "./cel/index.js";

export type Status = "valid" | "invalid" | "error" | "skipped" | "empty";

export interface ValidationError {
  /** JSON pointer into the resource. */
  path: string;
  msg: string;
  line?: number;
  col?: number;
  /** The rule's stable code, for findings of the stages after the schema (semantic: API0xx). */
  code?: string;
  /** What to do about it, when the stage knows better than the caller. */
  hint?: string;
}

export interface Result {
  resource: Resource;
  signature: Signature;
  status: Status;
  /** kubeconform's message for invalid and error results. */
  msg: string;
  validationErrors: ValidationError[];
  /**
   * Checks that could not run (CRD CEL rules this evaluator cannot evaluate: CEL101-103), with the reason.
   * Not findings: a skipped rule is neither passed nor failed, so it is shown, never counted.
   */
  skipped?: ValidationError[];
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
  /**
   * Also apply the API server's semantic rules (./semantic) and the CRD CEL rules of the schema (./cel) to
   * schema-valid objects. Off by default: the
   * kubeconform CLI keeps kubeconform's verdicts unless asked.
   */
  semantic?: boolean;
  /** More checks of a schema-valid object, in process only (the policy, in `validate PATH...`). */
  objectChecks?: (object: Record<string, unknown>) => { pointer: string; msg: string; code: string; hint?: string }[];
  /** Retry a document that overflows the stack on deep.ts's helper thread. @default true */
  deep?: boolean;
}

const gvk = (s: Signature) => `${s.version}/${s.kind}`;

/** The CRD CEL stage of `semantic`, once loaded. */
let celStage: typeof checkCelRules | undefined;

/**
 * Loads the CRD CEL stage (./cel: @bufbuild/cel and its protobuf runtime, several MB in every thread that loads
 * it, which kubeconform's own checks never need). Every entry point that validates with `semantic` awaits it
 * first; validating with `semantic` before that is an internal error.
 */
export async function loadCelStage(): Promise<void> {
  celStage ??= (await import("./cel/index.js")).checkCelRules;
}

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
    if (schema.validate(parsed.object)) {
      if (!options.semantic && !options.objectChecks) return { ...base, status: "valid", msg: "" };
      const found: { pointer: string; msg: string; code: string; hint?: string }[] = options.semantic ? checkSemantics(parsed.object).map((e) => ({ pointer: e.pointer, msg: formatFieldError(e), code: e.code })) : [];
      let skipped: ValidationError[] | undefined;
      if (options.semantic && schema.hasCelRules) {
        if (!celStage) throw new Error("internal error: validating with semantic before loadCelStage()");
        const cel = celStage(parsed.object, schema.schema);
        found.push(...cel.findings.map((f) => ({ pointer: f.pointer, msg: f.message, code: f.code })));
        if (cel.skipped.length > 0) skipped = cel.skipped.map((k) => ({ path: k.pointer, msg: `rule not checked: ${k.rule}: ${k.reason}`, code: k.code, ...parsed.locate(k.pointer, false) }));
      }
      if (options.objectChecks) found.push(...options.objectChecks(parsed.object));
      if (found.length === 0) return { ...base, status: "valid", msg: "", ...(skipped ? { skipped } : {}) };
      const errors = found.map((e): ValidationError => ({ path: e.pointer, msg: e.msg, code: e.code, ...(e.hint ? { hint: e.hint } : {}), ...parsed.locate(e.pointer, false) }));
      return { ...base, status: "invalid", msg: errors.map((e) => `${e.code} ${e.msg}`).join("; "), validationErrors: errors, ...(skipped ? { skipped } : {}), line: errors[0]?.line, col: errors[0]?.col };
    }
    const errors = collapse(schema.validate.errors ?? []).map((e) => {
      const path = errorPath(e);
      return { path, msg: describe(e, parsed.object), ...parsed.locate(path, e.keyword === "additionalProperties") };
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
function describe(e: ErrorObject, root: unknown): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "type":
      return `got ${jsonType(valueAt(root, e.instancePath))}, want ${String(p.type).replace(/,/g, " or ")}`;
    case "additionalProperties":
      return `additional properties '${String(p.additionalProperty)}' not allowed`;
    case "required":
      return `missing property '${String(p.missingProperty)}'`;
    case "enum":
      return `value must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    case "format":
      // jsonschema v6 kind.Format (without its reason: our checks answer yes or no)
      return `'${String(valueAt(root, e.instancePath))}' is not valid ${String(p.format)}`;
    case "pattern":
      return `'${String(valueAt(root, e.instancePath))}' does not match pattern '${String(p.pattern)}'`;
    case "oneOf":
    case "anyOf":
      return `'${JSON.stringify(valueAt(root, e.instancePath))}' does not match any of the allowed types`;
    default:
      return e.message ?? "is invalid";
  }
}

/** The value an error is about (ajv's `verbose` would carry it, at the price of larger compiled code). */
function valueAt(root: unknown, pointer: string): unknown {
  let cur = root;
  if (pointer === "") return cur;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = Array.isArray(cur) ? cur[Number(key)] : cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "number" : "number";
  return typeof v === "object" ? "object" : typeof v;
}
