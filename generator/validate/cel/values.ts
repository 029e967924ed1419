/**
 * A decoded JSON/YAML value → the CEL value a rule sees as `self`, typed by the schema node the way the API
 * server types it: k8s.io/apiserver pkg/cel/common/values.go (v0.33) `UnstructuredToVal` and schemas.go
 * `SchemaDeclType`, k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel/values.go.
 *
 * - `integer` → CEL int (bigint), `number` → double, `boolean`, `string`; int-or-string → int or string.
 * - `string` with `format: duration` → duration (Go's time.ParseDuration, then kube-openapi strfmt's
 *   looser units), `date` / `date-time` → timestamp, `byte` → bytes (standard base64).
 * - an object with `properties` (or `x-kubernetes-embedded-resource`) → an object whose fields are the
 *   declared properties under their CEL-escaped names; undeclared keys are invisible, as in the API server.
 *   At a resource root (and an embedded resource) `apiVersion`, `kind` and `metadata` with only `name` and
 *   `generateName` (apiserver `WithTypeAndObjectMeta`).
 * - an object with `additionalProperties` → a map with the keys as they are.
 * - an array → a list of its items.
 * - anything else (a type-less `x-kubernetes-preserve-unknown-fields` value, an object with neither
 *   properties nor additionalProperties): converted from JSON as is (integers as int). The API server gives
 *   such values no fields to select, so a rule that compiles there cannot look inside them.
 * A value that does not fit its schema becomes a CEL error value carrying the API server's message.
 */
import { celError, type CelError, type CelInput } from "@bufbuild/cel";
import { create } from "@bufbuild/protobuf";
import { DurationSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { escapeProperty } from "./escape.js";
import { isObject, type JsonObject, type SchemaReader } from "./schema-node.js";

type Input = CelInput | CelError;

export function toCel(value: unknown, node: JsonObject, reader: SchemaReader, resourceRoot: boolean): Input {
  if (value === null || value === undefined) {
    return reader.nullable(node) ? null : celError("invalid data, got null for schema with nullable=false");
  }
  if (reader.intOrString(node)) {
    if (typeof value === "string") return value;
    if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
    return celError("invalid data, expected XIntOrString value to be either a string or integer");
  }
  const type = reader.type(node);
  switch (type) {
    case "object": {
      if (!isObject(value)) return celError("invalid data, expected a map for the provided schema with type=object");
      const embedded = resourceRoot || reader.embeddedResource(node);
      const props = reader.properties(node);
      if (props || embedded) {
        const out: Record<string, Input> = {};
        for (const [key, v] of Object.entries(value)) {
          if (embedded && (key === "apiVersion" || key === "kind" || key === "metadata")) continue;
          const child = reader.property(node, key);
          const name = escapeProperty(key);
          if (!child || name === undefined || !reader.hasDeclType(child)) continue;
          out[name] = toCel(v, child, reader, reader.embeddedResource(child));
        }
        if (embedded) addTypeAndObjectMeta(out, value);
        return out as CelInput;
      }
      const ap = reader.additionalProperties(node);
      if (ap) {
        const m = new Map<string, Input>();
        for (const [key, v] of Object.entries(value)) m.set(key, toCel(v, ap, reader, reader.embeddedResource(ap)));
        return m as CelInput;
      }
      return fromJson(value);
    }
    case "array": {
      if (!Array.isArray(value)) return celError("invalid data, expected an array for the provided schema with type=array");
      const items = reader.items(node);
      if (!items) return celError("invalid array type, expected Items with a non-empty Schema");
      return value.map((v) => toCel(v, items, reader, reader.embeddedResource(items))) as CelInput;
    }
    case "string": {
      if (typeof value !== "string") return celError(`invalid data, expected string, got ${goType(value)}`);
      switch (reader.format(node)) {
        case "duration":
          return durationValue(value);
        case "date":
          return dateValue(value);
        case "date-time":
          return dateTimeValue(value);
        case "byte":
          return bytesValue(value);
      }
      return value;
    }
    case "number":
      return typeof value === "number" ? value : celError(`invalid data, expected float, got ${goType(value)}`);
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? BigInt(value) : celError(`invalid data, expected int, got ${goType(value)}`);
    case "boolean":
      return typeof value === "boolean" ? value : celError(`invalid data, expected bool, got ${goType(value)}`);
  }
  if (reader.preserveUnknownFields(node)) return fromJson(value);
  return celError(
    `invalid type, expected object, array, number, integer, boolean or string, or no type with x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields is true, got ${type ?? ""}`,
  );
}

/** apiVersion, kind and metadata.{name,generateName}: what a rule at a resource root may read of them. */
function addTypeAndObjectMeta(out: Record<string, Input>, value: JsonObject): void {
  for (const key of ["apiVersion", "kind"]) {
    const v = value[key];
    if (typeof v === "string") out[key] = v;
    else if (v !== undefined) out[key] = celError(`invalid data, expected string, got ${goType(v)}`);
  }
  const meta = value.metadata;
  if (meta === undefined) return;
  if (!isObject(meta)) {
    out.metadata = celError("invalid data, expected a map for the provided schema with type=object");
    return;
  }
  const m: Record<string, Input> = {};
  for (const key of ["name", "generateName"]) {
    const v = meta[key];
    if (typeof v === "string") m[key] = v;
    else if (v !== undefined) m[key] = celError(`invalid data, expected string, got ${goType(v)}`);
  }
  out.metadata = m as CelInput;
}

/** Schema-less JSON: integers as int, other numbers as double, objects as maps. */
function fromJson(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(fromJson);
  const m = new Map<string, CelInput>();
  for (const [k, v] of Object.entries(value as JsonObject)) m.set(k, fromJson(v));
  return m;
}

/** The Go type name unstructured JSON decodes to, for the API server's "got %T" messages. */
function goType(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int64" : "float64";
  if (Array.isArray(v)) return "[]interface {}";
  if (v === null) return "<nil>";
  return "map[string]interface {}";
}

const NS: Record<string, bigint> = {
  ns: 1n, us: 1_000n, "µs": 1_000n, "μs": 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};

/** Go's time.ParseDuration, in nanoseconds; undefined when it does not parse. */
export function parseGoDuration(s: string): bigint | undefined {
  let rest = s;
  let sign = 1n;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    if (rest[0] === "-") sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === "0") return 0n;
  if (rest === "") return undefined;
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m || (m[1] === "" && (m[2] === undefined || m[2] === ""))) return undefined;
    const unit = NS[m[3]!]!;
    const whole = BigInt(m[1] || "0") * unit;
    let frac = 0n;
    if (m[2]) {
      const digits = m[2].slice(0, 18);
      frac = (BigInt(digits) * unit) / 10n ** BigInt(digits.length);
    }
    total += whole + frac;
    rest = rest.slice(m[0].length);
  }
  if (total > 9_223_372_036_854_775_807n) return undefined;
  return sign * total;
}

const STRFMT_UNITS: Array<[string[], bigint]> = [
  [["ns", "nano"], 1n],
  [["us", "µs", "micro"], 1_000n],
  [["ms", "milli"], 1_000_000n],
  [["s", "sec"], 1_000_000_000n],
  [["m", "min"], 60_000_000_000n],
  [["h", "hr", "hour"], 3_600_000_000_000n],
  [["d", "day"], 86_400_000_000_000n],
  [["w", "wk", "week"], 604_800_000_000_000n],
];

/** kube-openapi strfmt.ParseDuration: Go's syntax, else "<n> <unit>" pairs with longer unit names. */
export function parseStrfmtDuration(s: string): bigint | undefined {
  const go = parseGoDuration(s);
  if (go !== undefined) return go;
  let total = 0n;
  let ok = false;
  for (const m of s.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)) {
    const factor = BigInt(m[1]!);
    const unit = m[2]!.toLowerCase().trim();
    for (const [variants, mult] of STRFMT_UNITS) {
      variants.forEach((variant, i) => {
        if ((i === variants.length - 1 && unit.startsWith(variant)) || unit === variant) {
          ok = true;
          total += factor * mult;
        }
      });
    }
  }
  return ok ? total : undefined;
}

function durationValue(s: string): Input {
  const ns = parseStrfmtDuration(s);
  if (ns === undefined) return celError(`Invalid duration ${s}: unable to parse ${s} as duration`);
  const seconds = ns / 1_000_000_000n;
  return create(DurationSchema, { seconds, nanos: Number(ns - seconds * 1_000_000_000n) }) as unknown as CelInput;
}

/** Milliseconds since the epoch for a UTC date and time; years below 100 stay as they are (Date.UTC maps them to 19xx). */
function utc(y: number, mo: number, d: number, h = 0, mi = 0, sec = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  t.setUTCHours(h, mi, sec, 0);
  return t.getTime();
}

function timestamp(epochMs: number, nanosInSecond: number): Input {
  const seconds = BigInt(Math.floor(epochMs / 1000));
  return create(TimestampSchema, { seconds, nanos: nanosInSecond }) as unknown as CelInput;
}

function dateValue(s: string): Input {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const ms = m ? utc(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
  if (!m || new Date(ms).getUTCDate() !== Number(m[3])) return celError(`Invalid date formatted string ${s}: parsing time "${s}" as "2006-01-02": cannot parse`);
  return timestamp(ms, 0);
}

/** strfmt.ParseDateTime: RFC 3339 (any fraction), or a local time without zone read as UTC; "" is the zero time. */
function dateTimeValue(s: string): Input {
  if (s === "") return timestamp(utc(1, 1, 1), 0);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  const zoneless = m && m[8] === undefined;
  if (!m || (zoneless && m[7] !== undefined)) return celError(`Invalid date-time formatted string ${s}: parsing time "${s}": cannot parse`);
  let ms = utc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(m[3]) || check.getUTCHours() !== Number(m[4]) || check.getUTCMinutes() !== Number(m[5]) || Number(m[6]) > 59) {
    return celError(`Invalid date-time formatted string ${s}: parsing time "${s}": out of range`);
  }
  const zone = m[8];
  if (zone && zone !== "Z") {
    const sign = zone[0] === "-" ? -1 : 1;
    ms -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return timestamp(ms, Number((m[7] ?? "").padEnd(9, "0")));
}

function bytesValue(s: string): Input {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) {
    return celError(`Invalid byte formatted string ${s}: illegal base64 data`);
  }
  return new Uint8Array(Buffer.from(s, "base64"));
}
