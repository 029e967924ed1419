import { Document, parse, Scalar } from "yaml";
import { emitBlockYaml, type Quoting } from "./block-emitter.js";

/**
 * The only YAML emitter for generated files. Objects are built as data and serialized here once, so a
 * config value can never become YAML structure: every string is a scalar, quoted whenever some consumer
 * (kustomize's go-yaml, Argo CD, Flux, PyYAML's YAML 1.1) could read it as anything but that string.
 *
 * The block emitter (block-emitter.ts) writes the shapes gen renders several times faster than the yaml
 * package and byte for byte as it does; whatever it does not reproduce exactly goes to the yaml package.
 */
export function stringifyYaml(value: unknown): string {
  return emitBlockYaml(value, QUOTING) ?? stringifyYamlReference(value);
}

/**
 * The yaml package's output for value, with the quoting policy below: the reference the block emitter is
 * tested against, and the path for anything it leaves.
 */
export function stringifyYamlReference(value: unknown): string {
  const doc = new Document(styled(value), { version: "1.2", aliasDuplicateObjects: false });
  const text = doc.toString({
    lineWidth: 0,
    minContentWidth: 0,
    indentSeq: true,
    defaultStringType: "PLAIN",
    defaultKeyType: "PLAIN",
    doubleQuotedAsJSON: true,
    // Never %YAML/%TAG directives nor a --- marker; also spares yaml a walk of the tree looking for tags.
    directives: false,
  });
  // Every string holding a character YAML readers take differently is double-quoted (needsQuotes): escaped there.
  return escapeUnprintable(text.endsWith("\n") ? text : text + "\n");
}

/**
 * Characters JSON leaves raw but YAML readers do not take raw: DEL and the C1 controls, the BOM and U+FFFE/FFFF
 * are outside YAML's printable set (go-yaml, so kustomize, refuses the file), and NEL, LS and PS are line
 * breaks to YAML 1.1 readers and to go-yaml (kustomize folds a raw NEL inside double quotes into a space).
 * needsQuotes double-quotes every string that holds one, and this escapes them inside those quotes (JSON's
 * \u form, which every YAML reader knows).
 */
export function escapeUnprintable(text: string): string {
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : text;
}

const UNPRINTABLE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, "g");

/**
 * Copies the value, turning every string that plain style would misread into a Scalar node with its style
 * fixed (double-quoted, or a `|` block for safe multi-line text). Keys too: an object with such a key
 * becomes a Map keyed by Scalar nodes. One plain walk is several times cheaper than yaml's generic visit.
 */
function styled(value: unknown): unknown {
  if (typeof value === "string") return styledString(value);
  if (Array.isArray(value)) return value.map(styled);
  if (value !== null && typeof value === "object" && !(value instanceof Scalar)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([k]) => needsQuotes(k) || k.includes("\n"))) {
      return new Map(entries.map(([k, v]) => [styledString(k), styled(v)]));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) out[k] = styled(v);
    return out;
  }
  return value;
}

function styledString(s: string): string | Scalar {
  if (isBlockLiteralSafe(s)) return withType(s, Scalar.BLOCK_LITERAL);
  if (needsQuotes(s)) return withType(s, Scalar.QUOTE_DOUBLE);
  return s;
}

function withType(s: string, type: Scalar.Type): Scalar {
  const node = new Scalar(s);
  node.type = type;
  return node;
}

/** Joins several documents with `---` (kustomize and kubectl read multi-document YAML). */
export function stringifyYamlDocuments(values: unknown[]): string {
  return values.map(stringifyYaml).join("---\n");
}

/**
 * True when a plain scalar would not read back as this exact string under YAML 1.2 core or YAML 1.1
 * (booleans yes/no/on/off/y/n, null ~, octal 0775, sexagesimal 1:30, floats .inf, 0x/0o/0b ints, '=', '<<').
 */
export function needsQuotes(s: string): boolean {
  if (s === "") return true;
  // PyYAML ends a plain scalar at a tab and then refuses the tab; escaped characters need double quotes.
  if (UNPRINTABLE.test(s) || s.includes("\t")) return true;
  // Fast path for the common case (names, paths, image refs): letters first, no indicator characters.
  if (SAFE_PLAIN.test(s) && !YAML11_WORDS.has(s.toLowerCase())) return false;
  // Relative paths (kustomize resources such as ../../base/web): a leading ./ or ../ is never a number.
  if (SAFE_RELATIVE.test(s)) return false;
  let cached = quoteCache.get(s);
  if (cached === undefined) {
    cached = LEADING_INDICATOR.test(s) || !readsAsString(s, "1.2") || !readsAsString(s, "1.1") || YAML11_EXTRA.test(s);
    if (quoteCache.size < 10_000) quoteCache.set(s, cached);
  }
  return cached;
}

/**
 * Multi-line text (scripts, config files) reads best as a `|` block. Only when it round-trips exactly:
 * no trailing spaces on lines, no tabs or control characters, no leading blank line or leading spaces.
 */
export function isBlockLiteralSafe(s: string): boolean {
  if (!s.includes("\n") || s.length < 2) return false;
  if (/[\x00-\x08\x0b-\x1f\t\r]/.test(s) || UNPRINTABLE.test(s)) return false;
  if (/ \n| $|^\s/.test(s)) return false;
  return true;
}

/** The policy as the block emitter applies it; doubleQuotedAsJSON makes a double-quoted scalar JSON's string. */
export const QUOTING: Quoting = { needsQuotes, isBlockLiteralSafe, doubleQuoted: (s) => escapeUnprintable(JSON.stringify(s)) };

const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const SAFE_RELATIVE = /^\.\.?\/[A-Za-z0-9_./-]*$/;
const YAML11_WORDS = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"]);
const quoteCache = new Map<string, boolean>();
// YAML's reserved and structural indicators cannot start a plain scalar for every parser (go-yaml rejects `@`).
const LEADING_INDICATOR = /^(?:[,[\]{}#&*!|>'"%@`]|[-?:](?:\s|$))/;

// Forms some YAML 1.1 parsers resolve beyond what the yaml package's 1.1 schema covers (yaml-js reads signed
// and underscored 0o octals too).
const YAML11_EXTRA = /^(?:[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|=|<<|[-+]?0[0-7_]+|[-+]?0o[0-7_]+|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?)$/;

/**
 * True when plain `s` reads back as itself under that YAML version. A string of only these characters, not
 * ending in ':' nor starting with '...', can only be one plain scalar for a YAML parser: it is a string unless
 * one of the version's implicit types claims it (tested with the yaml package's own regular expressions,
 * which is what its parser does). Anything else, or a claimed string, is parsed.
 */
export function readsAsString(s: string, version: "1.1" | "1.2"): boolean {
  if (PLAIN_SCALAR_ONLY.test(s) && !s.endsWith(":") && !s.startsWith("...") && !IMPLICIT_TYPE_TESTS[version].some((t) => t.test(s))) return true;
  return readsAsStringByParse(s, version);
}

const PLAIN_SCALAR_ONLY = /^[A-Za-z0-9_./+=~][A-Za-z0-9_./+=~:;,@-]*$/;
const IMPLICIT_TYPE_TESTS = {
  "1.1": implicitTypeTests("1.1"),
  "1.2": implicitTypeTests("1.2"),
};

function implicitTypeTests(version: "1.1" | "1.2"): RegExp[] {
  return new Document(null, { version }).schema.tags.filter((t) => t.default && t.test instanceof RegExp).map((t) => t.test as RegExp);
}

/** The reference: parse `s` as a document. */
export function readsAsStringByParse(s: string, version: "1.1" | "1.2"): boolean {
  try {
    // A bare scalar document: if it parses back to the same string, plain style is safe for that reader.
    return parse(s, { version, uniqueKeys: false, strict: false, logLevel: "silent" }) === s && !/^[\s]|[\s]$/.test(s);
  } catch {
    return false;
  }
}
