/**
 * The exact reader: a yaml-package Document decoded as go-yaml v2 decodes into interface{}
 * (gopkg.in/yaml.v2 decode.go: decoder.unmarshal, alias, scalar, mapping, merge, setMapIndex), then turned into
 * JSON as sigs.k8s.io/yaml does (yaml.go: convertToJSONableObject, then json.Marshal). The fast reader
 * (js-yaml) is used for documents without anchors, aliases, merges, explicit tags or odd keys; this one for
 * the rest, so it can afford to follow go-yaml step by step:
 *
 * - map keys keep their Go type: 1 and 1.0 are different keys, `yes` and `true` the same one; a map or
 *   sequence key is "invalid map key"; null and uint64 keys are refused by the JSON conversion ("unsupported
 *   map key"); a float key is written as Go's FormatFloat(f, 'g', -1, 32);
 * - under -strict a key set twice (by an alias, a merge or written out) is "already set in map"; without it
 *   the later one wins, a `<<` merge after an explicit key included;
 * - merges need a map or a sequence of maps ("map merge requires map or sequence of maps as the value"),
 *   merged from the last to the first;
 * - an alias inside its own anchor is "anchor 'x' value contains itself", and aliasing that expands beyond
 *   go-yaml's ratio is "document contains excessive aliasing" (decode.go: allowedAliasRatio);
 * - explicit core tags and !!binary as tags.ts decodes them; timestamps stay strings.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Scalar } from "yaml";
import { goYamlIntBig, INT64_MAX } from "../go-yaml-schema.js";
import { decodeGoBase64, resolveExplicit, resolveScalar } from "./tags.js";

/** A Go int from go-yaml (int, or uint64 above int64's range). */
export class GoInt {
  constructor(readonly value: bigint) {}
  get unsigned(): boolean {
    return this.value > INT64_MAX;
  }
}

/** A Go float64 from go-yaml. */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** A Go map[interface{}]interface{}: entries by key identity (type and value), in insertion order. */
export class GoMap {
  readonly entries = new Map<string, [GoValue, GoValue]>();
}

export type GoValue = null | boolean | string | GoInt | GoFloat | GoMap | GoValue[];

/** go-yaml's failf: the whole document fails with this message. */
export class GoYamlError extends Error {}

const PREFIX = "tag:yaml.org,2002:";
const CORE = new Set(["str", "bool", "int", "float", "null", "timestamp"].map((t) => `${PREFIX}${t}`));

/** decode.go's alias ratio: 99% up to 400,000 decoded nodes, down to 10% at 4,000,000. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/** Go's %#v of a map key, for "already set in map" and "invalid map key". */
export function goSyntax(v: GoValue): string {
  if (v === null) return "interface {}(nil)";
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof GoInt) return v.unsigned ? `0x${v.value.toString(16)}` : v.value.toString();
  if (v instanceof GoFloat) return String(v.value);
  if (typeof v === "boolean") return String(v);
  if (v instanceof GoMap) return "map[interface {}]interface {}{...}";
  return "[]interface {}{...}";
}

function keyId(k: GoValue): string | undefined {
  if (k === null) return "n";
  if (typeof k === "string") return `s${k}`;
  if (typeof k === "boolean") return `b${k}`;
  if (k instanceof GoInt) return `i${k.value}`;
  if (k instanceof GoFloat) return `f${Object.is(k.value, -0) ? "-0" : k.value}`;
  return undefined;
}

/** go-yaml v2's decoder over a yaml-package Document. Throws GoYamlError (failf); collects terrors. */
class Decoder {
  /** 1: go-yaml's unmarshal counts the document node before its content (decode.go: unmarshal, document). */
  private decodeCount = 1;
  private aliasCount = 0;
  private aliasDepth = 0;
  private readonly active = new Set<Node>();
  readonly terrors: string[] = [];

  constructor(
    private readonly doc: Document.Parsed,
    private readonly strict: boolean,
    private readonly lines: LineCounter,
  ) {}

  unmarshal(node: unknown, into?: GoMap): GoValue {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new GoYamlError("document contains excessive aliasing");
    }
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return this.alias(node, into);
    if (isScalar(node)) return this.scalar(node);
    if (isMap(node)) return this.mapping(node, into ?? new GoMap());
    if (isSeq(node)) return node.items.map((item) => (isPair(item) ? this.pairAsMap(item) : this.unmarshal(item)));
    return null;
  }

  private alias(node: Node & { source: string }, into?: GoMap): GoValue {
    const target = (node as unknown as { resolve(doc: Document): Node | undefined }).resolve(this.doc);
    if (!target) throw new GoYamlError(`unknown anchor '${node.source}' referenced`);
    if (this.active.has(node)) throw new GoYamlError(`anchor '${node.source}' value contains itself`);
    this.active.add(node);
    this.aliasDepth++;
    try {
      return this.unmarshal(target, into);
    } finally {
      this.aliasDepth--;
      this.active.delete(node);
    }
  }

  private scalar(node: Scalar): GoValue {
    const source = String((node as Scalar & { source?: unknown }).source ?? node.value ?? "");
    const tag = node.tag;
    if (tag) {
      if (tag === `${PREFIX}binary`) {
        const decoded = decodeGoBase64(source);
        if (decoded === undefined) throw new GoYamlError("!!binary value contains invalid base64 data");
        return Buffer.from(decoded, "latin1").toString("utf8");
      }
      if (!CORE.has(tag)) return source;
      const r = resolveExplicit(tag, source);
      if ("error" in r && r.error !== undefined) throw new GoYamlError(r.error);
      return typed(tag, source, (r as { value: unknown }).value);
    }
    if (node.type !== "PLAIN") return typeof node.value === "string" ? node.value : source;
    const r = resolveScalar(source);
    return typed(r.tag, source, r.value);
  }

  private mapping(node: { items: Array<{ key: unknown; value: unknown }> }, out: GoMap): GoMap {
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        this.merge(pair.value, out);
        continue;
      }
      const k = this.unmarshal(pair.key);
      if (k instanceof GoMap || Array.isArray(k)) throw new GoYamlError(`invalid map key: ${goSyntax(k)}`);
      const v = this.unmarshal(pair.value);
      this.setMapIndex((pair.value ?? pair.key) as Node | null, out, k, v);
    }
    return out;
  }

  private pairAsMap(pair: { key: unknown; value: unknown }): GoMap {
    return this.mapping({ items: [pair] }, new GoMap());
  }

  private merge(node: unknown, out: GoMap): void {
    const wantMap = () => new GoYamlError("map merge requires map or sequence of maps as the value");
    const resolve = (n: unknown) => (isAlias(n) ? n.resolve(this.doc) : n);
    if (isMap(node)) {
      this.unmarshal(node, out);
    } else if (isAlias(node)) {
      if (!isMap(resolve(node))) throw wantMap();
      this.unmarshal(node, out);
    } else if (isSeq(node)) {
      // Merged from the last map to the first (decode.go: merge).
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i];
        if (!isMap(resolve(item))) throw wantMap();
        this.unmarshal(item, out);
      }
    } else {
      throw wantMap();
    }
  }

  private setMapIndex(valueNode: Node | null, out: GoMap, k: GoValue, v: GoValue): void {
    const id = keyId(k)!;
    if (this.strict && out.entries.has(id)) {
      const offset = valueNode?.range?.[0] ?? 0;
      this.terrors.push(`line ${this.lines.linePos(offset).line}: key ${goSyntax(k)} already set in map`);
      return;
    }
    out.entries.set(id, [k, v]);
  }
}

function isMergeKey(key: unknown): boolean {
  if (!isScalar(key)) return false;
  const source = (key as Scalar & { source?: unknown }).source;
  return source === "<<" && ((key.type === "PLAIN" && !key.tag) || key.tag === `${PREFIX}merge`);
}

function typed(tag: string, source: string, value: unknown): GoValue {
  switch (tag) {
    case `${PREFIX}int`:
      return new GoInt(goYamlIntBig(source) ?? BigInt(value as number));
    case `${PREFIX}float`:
      return new GoFloat(value as number);
    case `${PREFIX}bool`:
      return value as boolean;
    case `${PREFIX}null`:
      return null;
    case `${PREFIX}timestamp`:
      // decode.go: a timestamp decoded into interface{} is kept as the string it was.
      return source;
    default:
      return typeof value === "string" ? value : source;
  }
}

/** The decoded document, or go-yaml's error text (without the "yaml: " prefix's caller wording). */
export function decodeDocument(doc: Document.Parsed, lines: LineCounter, strict: boolean): { value: GoValue; error?: undefined } | { error: string } {
  const decoder = new Decoder(doc, strict, lines);
  try {
    const value = decoder.unmarshal(doc.contents);
    if (decoder.terrors.length > 0) return { error: `yaml: unmarshal errors:\n  ${decoder.terrors.join("\n  ")}` };
    return { value };
  } catch (err) {
    if (err instanceof GoYamlError) return { error: `yaml: ${err.message}` };
    throw err;
  }
}

// ---- sigs.k8s.io/yaml: YAML object → JSON -----------------------------------------------------------------

/** strconv.FormatFloat(f, 'g', -1, 32), the shortest float32 text, with go-yaml's names for Inf and NaN. */
export function formatFloat32(f: number, yamlNames: boolean): string {
  if (Number.isNaN(f)) return yamlNames ? ".nan" : "NaN";
  if (!Number.isFinite(f)) return f > 0 ? (yamlNames ? ".inf" : "+Inf") : yamlNames ? "-.inf" : "-Inf";
  const x = Math.fround(f);
  if (!Number.isFinite(x)) return x > 0 ? (yamlNames ? ".inf" : "+Inf") : yamlNames ? "-.inf" : "-Inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  let digits = "";
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = x.toExponential(p - 1);
    if (Math.fround(Number(s)) === x) {
      const [mant, e] = s.split("e");
      digits = mant!.replace("-", "").replace(".", "");
      exp = Number(e);
      break;
    }
  }
  digits = digits.replace(/0+$/, "") || "0";
  const sign = x < 0 ? "-" : "";
  // strconv/ftoa.go: formatDigits, 'g' with the shortest precision uses %e when exp < -4 || exp >= 6.
  if (exp < -4 || exp >= 6) {
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${int}${frac ? `.${frac}` : ""}`;
}

/** convertToJSONableObject's key text, or its error. */
function keyString(k: GoValue, v: GoValue): string {
  if (typeof k === "string") return k;
  if (typeof k === "boolean") return String(k);
  if (k instanceof GoInt) {
    if (k.unsigned) throw new GoYamlError(`unsupported map key of type: uint64, key: 0x${k.value.toString(16)}, value: ${goSyntax(v)}`);
    return k.value.toString();
  }
  if (k instanceof GoFloat) return formatFloat32(k.value, true);
  throw new GoYamlError(`unsupported map key of type: <nil>, key: <nil>, value: ${goSyntax(v)}`);
}

/** Sets a key on a plain object, `__proto__` included, as an own property. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * The document as JSON (what kubeconform validates): keys as strings, numbers as numbers. `stringAt` names the
 * paths whose numbers and booleans become strings (sigs.k8s.io/yaml converts toward a struct's string fields).
 * Throws GoYamlError for an unsupported key or a NaN or infinite number (json.Marshal: "unsupported value").
 */
export function toJson(v: GoValue, stringAt?: (path: string[]) => boolean, path: string[] = []): unknown {
  if (v instanceof GoMap) {
    const out: Record<string, unknown> = {};
    for (const [k, value] of v.entries.values()) {
      const key = keyString(k, value);
      setOwn(out, key, toJson(value, stringAt, stringAt ? [...path, key] : path));
    }
    return out;
  }
  if (Array.isArray(v)) return v.map((item) => toJson(item, stringAt, stringAt ? [...path, "[]"] : path));
  if (stringAt?.(path)) {
    if (v instanceof GoInt) return v.value.toString();
    if (v instanceof GoFloat) return formatFloat32(v.value, false);
    if (typeof v === "boolean") return String(v);
  }
  if (v instanceof GoInt) return Number(v.value);
  if (v instanceof GoFloat) {
    if (!Number.isFinite(v.value)) throw new GoYamlError(`json: unsupported value: ${formatFloat32(v.value, false)}`);
    return v.value;
  }
  return v;
}
