/**
 * Files → resources, as kubeconform splits and reads them: documents separated by a line starting with
 * `---` (Kubernetes' splitYAMLDocument, ported byte for byte so empty and comment-only documents come out
 * the same), parsed with YAML 1.1 rules like go-yaml v2 (so `yes` is a boolean, as kubeconform sees it),
 * duplicate keys an error under -strict, `kind: List` expanded into its items.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type Pair } from "yaml";
import jsYaml from "js-yaml";
import { GO_YAML_V2_NUMBER_TAGS, GO_YAML_V2_SCHEMA } from "./go-yaml-schema.js";
import { positionOf } from "../config/source.js";

export interface Resource {
  /** The file name as given (or "stdin"). */
  path: string;
  /** 0-based document index within the file. */
  index: number;
  /** The document's text. */
  text: string;
  /** 1-based line of the document's first line in the file. */
  startLine: number;
}

export interface Signature {
  kind: string;
  version: string;
  namespace: string;
  name: string;
}

/** A parsed resource ready for validation, or the reason it cannot be validated. */
export type ParsedResource =
  | { state: "empty"; resource: Resource; signature: Signature }
  | { state: "error"; resource: Resource; signature: Signature; message: string; line?: number; col?: number }
  | { state: "object"; resource: Resource; signature: Signature; object: Record<string, unknown>; locate: (pointer: string, key: boolean) => { line: number; col: number } };

const SEPARATOR = "\n---";

/** Splits a stream into documents exactly as kubeconform's SplitYAMLDocument does. */
export function splitDocuments(path: string, data: string): Resource[] {
  const out: Resource[] = [];
  let offset = 0;
  let line = 1;
  let rest = data;
  while (rest.length > 0) {
    const i = rest.indexOf(SEPARATOR);
    if (i < 0) {
      out.push({ path, index: out.length, text: rest, startLine: line });
      break;
    }
    const after = rest.slice(i + SEPARATOR.length);
    const nl = after.indexOf("\n");
    if (nl < 0) {
      // "\n---..." on the last line: the text before it is the last document (the separator line is dropped).
      out.push({ path, index: out.length, text: rest.slice(0, i), startLine: line });
      break;
    }
    const token = rest.slice(0, i);
    // A zero-length document (a file starting with a blank line then ---, or --- twice) is not reported:
    // kubeconform v0.7.0 gives no result for it.
    if (token.length > 0) out.push({ path, index: out.length, text: token, startLine: line });
    const advance = i + SEPARATOR.length + nl + 1;
    line += countLines(rest.slice(0, advance));
    offset += advance;
    rest = rest.slice(advance);
  }
  // kubeconform reports a file without any document as one empty resource, so every file is counted.
  if (out.length === 0) out.push({ path, index: 0, text: "", startLine: 1 });
  return out;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

const EMPTY_SIGNATURE: Signature = { kind: "", version: "", namespace: "", name: "" };

/** kubeconform's signature: kind and apiVersion must be strings; generateName is shown with a marker. */
export function signatureOf(obj: Record<string, unknown>): { signature: Signature; error?: string } {
  const meta = obj.metadata && typeof obj.metadata === "object" && !Array.isArray(obj.metadata) ? (obj.metadata as Record<string, unknown>) : {};
  let name = typeof meta.name === "string" ? meta.name : "";
  if (typeof meta.generateName === "string") name = `${meta.generateName}{{ generateName }}`;
  const signature: Signature = {
    kind: typeof obj.kind === "string" ? obj.kind : "",
    version: typeof obj.apiVersion === "string" ? obj.apiVersion : "",
    namespace: typeof meta.namespace === "string" ? meta.namespace : "",
    name,
  };
  // kubeconform's outputs re-read the signature leniently (Resource.Signature()), so the other fields show.
  if (typeof obj.kind !== "string") return { signature: { ...signature, kind: "" }, error: "missing 'kind' key" };
  if (typeof obj.apiVersion !== "string") return { signature: { ...signature, version: "" }, error: "missing 'apiVersion' key" };
  return { signature };
}

/**
 * Parses one document. Lists come back as their items (an empty List as one empty result), each with the
 * List's document position.
 */
export function parseResource(resource: Resource, strict: boolean): ParsedResource[] {
  if (resource.text.length === 0) return [{ state: "empty", resource, signature: { ...EMPTY_SIGNATURE } }];
  const fast = fastParse(resource.text);
  // kubeconform decodes a List leniently (duplicate keys allowed, the last one wins) and re-serializes its
  // items, so nothing inside a List is checked for duplicates, even under -strict.
  const read = fast.ok ? fast : isListText(resource.text) ? fastParse(resource.text, true) : fast;
  if (read.ok && read.value !== null && typeof read.value === "object" && !Array.isArray(read.value)) {
    // Positions are only needed for problems: the positional parse runs then, and only for that document.
    let sourceMap: { doc: Document.Parsed; lines: LineCounter } | undefined;
    const positional = () => (sourceMap ??= positionalParse(resource.text, strict));
    const lazyLocate: Locate = (pointer, key) => locate(positional().doc, positional().lines, resource.startLine, pointer, key);
    const obj = read.value as Record<string, unknown>;
    const nonFinite = nonFiniteError(resource, obj);
    if (nonFinite) return [nonFinite];
    if (strict && !isList(obj) && resource.text.includes("<<")) {
      const conflict = mergeConflict(positional().doc);
      if (conflict) {
        const line = positional().lines.linePos(conflict.offset).line;
        return [{ state: "error", resource, signature: signatureOf(obj).signature, ...lazyLocate("", false), message: `error unmarshalling resource: error converting YAML to JSON: yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(conflict.key)} already set in map` }];
      }
    }
    return fromObject(resource, obj, lazyLocate);
  }
  if (fast.ok && (fast.value === null || fast.value === undefined)) return [{ state: "empty", resource, signature: { ...EMPTY_SIGNATURE } }];
  const { doc, lines } = positionalParse(resource.text, strict);
  const toFile = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line + resource.startLine - 1, col: p.col };
  };
  const dup = doc.errors.find((e) => e.code === "DUPLICATE_KEY");
  if (dup) {
    // go-yaml names the duplicate key and the line where its value starts.
    const pair = findPair(doc, dup.pos[0]);
    const key = pair ? String((pair.key as { value?: unknown }).value) : resource.text.slice(dup.pos[0]).split(/[:\n]/)[0]!.trim();
    const valueStart = (pair?.value as { range?: [number, number, number] } | null)?.range?.[0] ?? dup.pos[0];
    const line = lines.linePos(valueStart).line;
    return [{ state: "error", resource, signature: partialSignature(doc), ...toFile(dup.pos[0]), message: `error unmarshalling resource: error converting YAML to JSON: yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(key)} already set in map` }];
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = lines.linePos(e.pos[0]);
    return [{ state: "error", resource, signature: { ...EMPTY_SIGNATURE }, ...toFile(e.pos[0]), message: `error unmarshalling resource: error converting YAML to JSON: yaml: line ${where.line}: ${e.message.split("\n")[0]}` }];
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    return [{ state: "error", resource, signature: { ...EMPTY_SIGNATURE }, message: `error unmarshalling resource: ${(err as Error).message}` }];
  }
  if (value === null || value === undefined) return [{ state: "empty", resource, signature: { ...EMPTY_SIGNATURE } }];
  const nonFinite = nonFiniteError(resource, value);
  if (nonFinite) return [nonFinite];
  if (typeof value !== "object" || Array.isArray(value)) {
    return [{ state: "error", resource, signature: { ...EMPTY_SIGNATURE }, message: `error unmarshalling resource: error converting YAML to JSON: yaml: unmarshal errors:\n  line 1: cannot unmarshal ${Array.isArray(value) ? "!!seq" : "!!str"} into map[string]interface {}` }];
  }
  return fromObject(resource, value as Record<string, unknown>, (pointer, key) => locate(doc, lines, resource.startLine, pointer, key));
}

/**
 * kubeconform expands a List only when its signature reads cleanly (kind and apiVersion set); its items
 * field is matched case-insensitively (Go's JSON decoding into a struct field named Items).
 */
/**
 * sigs.k8s.io/yaml turns the document into JSON, which has no Inf or NaN: kubeconform cannot read it. Both readers
 * (the fast one and the positional one a duplicate key sends a non-strict document to) go through this check.
 */
function nonFiniteError(resource: Resource, value: unknown): ParsedResource | undefined {
  const nonFinite = /\.(?:inf|nan)\b/i.test(resource.text) ? findNonFinite(value) : undefined;
  if (nonFinite === undefined) return undefined;
  return { state: "error", resource, signature: { ...EMPTY_SIGNATURE }, message: `error unmarshalling resource: error converting YAML to JSON: json: unsupported value: ${nonFinite}` };
}

function isList(obj: Record<string, unknown>): boolean {
  return typeof obj.kind === "string" && obj.kind.toLowerCase() === "list" && typeof obj.apiVersion === "string" && obj.apiVersion !== "";
}

function listItems(obj: Record<string, unknown>): { key: string; items: unknown[] } {
  const key = "items" in obj ? "items" : (Object.keys(obj).filter((k) => k.toLowerCase() === "items").pop() ?? "items");
  return { key, items: Array.isArray(obj[key]) ? (obj[key] as unknown[]) : [] };
}

/** A cheap test before the lenient re-read: only a List document gets one. */
function isListText(text: string): boolean {
  return /^kind:\s*["']?list["']?\s*$/im.test(text);
}

/** One object, or a List's items (an empty List is one empty result). */
function fromObject(resource: Resource, obj: Record<string, unknown>, locateIn: Locate): ParsedResource[] {
  if (isList(obj)) {
    const { key, items } = listItems(obj);
    if (items.length === 0) return [{ state: "empty", resource, signature: { ...EMPTY_SIGNATURE } }];
    return items.map((item, i) => {
      // A re-serialized null item is an empty document.
      if (item === null || item === undefined) return { state: "empty", resource, signature: { ...EMPTY_SIGNATURE } };
      return toParsed(resource, item, (pointer, k) => locateIn(`/${key}/${i}${pointer}`, k));
    });
  }
  return [toParsed(resource, obj, locateIn)];
}


/**
 * The fast reader (js-yaml, several times quicker than the positional parser). Any exception, duplicate
 * keys included, sends the document to the positional parser, which words the error as kubeconform does.
 */
function fastParse(text: string, lenient = false): { ok: true; value: unknown } | { ok: false } {
  try {
    // json: true lets a later duplicate key win instead of throwing (go-yaml's non-strict decoding).
    return { ok: true, value: jsYaml.load(text, { schema: GO_YAML_V2_SCHEMA, json: lenient }) };
  } catch {
    return { ok: false };
  }
}

const NUMBER_OR_TIME_TAGS = new Set(["tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"]);

/** The positional parse (yaml package, YAML 1.1 without timestamps): errors and line:col. */
function positionalParse(text: string, strict: boolean): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    version: "1.1",
    // go-yaml v2's numbers instead of YAML 1.1's (no base 60, Go's int syntax); no timestamps.
    customTags: (tags) => [
      ...tags.filter((t) => !NUMBER_OR_TIME_TAGS.has((t as { tag?: string }).tag ?? "")),
      ...(GO_YAML_V2_NUMBER_TAGS as unknown as typeof tags),
    ],
    uniqueKeys: strict,
    lineCounter: lines,
    prettyErrors: false,
    strict: false,
  });
  return { doc, lines };
}

type Locate = (pointer: string, key: boolean) => { line: number; col: number };

function toParsed(resource: Resource, value: unknown, locateIn: Locate): ParsedResource {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return { state: "error", resource, signature: { ...EMPTY_SIGNATURE }, message: "error while parsing: missing 'kind' key" };
  }
  const obj = value as Record<string, unknown>;
  const { signature, error } = signatureOf(obj);
  if (error) return { state: "error", resource, signature, message: `error while parsing: ${error}`, ...locateIn("", false) };
  return { state: "object", resource, signature, object: obj, locate: locateIn };
}

/**
 * go-yaml v2's strict decoding sets merged (`<<`) keys into the same map as the explicit ones, so a key
 * both merged and written out (or merged twice) is "already set in map", whatever the order. Returns the
 * first such key and the offset of the value that set it the second time.
 */
function mergeConflict(doc: Document.Parsed): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  const deref = (n: unknown): unknown => (isAlias(n) ? n.resolve(doc) : n);
  // The yaml package resolves a plain `<<` key (YAML 1.1 merge) to a symbol; its source stays "<<".
  const isMergeKey = (k: unknown) => isScalar(k) && k.type === "PLAIN" && (k as { source?: string }).source === "<<";
  const fill = (map: unknown, seen: Set<string>, depth: number): void => {
    if (found || depth > 32 || !isMap(map)) return;
    for (const pair of map.items) {
      if (isMergeKey(pair.key)) {
        const v = deref(pair.value);
        // A sequence of maps is merged from its last element to its first.
        const sources = isSeq(v) ? [...v.items].reverse().map(deref) : [v];
        for (const src of sources) fill(src, seen, depth + 1);
        continue;
      }
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (seen.has(key)) {
        found ??= { key, offset: (pair.value as Node | null)?.range?.[0] ?? (pair.key as Node).range?.[0] ?? 0 };
      } else {
        seen.add(key);
      }
      if (found) return;
    }
  };
  visit(doc, {
    Map(_k, map) {
      if (found) return visit.BREAK;
      if (map.items.some((p) => isMergeKey(p.key))) fill(map, new Set(), 0);
      return undefined;
    },
  });
  return found;
}

/** The first Inf or NaN in a value, spelled as Go prints it (+Inf, -Inf, NaN). */
function findNonFinite(value: unknown, depth = 0): string | undefined {
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : value === Infinity ? "+Inf" : value === -Infinity ? "-Inf" : undefined;
  if (!value || typeof value !== "object" || depth > 100) return undefined;
  for (const v of Array.isArray(value) ? value : Object.values(value)) {
    const found = findNonFinite(v, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The map entry whose key starts at offset. */
function findPair(doc: Document.Parsed, offset: number): Pair | undefined {
  let found: Pair | undefined;
  visit(doc, {
    Pair(_k, pair) {
      const r = (pair.key as { range?: [number, number, number] } | null)?.range;
      if (r && r[0] === offset) {
        found = pair;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function partialSignature(doc: Document.Parsed): Signature {
  const get = (path: string[]) => {
    const v = doc.getIn(path);
    return typeof v === "string" ? v : "";
  };
  return { kind: get(["kind"]), version: get(["apiVersion"]), namespace: get(["metadata", "namespace"]), name: get(["metadata", "name"]) };
}

/** line:col (in the file) of the node a JSON pointer names (its key with key=true), or its deepest existing ancestor. */
function locate(doc: Document.Parsed, lines: LineCounter, startLine: number, pointer: string, key: boolean): { line: number; col: number } {
  const p = positionOf({ file: "", doc, lines }, pointer, key);
  return { line: p.line + startLine - 1, col: p.col };
}
