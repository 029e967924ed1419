/**
 * Files → resources, as kubeconform splits and reads them: documents separated by a line starting with
 * `---` (Kubernetes' splitYAMLDocument, ported byte for byte so empty and comment-only documents come out
 * the same, run on the file's bytes), read as go-yaml v2 and sigs.k8s.io/yaml read them (so `yes` is a
 * boolean, as kubeconform sees it), duplicate keys an error under -strict, `kind: List` expanded into its
 * items. Two readers: js-yaml with go-yaml's scalar types for ordinary documents (fast), and the exact reader
 * (yaml/: the yaml package's document decoded as yaml.v2 decodes it) for any document a cheap test says may
 * differ; yaml/encoding.ts and yaml/lexical.ts apply go-yaml's reader and scanner rules first.
 */
import { LineCounter, parseDocument, type Document } from "yaml";
import jsYaml from "js-yaml";
import { GO_YAML_V2_NUMBER_TAGS, GO_YAML_V2_SCHEMA } from "./go-yaml-schema.js";
import { positionOf } from "../config/source.js";
import { decodeDocumentBytes, isCleanUtf8, normalizeLineBreaks } from "./yaml/encoding.js";
import { checkLexical, mayNeedLexicalCheck } from "./yaml/lexical.js";
import { GO_YAML_V2_EXPLICIT_TAGS } from "./yaml/tags.js";
import { decodeDocument, GoYamlError, toJson } from "./yaml/decode.js";
import { readBlockYaml } from "./yaml/fast-reader.js";
import { splitPlainAsciiFile } from "./split-bytes.js";
import { decodeSignature, isSignatureStringPath, plainSignature, strictSignature, type LenientSignature } from "./yaml/signature.js";

export interface Resource {
  /** The file name as given (or "stdin"). */
  path: string;
  /** 0-based document index within the file. */
  index: number;
  /** The document's text. */
  text: string;
  /** 1-based line of the document's first line in the file. */
  startLine: number;
  /** go-yaml's reader error for the document's bytes (invalid UTF-8, control characters): text is then "". */
  decodeError?: string;
  /** The file is printable ASCII with LF line ends only: no line break for go-yaml to see differently. */
  plainAscii?: boolean;
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
export function splitDocuments(path: string, data: string, plainAscii = false): Resource[] {
  const out: Resource[] = [];
  let offset = 0;
  let line = 1;
  let rest = data;
  while (rest.length > 0) {
    const i = rest.indexOf(SEPARATOR);
    if (i < 0) {
      out.push({ path, index: out.length, text: rest, startLine: line, ...(plainAscii && { plainAscii }) });
      break;
    }
    const after = rest.slice(i + SEPARATOR.length);
    const nl = after.indexOf("\n");
    if (nl < 0) {
      // "\n---" ending the file: the text before it is the last document. "\n---  " or "\n--- # x" without a
      // final newline: the split function asks for more data at EOF and bufio.Scanner drops what is left,
      // the document before the separator included (stream.go: SplitYAMLDocument).
      if (after.length === 0) out.push({ path, index: out.length, text: rest.slice(0, i), startLine: line, ...(plainAscii && { plainAscii }) });
      break;
    }
    const token = rest.slice(0, i);
    // A zero-length document (a file starting with a blank line then ---, or --- twice) is not reported:
    // kubeconform v0.7.0 gives no result for it.
    if (token.length > 0) out.push({ path, index: out.length, text: token, startLine: line, ...(plainAscii && { plainAscii }) });
    const advance = i + SEPARATOR.length + nl + 1;
    line += countLines(rest.slice(0, advance));
    offset += advance;
    rest = rest.slice(advance);
  }
  // kubeconform reports a file without any document as one empty resource, so every file is counted.
  if (out.length === 0) out.push({ path, index: 0, text: "", startLine: 1 });
  return out;
}

/**
 * Splits a file's bytes as kubeconform does and decodes each document as go-yaml's reader would. Nearly every
 * file is clean UTF-8 and is split as text; otherwise the split runs on the raw bytes (as latin1, one
 * character per byte, so "\n---" is found where kubeconform finds it) and each document is decoded alone,
 * a bad byte making only its own document an error.
 */
export function splitFile(path: string, bytes: Uint8Array): Resource[] {
  // Printable ASCII (nearly every manifest): split on the bytes, each document decoded alone (split-bytes.ts).
  const ascii = splitPlainAsciiFile(path, bytes);
  if (ascii) return ascii;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  // Printable ASCII (invalid UTF-8 would have decoded to U+FFFD): nothing for the reader to refuse.
  if (!NOT_PLAIN_ASCII.test(text)) return splitDocuments(path, text, true);
  if (isCleanUtf8(bytes, text)) return splitDocuments(path, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return splitDocuments(path, raw).map((doc) => {
    if (doc.text.length === 0) return doc;
    const decoded = decodeDocumentBytes(Buffer.from(doc.text, "latin1"));
    return decoded.error !== undefined ? { ...doc, text: "", decodeError: decoded.error } : { ...doc, text: decoded.text };
  });
}

/** Anything but printable ASCII, TAB, LF, and CR before LF. */
const NOT_PLAIN_ASCII = /[^\t\n\x20-\x7e]/;

function countLines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

const EMPTY_SIGNATURE: Signature = { kind: "", version: "", namespace: "", name: "" };

/** kubeconform's signature of a List item (SignatureFromMap): kind and apiVersion must be strings. */
export function signatureOf(obj: Record<string, unknown>): { signature: Signature; error?: string } {
  const { error, ...signature } = strictSignature(obj);
  return error ? { signature, error } : { signature };
}

const emptyResult = (resource: Resource): ParsedResource => ({ state: "empty", resource, signature: { ...EMPTY_SIGNATURE } });
const errorResult = (resource: Resource, signature: Signature, message: string, at?: { line: number; col: number }): ParsedResource => ({
  state: "error",
  resource,
  signature,
  message,
  ...at,
});
const unmarshalError = (e: string) => `error unmarshalling resource: error converting YAML to JSON: ${e}`;
const bare = ({ error: _e, ...signature }: LenientSignature): Signature => signature;

/** Text that may hold anchors or aliases, a merge, or a number too big for a float: the exact reader decides. */
const ANCHOR_OR_ALIAS = /(?:^[ \t]*|[-:?][ \t]+|[[{,][ \t]*|![^\s]*[ \t]+)[&*][^\s[\]{},]/m;
const INF_OR_NAN = /\.(?:inf|nan)\b/i;
/**
 * A key that is a collection (an explicit `? ` key, or a flow collection before ':'): js-yaml stringifies it
 * ("a" for [a]), go-yaml refuses it (decode.go: "invalid map key").
 */
const EXPLICIT_KEY = /^[ \t]*(?:-[ \t]+)*\?(?:[ \t]|$)/m;
const FLOW_KEY = /[\]}][ \t]*:(?:[ \t]|$)/;

/** The cheap tests that send a document to the exact reader; each regular expression behind a plain search. */
function needsExactReader(text: string): boolean {
  return (
    ((text.includes("&") || text.includes("*")) && ANCHOR_OR_ALIAS.test(text)) ||
    text.includes("<<") ||
    INF_OR_NAN.test(text) ||
    (text.includes("?") && EXPLICIT_KEY.test(text)) ||
    ((text.includes("]") || text.includes("}")) && FLOW_KEY.test(text))
  );
}

/**
 * Parses one document as kubeconform does (validator.go: ValidateResource, resource.go: Resources). Lists come
 * back as their items, each with the List's document position; an empty List gives nothing.
 */
export function parseResource(resource: Resource, strict: boolean): ParsedResource[] {
  if (resource.decodeError) return [errorResult(resource, { ...EMPTY_SIGNATURE }, unmarshalError(resource.decodeError))];
  if (resource.text.length === 0) return [emptyResult(resource)];
  // go-yaml's line breaks (NEL, LS, PS, a lone CR) as LF, then its scanner's rules, for the few documents
  // that may break them.
  let text = resource.plainAscii ? resource.text : normalizeLineBreaks(resource.text);
  const checked = mayNeedLexicalCheck(text);
  if (checked) {
    const lexical = checkLexical(text);
    if (lexical.error !== undefined) return [errorResult(resource, { ...EMPTY_SIGNATURE }, unmarshalError(lexical.error))];
    text = lexical.text;
  }
  const fast = needsExactReader(text) ? undefined : fastParse(text);
  if (fast?.ok) {
    const value = fast.value;
    if (value === null || value === undefined) return [emptyResult(resource)];
    if (typeof value === "object" && !Array.isArray(value) && !hasOddKey(value)) {
      const obj = value as Record<string, unknown>;
      const signature = plainSignature(obj);
      if (signature) {
        let sourceMap: { doc: Document.Parsed; lines: LineCounter } | undefined;
        const positional = () => (sourceMap ??= positionalParse(text));
        const lazyLocate: Locate = (pointer, key) => locate(positional().doc, positional().lines, resource.startLine, pointer, key);
        return fromObject(resource, obj, obj, signature, lazyLocate);
      }
    }
  }
  // Whatever sent the document here (js-yaml refused it, a key with a space may be a folded multi-line key...)
  // may be one of the scanner's rules: the exact reader's documents always get the lexical check.
  if (!checked) {
    const lexical = checkLexical(text);
    if (lexical.error !== undefined) return [errorResult(resource, { ...EMPTY_SIGNATURE }, unmarshalError(lexical.error))];
    text = lexical.text;
  }
  return exactParse(resource, text, strict);
}

/**
 * The exact reader (yaml/decode.ts): go-yaml v2's decoder over the yaml package's document, for anything the
 * fast reader cannot be trusted with (it threw, or the document has anchors, merges, odd keys, Inf or NaN).
 */
function exactParse(resource: Resource, text: string, strict: boolean): ParsedResource[] {
  // A stack overflow (a document nested thousands deep) is thrown on: validator.ts retries the document on a
  // thread with a bigger stack.
  const { doc, lines } = positionalParse(text);
  const toFile = (offset: number) => {
    const p = lines.linePos(offset);
    return { line: p.line + resource.startLine - 1, col: p.col };
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    if (e.message.includes("Maximum call stack size exceeded")) throw new RangeError(e.message);
    const where = lines.linePos(e.pos[0]);
    return [errorResult(resource, { ...EMPTY_SIGNATURE }, unmarshalError(`yaml: line ${where.line}: ${e.message.split("\n")[0]}`), toFile(e.pos[0]))];
  }
  const lenient = decodeDocument(doc, lines, false);
  const main = strict && lenient.error === undefined ? decodeDocument(doc, lines, true) : lenient;
  if (lenient.error !== undefined) return [errorResult(resource, { ...EMPTY_SIGNATURE }, unmarshalError(lenient.error))];
  // The signature kubeconform caches and shows: the lenient decode, numbers in its string fields as strings.
  let signature: LenientSignature;
  try {
    signature = decodeSignature(toJson(lenient.value, isSignatureStringPath));
  } catch (err) {
    if (!(err instanceof GoYamlError)) throw err;
    signature = { ...EMPTY_SIGNATURE, error: err.message };
  }
  const locateIn: Locate = (pointer, key) => locate(doc, lines, resource.startLine, pointer, key);
  if (signature.error === undefined && signature.kind.toLowerCase() === "list") {
    return listItems(resource, toJson(lenient.value) as Record<string, unknown>, locateIn);
  }
  if (main.error !== undefined) {
    const line = /line (\d+)/.exec(main.error)?.[1];
    return [errorResult(resource, bare(signature), unmarshalError(main.error), line ? { line: Number(line) + resource.startLine - 1, col: 1 } : undefined)];
  }
  let value: unknown;
  try {
    value = toJson(main.value);
  } catch (err) {
    if (!(err instanceof GoYamlError)) throw err;
    return [errorResult(resource, bare(signature), unmarshalError(err.message))];
  }
  if (value === null || value === undefined) return [emptyResult(resource)];
  if (typeof value !== "object" || Array.isArray(value)) {
    return [errorResult(resource, bare(signature), `error unmarshalling resource: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(value) ? "array" : typeof value === "string" ? "string" : typeof value === "boolean" ? "bool" : "number"} into Go value of type map[string]interface {}`)];
  }
  return fromObject(resource, value as Record<string, unknown>, value as Record<string, unknown>, signature, locateIn);
}

/**
 * A key the fast reader stringified differently from sigs.k8s.io/yaml, or that go-yaml refuses: null ("null"),
 * a collection ("a,b", "[object Object]"), a float or a big integer (Go writes them as float32 text or
 * refuses uint64). Only such a document goes to the exact reader.
 */
function hasOddKey(root: object): boolean {
  // Iterative: a document may nest thousands of levels deep (go-yaml allows 10,000).
  const stack: object[] = [root];
  // A cap, in case an alias the cheap test missed made the value circular: the exact reader decides then.
  for (let visited = 0; stack.length > 0; visited++) {
    if (visited > 1_000_000) return true;
    const value = stack.pop()!;
    if (Array.isArray(value)) {
      for (const v of value) if (v !== null && typeof v === "object") stack.push(v);
      continue;
    }
    for (const key in value) {
      const c = key.charCodeAt(0);
      // digits, '+', '-', '.', 'n' (null): only then a closer look
      if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 110) {
        // a float key prints as float32 text in Go ("1e+06"), js-yaml gave its JS text ("1000000")
        if (key === "null" || (/^[-+.0-9]/.test(key) && (key.length >= 7 || /[.eE]/.test(key)))) return true;
      }
      // a collection key; or a space, which may be a line break folded inside a multi-line key (an error)
      if (key.includes(",") || key.includes(" ") || key === "[object Object]") return true;
      const v = (value as Record<string, unknown>)[key];
      if (v !== null && typeof v === "object") stack.push(v);
    }
  }
  return false;
}

/**
 * kubeconform expands a List (its lenient signature reads cleanly and its kind is "list" in any case): the
 * items field matched case-insensitively (the last such key in byte order wins), each item re-serialized and
 * read on its own with a strict signature (resource.go: Resources, SignatureFromMap). Not an array: no items.
 */
function listItems(resource: Resource, obj: Record<string, unknown>, locateIn: Locate): ParsedResource[] {
  let key: string | undefined;
  let items: unknown[] = [];
  for (const k of Object.keys(obj).sort()) {
    if (k.toLowerCase() !== "items") continue;
    const v = obj[k];
    if (Array.isArray(v)) [key, items] = [k, v];
    else if (v === null) [key, items] = [k, []];
  }
  return items.map((item, i) => {
    // A re-serialized null item is an empty document.
    if (item === null || item === undefined) return emptyResult(resource);
    return toParsed(resource, item, (pointer, k) => locateIn(`/${key}/${i}${pointer}`, k));
  });
}

/** One object (with its cached lenient signature), or a List's items. */
function fromObject(resource: Resource, obj: Record<string, unknown>, lenientObj: Record<string, unknown>, signature: LenientSignature, locateIn: Locate): ParsedResource[] {
  if (signature.error === undefined && signature.kind.toLowerCase() === "list") return listItems(resource, lenientObj, locateIn);
  if (signature.error !== undefined) return [errorResult(resource, bare(signature), `error while parsing: ${signature.error}`, locateIn("", false))];
  return [{ state: "object", resource, signature: bare(signature), object: obj, locate: locateIn }];
}

/**
 * The fast reader (js-yaml, several times quicker than the positional parser). Any exception, duplicate
 * keys included, sends the document to the exact reader, which words the error as kubeconform does.
 */
function fastParse(text: string): { ok: true; value: unknown } | { ok: false } {
  // Block-style YAML as manifests are written: read line by line, as js-yaml would read it (yaml/fast-reader.ts).
  const block = readBlockYaml(text);
  if (block !== undefined) return { ok: true, value: block.value };
  try {
    return { ok: true, value: jsYaml.load(text, { schema: GO_YAML_V2_SCHEMA }) };
  } catch (err) {
    if (err instanceof RangeError) throw err;
    return { ok: false };
  }
}

const NUMBER_OR_TIME_TAGS = new Set(["tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"]);

/**
 * The positional parse (yaml package, YAML 1.1 without timestamps, go-yaml v2's numbers and explicit tags):
 * syntax errors and line:col. Duplicate keys are the decoder's business (yaml/decode.ts).
 */
function positionalParse(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    version: "1.1",
    customTags: (tags) => [
      ...(GO_YAML_V2_EXPLICIT_TAGS as unknown as typeof tags),
      ...tags.filter((t) => !NUMBER_OR_TIME_TAGS.has((t as { tag?: string }).tag ?? "")),
      ...(GO_YAML_V2_NUMBER_TAGS as unknown as typeof tags),
    ],
    uniqueKeys: false,
    lineCounter: lines,
    prettyErrors: false,
    strict: false,
  });
  return { doc, lines };
}

type Locate = (pointer: string, key: boolean) => { line: number; col: number };

/** A List item: its own strict signature (SignatureFromMap); shown with its lenient one when that fails. */
function toParsed(resource: Resource, value: unknown, locateIn: Locate): ParsedResource {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return errorResult(resource, { ...EMPTY_SIGNATURE }, "error unmarshalling resource: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal into Go value of type map[string]interface {}");
  }
  const obj = value as Record<string, unknown>;
  const { signature, error } = signatureOf(obj);
  if (error) {
    const shown = plainSignature(obj) ?? signature;
    return errorResult(resource, bare({ ...shown }), `error while parsing: ${error}`, locateIn("", false));
  }
  return { state: "object", resource, signature, object: obj, locate: locateIn };
}

/** line:col (in the file) of the node a JSON pointer names (its key with key=true), or its deepest existing ancestor. */
function locate(doc: Document.Parsed, lines: LineCounter, startLine: number, pointer: string, key: boolean): { line: number; col: number } {
  const p = positionOf({ file: "", doc, lines }, pointer, key);
  return { line: p.line + startLine - 1, col: p.col };
}
