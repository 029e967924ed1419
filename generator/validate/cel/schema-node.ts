/**
 * A JSON schema node read the way the API server reads a CRD's structural schema
 * (k8s.io/apiextensions-apiserver pkg/apiserver/schema): `type` (a kubernetes-json-schema `[T, "null"]` array
 * counts as T, nullable), `properties`, `items`, `additionalProperties`, `allOf`, and the `x-kubernetes-*`
 * extensions that change how a value is typed for CEL. Local `$ref`s (`#/...`) are followed.
 */
export type JsonObject = Record<string, unknown>;

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export const RULES_KEY = "x-kubernetes-validations";

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Resolves local $refs against one root schema. */
export class SchemaReader {
  constructor(private readonly root: JsonObject) {}

  /** The node itself, or what its `$ref` (chain) points to; undefined when the ref does not resolve. */
  resolve(node: unknown): JsonObject | undefined {
    let cur = node;
    for (let hops = 0; isObject(cur) && typeof cur.$ref === "string"; hops++) {
      if (hops > 32) return undefined;
      cur = this.pointer(cur.$ref);
    }
    return isObject(cur) ? cur : undefined;
  }

  private pointer(ref: string): unknown {
    if (!ref.startsWith("#")) return undefined;
    let cur: unknown = this.root;
    for (const raw of ref.slice(1).split("/").slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (!isObject(cur) && !Array.isArray(cur)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
  }

  /** The structural type: "object", "array", "string", "integer", "number", "boolean", or undefined. */
  type(n: JsonObject): string | undefined {
    const t = n.type;
    if (typeof t === "string") return t;
    if (Array.isArray(t)) return t.find((x): x is string => typeof x === "string" && x !== "null");
    if (isObject(n.properties) || n.additionalProperties !== undefined) return "object";
    if (n.items !== undefined) return "array";
    return undefined;
  }

  nullable(n: JsonObject): boolean {
    return n.nullable === true || (Array.isArray(n.type) && n.type.includes("null"));
  }

  /** x-kubernetes-int-or-string, or a type-less anyOf/oneOf of exactly integer and string (how JSON schemas spell it). */
  intOrString(n: JsonObject): boolean {
    if (n["x-kubernetes-int-or-string"] === true) return true;
    if (n.type !== undefined) return false;
    for (const key of ["anyOf", "oneOf"]) {
      const alts = n[key];
      if (!Array.isArray(alts)) continue;
      const types = new Set(alts.map((a) => (isObject(a) ? this.type(this.resolve(a) ?? {}) : undefined)));
      if (types.size === 2 && types.has("integer") && types.has("string")) return true;
    }
    return false;
  }

  preserveUnknownFields(n: JsonObject): boolean {
    return n["x-kubernetes-preserve-unknown-fields"] === true;
  }

  embeddedResource(n: JsonObject): boolean {
    return n["x-kubernetes-embedded-resource"] === true;
  }

  format(n: JsonObject): string | undefined {
    return typeof n.format === "string" ? n.format : undefined;
  }

  properties(n: JsonObject): Record<string, unknown> | undefined {
    return isObject(n.properties) ? n.properties : undefined;
  }

  property(n: JsonObject, name: string): JsonObject | undefined {
    const props = this.properties(n);
    return props && Object.hasOwn(props, name) ? this.resolve(props[name]) : undefined;
  }

  items(n: JsonObject): JsonObject | undefined {
    return isObject(n.items) ? this.resolve(n.items) : undefined;
  }

  /** additionalProperties as a schema (a boolean has none). */
  additionalProperties(n: JsonObject): JsonObject | undefined {
    return isObject(n.additionalProperties) ? this.resolve(n.additionalProperties) : undefined;
  }

  allOf(n: JsonObject): JsonObject[] {
    return Array.isArray(n.allOf) ? n.allOf.map((a) => this.resolve(a)).filter((a): a is JsonObject => a !== undefined) : [];
  }

  rules(n: JsonObject): ValidationRule[] {
    const raw = n[RULES_KEY];
    if (!Array.isArray(raw)) return [];
    return raw.filter((r): r is ValidationRule => isObject(r) && typeof r.rule === "string");
  }

  /**
   * Whether the API server gives the node a CEL type (apiserver pkg/cel/common/schemas.go SchemaDeclType):
   * int-or-string, an object (its additionalProperties typed too), an array with typed items, a string,
   * boolean, number or integer. Rules on or under a node without one are never compiled or run.
   */
  hasDeclType(n: JsonObject, seen = new Set<JsonObject>()): boolean {
    if (this.intOrString(n)) return true;
    if (seen.has(n)) return true; // a recursive $ref: typed as far as it goes
    seen.add(n);
    switch (this.type(n)) {
      case "array": {
        const items = this.items(n);
        return items !== undefined && this.hasDeclType(items, seen);
      }
      case "object": {
        const ap = this.additionalProperties(n);
        return ap === undefined || this.hasDeclType(ap, seen);
      }
      case "string":
      case "boolean":
      case "number":
      case "integer":
        return true;
      default:
        return false;
    }
  }
}

export { isObject };
