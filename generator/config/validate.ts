import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { DiagnosticError, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SidecarGitopsConfiguration as GitopsConfig } from "./config-types.gen.js";
import * as precompiled from "./config-validator.gen.js";
import { locate, type YamlSource } from "./source.js";
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
  emptyEnvironments(copy);
  const validate = configValidator();
  if (validate(copy)) return copy as GitopsConfig;
  throw new DiagnosticError(sortDiagnostics(ajvErrorsToDiagnostics(source, validate.errors ?? [])));
}

/**
 * `uat:` with nothing under it is an empty environment, as `uat: {}` is (and so is an empty app override or
 * container override inside one): YAML reads the empty value as null.
 */
function emptyEnvironments(data: unknown): void {
  const fill = (map: unknown, depth: number): void => {
    if (!map || typeof map !== "object" || Array.isArray(map)) return;
    for (const [k, v] of Object.entries(map)) {
      if (v === null) (map as Record<string, unknown>)[k] = {};
      if (depth > 0) {
        const child = (map as Record<string, unknown>)[k] as Record<string, unknown> | undefined;
        fill(depth === 2 ? child?.apps : child?.containers, depth - 1);
      }
    }
  };
  fill((data as { environments?: unknown } | null)?.environments, 2);
}

/** Turns ajv errors into diagnostics, dropping the anyOf/oneOf/not umbrella noise. */
export function ajvErrorsToDiagnostics(source: YamlSource, errors: ErrorObject[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  // A map key that breaks its propertyNames schema is reported by the inner error (pattern, not), which
  // knows why; ajv's umbrella "property name must be valid" is dropped when one was reported.
  const namesReported = new Set(errors.filter((e) => e.propertyName !== undefined).map((e) => `${e.instancePath}|${e.propertyName}`));
  for (const e of errors) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if") continue;
    if (e.keyword === "propertyNames" && namesReported.has(`${e.instancePath}|${String((e.params as { propertyName: string }).propertyName)}`)) continue;
    const d = toDiagnostic(source, e);
    const key = `${d.pointer}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

/**
 * A container's key written one level too high: `probes` (or image, tag, port…) on an app belongs to its main
 * container, `tag` (or digest, resources, env…) on an environment's app override to one of its containers.
 */
function belongsUnder(instancePath: string, prop: string): string | undefined {
  const defs = (configSchema() as { definitions?: Record<string, { properties?: Record<string, unknown> }> }).definitions ?? {};
  if (/^\/apps\/\d+$/.test(instancePath) && defs.mainContainer?.properties?.[prop] !== undefined) {
    return `did you mean main.${prop}? ${prop} belongs to the main container: move it under apps[${instancePath.split("/")[2]}].main`;
  }
  if (/^\/environments\/[^/]+\/apps\/[^/]+$/.test(instancePath) && defs.containerOverride?.properties?.[prop] !== undefined) {
    return `did you mean containers.<container>.${prop}? ${prop} is set per container: move it under containers: { <container name>: { ${prop}: … } }`;
  }
  return undefined;
}

function toDiagnostic(source: YamlSource, e: ErrorObject): Diagnostic {
  const parent = e.parentSchema as { description?: string; properties?: Record<string, unknown>; enum?: unknown[] } | undefined;
  const base = { file: source.file, code: "CFG010", severity: "error" as const };
  const at = (pointer: string, key = false) => locate(source, pointer, key);
  const field = lastToken(e.instancePath);
  if (e.propertyName !== undefined) return keyDiagnostic(source, e, e.propertyName);
  switch (e.keyword) {
    case "additionalProperties": {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      const pointer = `${e.instancePath}/${prop.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      const allowed = Object.keys(parent?.properties ?? {});
      const guess = closestMatch(prop, allowed);
      const nested = guess ? undefined : belongsUnder(e.instancePath, prop);
      return {
        ...base,
        code: "CFG011",
        ...at(pointer, true),
        message: `unknown key "${prop}"`,
        hint: guess ? `did you mean "${guess}"?` : nested ? nested : allowed.length ? `remove it, or write one of the allowed keys: ${allowed.join(", ")}` : "remove this key",
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
        message: isImageTag(e) ? `${JSON.stringify(e.data)} is not a pinned tag ("latest" is refused in any case)` : `${JSON.stringify(e.data)} is not allowed here`,
        hint: isImageTag(e)
          ? `write a pinned version instead, such as ${field}: "1.27.4-alpine" (or pin a digest: digest: "sha256:…"); "latest" moves under you`
          : `write another value${describe(parent) ? `: ${describe(parent)}` : ""}`,
      };
    case "propertyNames": {
      const name = String((e.params as { propertyName: string }).propertyName);
      const pointer = `${e.instancePath}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
      return {
        ...base,
        code: "CFG015",
        ...at(pointer, true),
        message: `invalid name ${JSON.stringify(name)}`,
        hint: nameHint(parent, name),
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
        hint: patternHint(e, field, describe(parent)),
      };
    default: {
      return {
        ...base,
        code: "CFG010",
        ...at(e.instancePath),
        message: `${e.keyword === "type" ? typeMessage(e) : (e.message ?? "is invalid")}${e.keyword === "type" ? `, got ${typeName(e.data)}` : ""}`,
        hint: e.keyword === "type" ? typeHint(e, field) : limitHint(e, describe(parent)),
      };
    }
  }
}

/** A map key that its propertyNames schema refuses: reserved by the generator, or not a valid name. */
function keyDiagnostic(source: YamlSource, e: ErrorObject, name: string): Diagnostic {
  const pointer = `${e.instancePath}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  const where = locate(source, pointer, true);
  const kind = /\/labelKey\//.test(e.schemaPath) ? "label" : /\/annotationKey\//.test(e.schemaPath) ? "annotation" : undefined;
  const base = { severity: "error" as const, ...where };
  if (kind && e.keyword === "not") {
    const suffix = name.includes("/") ? name.slice(name.indexOf("/") + 1) : name;
    const owner =
      name === "environment"
        ? 'the generator sets "environment" to the environment\'s name on every resource and pod'
        : name === "checksum/config"
          ? "the generator sets it on pod templates to the sha256 of their config, so a config change rolls the pods"
          : `the generator owns the app.kubernetes.io/ ${kind}s (${kind === "label" ? "the selector and the recommended labels" : "the recommended keys"})`;
    return {
      ...base,
      code: "CFG015",
      message: `${kind} key ${JSON.stringify(name)} is reserved: ${owner}`,
      hint: `write a key of your own instead, such as example.com/${suffix}${kind === "label" && SOURCE_OF[name] ? ` (${name} already comes from ${SOURCE_OF[name]})` : ""}`,
    };
  }
  if (kind) {
    return {
      ...base,
      code: "CFG015",
      message: `invalid ${kind} key ${JSON.stringify(name)}`,
      hint: `write a Kubernetes ${kind} key: an optional DNS prefix (at most 253 characters) and "/", then at most 63 letters, digits, "-", "_" or ".", e.g. ${JSON.stringify(suggestKey(name))}`,
    };
  }
  const fixed = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
  const hint = e.schemaPath.includes("/dnsLabel/")
    ? `rename it to a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63${fixed && fixed !== name ? ` (e.g. ${fixed})` : ""}`
    : e.schemaPath.includes("/envVars/")
      ? `rename it to a variable name: letters, digits, '_', '-' and '.', not starting with a digit (e.g. ${name.replace(/[^-._a-zA-Z0-9]+/g, "_").replace(/^(?=[0-9])/, "_")})`
      : `rename it to match ${String((e.params as { pattern?: string }).pattern ?? "the expected form")}`;
  return { ...base, code: "CFG015", message: `invalid name ${JSON.stringify(name)}`, hint };
}

/** Where the generator takes each recommended label from, for the hint of a label that would override it. */
const SOURCE_OF: Record<string, string> = {
  "app.kubernetes.io/name": "apps[].name",
  "app.kubernetes.io/instance": "apps[].name",
  "app.kubernetes.io/part-of": "project.name",
  "app.kubernetes.io/version": "the main container's tag",
  "app.kubernetes.io/managed-by": "the generator (sidecar-gitops)",
};

function lastToken(pointer: string): string {
  const t = pointer.slice(pointer.lastIndexOf("/") + 1).replace(/~1/g, "/").replace(/~0/g, "~");
  return t === "" ? "value" : t;
}

function isImageTag(e: ErrorObject): boolean {
  return e.schemaPath.includes("/imageTag/");
}

function isQuantity(e: ErrorObject): boolean {
  return e.schemaPath.includes("/quantity/");
}

/** A scalar as YAML would show it, for hints that say what to write. */
function yamlScalar(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** ajv's "must be string,array" in words: "must be a string or a list". */
function typeMessage(e: ErrorObject): string {
  const types = String((e.params as { type: string | string[] }).type).split(",");
  if (types.length === 1) return e.message ?? `must be ${types[0]}`;
  const words: Record<string, string> = { string: "a string", array: "a list", object: "a map", integer: "a whole number", number: "a number", boolean: "true or false" };
  return `must be ${types.map((t) => words[t] ?? t).join(" or ")}`;
}

/** What to write instead of a value of the wrong type (the usual cause: YAML's reading of an unquoted value). */
function typeHint(e: ErrorObject, field: string): string {
  const want = String((e.params as { type: string | string[] }).type);
  const v = e.data;
  const key = /^\d+$/.test(field) ? "- " : `${field}: `;
  if (want.includes(",")) {
    const description = describe(e.parentSchema);
    return description ? `write ${typeMessage(e).replace(/^must be /, "")}: ${description}` : `write ${typeMessage(e).replace(/^must be /, "")}`;
  }
  if (want === "integer" || want === "number") {
    if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) return `write the number without quotes: ${key}${v.trim()}`;
    return `write ${want === "integer" ? "a whole number" : "a number"} without quotes, e.g. ${key}${want === "integer" ? "1" : "0.5"}`;
  }
  if (want === "string") {
    if (v === null) return `write a value after "${key.trim()}", or remove the key`;
    if (typeof v === "number" && isQuantity(e)) {
      const milli = Number.isInteger(v * 1000) && v < 1 && v > 0 && field === "cpu" ? ` or ${v * 1000}m` : "";
      return `quote it: ${key}"${v}"${milli} (YAML reads an unquoted ${v} as a number)`;
    }
    if (typeof v === "number" || typeof v === "boolean") return `quote it: ${key}"${yamlScalar(v)}" (YAML reads an unquoted ${yamlScalar(v)} as a ${typeof v})`;
    return `write a single value in quotes, e.g. ${key}"…"`;
  }
  if (want === "boolean") {
    return typeof v === "string" && /^(true|false)$/i.test(v) ? `write ${v.toLowerCase()} without quotes` : `write true or false`;
  }
  if (want === "object") {
    // `ci: false`, `service: false`: the section's own switch is meant.
    const props = (e.parentSchema as { properties?: Record<string, { type?: string }> } | undefined)?.properties;
    if (typeof v === "boolean" && props?.enabled?.type === "boolean") return `write ${field}: { enabled: ${v} }`;
    if (v === null) return `write {} for an empty map, or indent its keys under "${field}:"`;
    return `write a map: indent "key: value" lines under "${field}:", or write { key: value }`;
  }
  if (want === "array") {
    if (field === "command" || field === "args") return `write a list, one argument per item, e.g. ${field}: ["sh", "-c", "…"]`;
    return typeof v === "string" ? `write a list: ${field}: [${JSON.stringify(v)}]` : `write a list: "- item" lines indented under "${field}:", or [a, b]`;
  }
  return `write a ${want}`;
}

/** What to write for a value past a schema limit (minimum, maxLength, minItems…). */
function limitHint(e: ErrorObject, description: string | undefined): string {
  const p = e.params as { limit?: number; comparison?: string; allowedValue?: unknown; format?: string };
  const limit = p.limit;
  switch (e.keyword) {
    case "minimum":
    case "exclusiveMinimum":
      return `write a number ${p.comparison ?? ">="} ${limit}`;
    case "maximum":
    case "exclusiveMaximum":
      return `write a number ${p.comparison ?? "<="} ${limit}`;
    case "minLength":
      return limit === 1 ? "write a non-empty value" : `write at least ${limit} characters`;
    case "maxLength":
      return `shorten it to at most ${limit} characters`;
    case "minItems":
      return `add at least ${limit} item${limit === 1 ? "" : "s"}`;
    case "maxItems":
      return `keep at most ${limit} item${limit === 1 ? "" : "s"}`;
    case "minProperties":
      return `add at least ${limit} key${limit === 1 ? "" : "s"}, or remove the map`;
    case "maxProperties":
      return `keep at most ${limit} key${limit === 1 ? "" : "s"}`;
    case "uniqueItems":
      return "remove the duplicate item";
    case "const":
      return `write ${JSON.stringify(p.allowedValue)}`;
    case "format":
      return `write a valid ${p.format ?? "value"}`;
    default:
      return description ? `write a value that fits: ${description}` : "remove this value, or write one the schema accepts (schemas/gitops.config.schema.json)";
  }
}

/** What to write for a string in the wrong form: the expected form, and a corrected value where one is obvious. */
function patternHint(e: ErrorObject, field: string, description: string | undefined): string {
  const v = typeof e.data === "string" ? e.data : "";
  const key = /^\d+$/.test(field) ? "- " : `${field}: `;
  if (e.schemaPath.includes("/dnsLabel/")) {
    const fixed = v.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
    return `write a DNS-1123 label (lower-case letters, digits and '-', a letter or digit at both ends)${fixed && fixed !== v ? `, e.g. ${key}${fixed}` : ""}`;
  }
  if (isImageTag(e)) return `write a tag of letters, digits, '_', '.' and '-' (at most 128, not starting with '.' or '-'), e.g. ${key}"1.27.4-alpine"`;
  if (isQuantity(e)) {
    const bytes = /^(\d+(?:\.\d+)?)\s*([KMGTPE])i?B$/i.exec(v.trim());
    if (bytes) return `write ${key}"${bytes[1]}${bytes[2]!.toUpperCase()}i" (binary units: Ki, Mi, Gi; or decimal: k, M, G, without B)`;
    if (field === "cpu") return `write a CPU quantity in quotes: cores ("0.5", "2") or millicores (${key}"500m")`;
    if (field === "memory" || field === "ephemeral-storage") return `write a size in quotes with a unit, e.g. ${key}"64Mi" or "1Gi"`;
    return `write a Kubernetes quantity in quotes, e.g. ${key}"500m" (cpu) or "64Mi" (memory)`;
  }
  if (e.schemaPath.includes("/imageName/")) {
    // repository[:tag][@digest]; a registry's port is a colon before the first "/".
    const [named, digest] = v.split("@", 2) as [string, string | undefined];
    const colon = named.lastIndexOf(":");
    const tag = colon > named.lastIndexOf("/") ? named.slice(colon + 1) : undefined;
    const repo = (tag !== undefined ? named.slice(0, colon) : named).toLowerCase();
    if (tag !== undefined || digest !== undefined) {
      const fields = [...(tag !== undefined ? [`tag: "${tag}"`] : []), ...(digest !== undefined ? [`digest: "${digest}"`] : [])];
      return `write the repository only, ${key}${repo}, and ${fields.join(" and ")} in ${fields.length > 1 ? "their" : "its"} own field${fields.length > 1 ? "s" : ""}`;
    }
    return `write an image repository in lower case, without tag or digest, e.g. ${key}${v.toLowerCase().replace(/[^a-z0-9._/-]+/g, "-") || "nginxinc/nginx-unprivileged"}`;
  }
  if (e.schemaPath.includes("/safePath/")) return `write an absolute path of letters, digits and ._/-, e.g. ${key}${v.startsWith("/") ? v.replace(/[^A-Za-z0-9._/-]+/g, "-") : `/${v.replace(/[^A-Za-z0-9._/-]+/g, "-")}`}`;
  if (e.schemaPath.includes("/labelValue/")) {
    // The API server's label-value rule (apimachinery IsValidLabelValue): at most 63, [A-Za-z0-9-_.], alphanumeric ends.
    const fixed = v.replace(/[^-A-Za-z0-9_.]+/g, "-").slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
    return `write a label value of at most 63 letters, digits, '-', '_' and '.', a letter or digit at both ends, e.g. ${key}${fixed || "value"}`;
  }
  if (e.schemaPath.includes("/imageDigest/")) return `write the digest as sha256: and 64 lower-case hex digits, e.g. ${key}"sha256:…"`;
  const pattern = String((e.params as { pattern?: string }).pattern ?? "");
  if (pattern.startsWith("^/") && v !== "" && !v.startsWith("/")) return `write an absolute path: ${key}/${v}`;
  if (description) return `write it in this form: ${description}`;
  return `write a value matching ${pattern}`;
}

/** A label or annotation key made valid: the fix to suggest for a bad one. */
function suggestKey(name: string): string {
  const [prefix, rest] = name.includes("/") ? [name.slice(0, name.indexOf("/")), name.slice(name.indexOf("/") + 1)] : ["", name];
  const tidy = (s: string) => s.replace(/[^-A-Za-z0-9_.]+/g, "-").replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
  const p = prefix.toLowerCase().replace(/[^-a-z0-9.]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  // The API server's qualified-name rule: the name part at most 63 characters, the prefix at most 253.
  const r = tidy(tidy(rest).slice(0, 63)) || "key";
  return p ? `${p}/${r}` : r;
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

function nameHint(parent: unknown, name: string): string {
  const names = (parent as { propertyNames?: { $ref?: string; pattern?: string } } | undefined)?.propertyNames;
  const fixed = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 63).replace(/-+$/, "");
  if (names?.$ref?.endsWith("dnsLabel")) {
    return `rename it to a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit${fixed && fixed !== name ? ` (e.g. ${fixed})` : ""}`;
  }
  return names?.pattern ? `rename it to match ${names.pattern}` : "rename this key";
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a map";
  return `${typeof v} ${JSON.stringify(v)}`;
}
