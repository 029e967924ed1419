import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { DiagnosticError, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SidecarGitopsConfiguration as GitopsConfig } from "./config-types.gen.js";
import * as precompiled from "./config-validator.gen.js";
import { positionOf, type YamlSource } from "./source.js";
import { closestMatch } from "./suggest.js";

/** The committed config schema: the contract editors and the generator share. */
export const CONFIG_SCHEMA_PATH = fileURLToPath(new URL("../../schemas/gitops.config.schema.json", import.meta.url));

/** One set of ajv options for the run-time and the ahead-of-time compiled validator. */
export const AJV_OPTIONS = { allErrors: true, useDefaults: true, verbose: true, strict: false, discriminator: true } as const;

let compiled: ValidateFunction | undefined;
let schemaText: string | undefined;
let schemaDoc: object | undefined;

function configSchemaText(): string {
  schemaText ??= readFileSync(CONFIG_SCHEMA_PATH, "utf8");
  return schemaText;
}

/** The parsed config schema, read once per process. */
export function configSchema(): object {
  schemaDoc ??= JSON.parse(configSchemaText()) as object;
  return schemaDoc;
}

/**
 * The schema's validator, once per process; defaults are applied in place by ajv (useDefaults). Uses the
 * ahead-of-time compiled module when it was built from this exact schema, else compiles now.
 */
export function configValidator(): ValidateFunction {
  if (!compiled) {
    const hash = createHash("sha256").update(configSchemaText(), "utf8").digest("hex");
    if (precompiled.schemaHash === hash) {
      compiled = precompiled.default;
    } else {
      compiled = new Ajv(AJV_OPTIONS).compile(structuredClone(configSchema()));
    }
  }
  return compiled;
}

/**
 * Validates the data against the schema and fills in defaults. Throws a DiagnosticError listing every
 * problem with its line:col, JSON pointer, the expectation and a hint.
 */
export function validateConfig(source: YamlSource, data: unknown): GitopsConfig {
  // Work on a copy: defaults must not leak back into the caller's data.
  const copy = structuredClone(data);
  const validate = configValidator();
  if (validate(copy)) return copy as GitopsConfig;
  throw new DiagnosticError(sortDiagnostics(ajvErrorsToDiagnostics(source, validate.errors ?? [])));
}

/** Turns ajv errors into diagnostics, dropping the anyOf/oneOf/not umbrella noise. */
export function ajvErrorsToDiagnostics(source: YamlSource, errors: ErrorObject[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if") continue;
    const d = toDiagnostic(source, e);
    const key = `${d.pointer}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function toDiagnostic(source: YamlSource, e: ErrorObject): Diagnostic {
  const parent = e.parentSchema as { description?: string; properties?: Record<string, unknown>; enum?: unknown[] } | undefined;
  const base = { file: source.file, code: "CFG010", severity: "error" as const };
  const at = (pointer: string, key = false) => ({ pointer, ...positionOf(source, pointer, key) });
  switch (e.keyword) {
    case "additionalProperties": {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      const pointer = `${e.instancePath}/${prop.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const allowed = Object.keys(parent?.properties ?? {});
      const guess = closestMatch(prop, allowed);
      return {
        ...base,
        code: "CFG011",
        ...at(pointer, true),
        message: `unknown key "${prop}"`,
        hint: guess ? `did you mean "${guess}"?` : allowed.length ? `allowed keys: ${allowed.join(", ")}` : "remove this key",
      };
    }
    case "required": {
      const prop = String((e.params as { missingProperty: string }).missingProperty);
      return {
        ...base,
        code: "CFG012",
        ...at(e.instancePath),
        message: `missing required key "${prop}"`,
        hint: describe(parent?.properties?.[prop]) ? `add "${prop}": ${describe(parent?.properties?.[prop])}` : `add "${prop}"`,
      };
    }
    case "enum": {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const guess = typeof e.data === "string" ? closestMatch(e.data, allowed.map(String)) : undefined;
      return {
        ...base,
        code: "CFG013",
        ...at(e.instancePath),
        message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(e.data)}`,
        hint: guess ? `did you mean ${JSON.stringify(guess)}?` : `use one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`,
      };
    }
    case "not":
      return {
        ...base,
        code: "CFG014",
        ...at(e.instancePath),
        message: `${JSON.stringify(e.data)} is not allowed here`,
        hint: describe(parent) ?? "use another value",
      };
    case "propertyNames": {
      const name = String((e.params as { propertyName: string }).propertyName);
      const pointer = `${e.instancePath}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      return {
        ...base,
        code: "CFG015",
        ...at(pointer, true),
        message: `invalid name ${JSON.stringify(name)}`,
        hint: nameHint(parent),
      };
    }
    case "discriminator": {
      // A sidecar's `type` picks its schema: name the catalog's types instead of ajv's "tag must be in oneOf".
      const types = sidecarTypes(parent);
      const tag = (e.params as { tagValue?: unknown }).tagValue;
      const missing = tag === undefined;
      const guess = typeof tag === "string" ? closestMatch(tag, types) : undefined;
      return {
        ...base,
        code: "CFG017",
        ...at(missing ? e.instancePath : `${e.instancePath}/type`),
        message: missing ? `missing sidecar "type"` : typeof tag === "string" ? `unknown sidecar type ${JSON.stringify(tag)}` : `sidecar "type" must be a string, got ${typeName(tag)}`,
        hint: guess ? `did you mean ${JSON.stringify(guess)}?` : `set type to one of: ${types.join(", ")}`,
      };
    }
    case "pattern":
      return {
        ...base,
        code: "CFG016",
        ...at(e.instancePath),
        message: `${JSON.stringify(e.data)} is not in the expected form`,
        hint: describe(parent) ?? `must match ${String((e.params as { pattern: string }).pattern)}`,
      };
    default: {
      const expected = describe(parent);
      return {
        ...base,
        code: "CFG010",
        ...at(e.instancePath),
        message: `${e.message ?? "is invalid"}${e.keyword === "type" ? `, got ${typeName(e.data)}` : ""}`,
        hint: expected ?? "see schemas/gitops.config.schema.json",
      };
    }
  }
}

/** The description of a schema node, following local $refs ("#/definitions/...") to find one. */
function describe(schema: unknown, depth = 0): string | undefined {
  if (!schema || typeof schema !== "object" || depth > 8) return undefined;
  if ("description" in schema) return String((schema as { description: unknown }).description);
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return undefined;
  let node: unknown = configSchema();
  for (const part of ref.slice(2).split("/")) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return describe(node, depth + 1);
}

/** The `type` constants of a discriminated oneOf's branches (the sidecar catalog). */
function sidecarTypes(parent: unknown): string[] {
  const branches = (parent as { oneOf?: { $ref?: string }[] } | undefined)?.oneOf ?? [];
  const defs = (configSchema() as { definitions: Record<string, { properties?: { type?: { const?: string } } }> }).definitions;
  return branches.flatMap((b) => {
    const t = defs[b.$ref?.split("/").pop() ?? ""]?.properties?.type?.const;
    return t ? [t] : [];
  });
}

function nameHint(parent: unknown): string {
  const names = (parent as { propertyNames?: { $ref?: string; pattern?: string } } | undefined)?.propertyNames;
  if (names?.$ref?.endsWith("dnsLabel")) {
    return "use a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";
  }
  return names?.pattern ? `names must match ${names.pattern}` : "rename this key";
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${JSON.stringify(v)}`;
}
