/**
 * A reader for the block-style YAML that real manifests are written in (kustomize's and kubectl's output,
 * hand-written manifests): block mappings and sequences, plain, quoted and `|` scalars, empty `{}` and `[]`,
 * comments. It gives exactly what the fast reader (js-yaml with go-yaml v2's scalar types,
 * go-yaml-schema.ts) gives for the same text, a few times faster and with less garbage: it reads lines, not
 * characters through a general grammar, and builds the objects directly.
 *
 * It never guesses. Anything outside that subset, or where js-yaml would throw, makes it return undefined and
 * the caller reads the document as before (js-yaml, then the exact reader): tabs, CR, anchors, aliases and
 * tags, flow collections with content, `>` and indentation indicators, multi-line plain or quoted scalars,
 * explicit keys, keys other than simple words (or quoted ones), duplicate keys, a scalar or a sequence at the
 * root, a bad indentation. The rules below follow js-yaml 4.1's loader (readBlockMapping, readBlockSequence,
 * readPlainScalar, readBlockScalar, composeNode); test/unit/validate/yaml/fast-reader.test.ts compares both on
 * every document of the bench corpus, the conformance fixtures and random mutations of them.
 */
import { goYamlBool, goYamlFloat, goYamlInt, goYamlNull } from "../go-yaml-schema.js";

/** The document's value, or undefined when js-yaml must read it. */
export function readBlockYaml(text: string): { value: Record<string, unknown> } | undefined {
  if (!readableText(text)) return undefined;
  try {
    return { value: new BlockReader(text).document() };
  } catch (e) {
    if (e === UNHANDLED) return undefined;
    throw e;
  }
}

/** Characters this reader leaves to js-yaml: tabs, CR, NUL and what js-yaml refuses as non-printable. */
function readableText(text: string): boolean {
  if (!OUTSIDE_PRINTABLE_ASCII.test(text)) return true;
  if (text.includes("\t") || text.includes("\r") || text.charCodeAt(0) === 0xfeff) return false;
  return !JS_YAML_NON_PRINTABLE.test(text);
}

const OUTSIDE_PRINTABLE_ASCII = /[^\n\x20-\x7e]/;
// js-yaml's PATTERN_NON_PRINTABLE (loader.js), NUL included.
const JS_YAML_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Thrown inside the reader when js-yaml must take over. */
const UNHANDLED = new (class Unhandled {})();
function unhandled(): never {
  throw UNHANDLED;
}

const SPACE = 0x20;
const NL = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** A plain scalar's value as go-yaml v2 resolves it, in js-yaml's order of implicit types (null, bool, int, float). */
function resolvePlain(s: string): unknown {
  if (goYamlNull(s)) return null;
  const b = goYamlBool(s);
  if (b !== undefined) return b;
  const i = goYamlInt(s);
  if (i !== undefined) return i;
  const f = goYamlFloat(s);
  return f !== undefined ? f : s;
}

/** [A-Za-z0-9_./-]: the characters of a plain key this reader reads itself. */
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  KEY_CHAR[c] = /[A-Za-z0-9_./-]/.test(ch) ? 1 : 0;
}

// js-yaml's simpleEscapeSequence, for double-quoted scalars.
const SIMPLE_ESCAPES: Record<string, string> = {
  "0": "\x00", a: "\x07", b: "\x08", t: "\x09", "\t": "\x09", n: "\x0A", v: "\x0B", f: "\x0C", r: "\x0D", e: "\x1B",
  " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xA0", L: "\u2028", P: "\u2029",
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

class BlockReader {
  private readonly s: string;
  private readonly len: number;
  /** The current line: its start, the column of its content (its indentation), where its content starts and its end (the "\n"). */
  private ls = 0;
  private ind = 0;
  private cs = 0;
  private le = 0;

  constructor(text: string) {
    // js-yaml reads the text with a final line break added.
    this.s = text.charCodeAt(text.length - 1) === NL ? text : text + "\n";
    this.len = this.s.length;
  }

  document(): Record<string, unknown> {
    this.setLine(0);
    this.skipNonStructural();
    // A "---" line before the root (kubeconform's split keeps it for a file's first document).
    if (this.ind === 0 && this.s.startsWith("---", this.cs)) {
      if (this.restIsBlank(this.cs + 3) !== this.le) unhandled();
      this.nextLine();
    }
    // Empty documents and anything but a mapping at column 0 are js-yaml's.
    if (this.ind !== 0) unhandled();
    const root = this.mapping(0);
    // Anything after the root mapping (a "..." line, a sequence entry, a scalar) is js-yaml's.
    if (!this.atEnd()) unhandled();
    return root;
  }

  // ---- lines ------------------------------------------------------------------------------------------

  private atEnd(): boolean {
    return this.ind === -1;
  }

  /** Makes the line starting at `start` current (ind = -1 at the end of the text). */
  private setLine(start: number): void {
    const { s, len } = this;
    if (start >= len) {
      this.ls = this.cs = this.le = len;
      this.ind = -1;
      return;
    }
    let i = start;
    while (s.charCodeAt(i) === SPACE) i++;
    this.ls = start;
    this.cs = i;
    this.ind = i - start;
    const nl = s.indexOf("\n", i);
    this.le = nl < 0 ? len : nl;
  }

  private nextLine(): void {
    this.setLine(this.le + 1);
    this.skipNonStructural();
  }

  /** Blank and comment lines are skipped between nodes (js-yaml's skipSeparationSpace with comments). */
  private skipNonStructural(): void {
    while (this.ind !== -1 && (this.cs === this.le || this.s.charCodeAt(this.cs) === HASH)) this.setLine(this.le + 1);
  }

  /** The next line that is not blank (comments count), without moving: its indentation, -1 at the end. */
  private nextNonBlankIndent(): number {
    const { s, len } = this;
    let start = this.le + 1;
    while (start < len) {
      let i = start;
      while (s.charCodeAt(i) === SPACE) i++;
      if (i < len && s.charCodeAt(i) !== NL) return i - start;
      start = i + 1;
    }
    return -1;
  }

  /** Index of the line end if only spaces, or spaces then a comment, follow i on this line; else -1. */
  private restIsBlank(i: number): number {
    const { s } = this;
    const start = i;
    while (i < this.le && s.charCodeAt(i) === SPACE) i++;
    if (i === this.le) return this.le;
    // A comment needs a space before it (js-yaml's plain scalars end there; elsewhere this reader is stricter).
    return s.charCodeAt(i) === HASH && i > start ? this.le : -1;
  }

  private isSequenceEntry(at: number): boolean {
    if (this.s.charCodeAt(at) !== DASH) return false;
    const next = at + 1;
    return next === this.le || this.s.charCodeAt(next) === SPACE;
  }

  // ---- collections ------------------------------------------------------------------------------------

  /**
   * A block mapping whose entries start at column n; the current line (or, in a sequence entry, the rest of
   * it from cs) holds its first key. Returns at the first line left of n, or at a line at n that is not a key
   * (a sequence entry: the caller's).
   */
  private mapping(n: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    for (;;) {
      const key = this.key();
      if (key === undefined) unhandled();
      // js-yaml refuses duplicates (the exact reader words it); __proto__ is set specially there.
      if (key === "__proto__" || Object.prototype.hasOwnProperty.call(obj, key)) unhandled();
      const afterColon = this.keyEnd + 1;
      const eol = this.restIsBlank(afterColon);
      if (eol !== -1) {
        obj[key] = this.valueBelow(n);
      } else {
        let p = afterColon;
        while (this.s.charCodeAt(p) === SPACE) p++;
        obj[key] = this.inlineValue(p, n);
      }
      if (this.ind === -1 || this.ind < n) return obj;
      if (this.ind > n) unhandled(); // js-yaml: bad indentation of a mapping entry
      if (this.isSequenceEntry(this.cs)) unhandled(); // an entry of no sequence
    }
  }

  /** Set by key(): the index of the ':' after the key. */
  private keyEnd = 0;

  /** The key at cs (plain, or quoted without escapes) followed by ':' and a space or the line end. */
  private key(): string | undefined {
    const { s, cs, le } = this;
    const c = s.charCodeAt(cs);
    let end: number;
    let key: string;
    if (c === DQUOTE || c === SQUOTE) {
      end = s.indexOf(c === DQUOTE ? '"' : "'", cs + 1);
      if (end < 0 || end > le) return undefined;
      key = s.slice(cs + 1, end);
      if (c === DQUOTE && key.includes("\\")) return undefined;
      end++;
    } else {
      // Not a sequence entry, an indicator or a document marker.
      if (c === DASH || (c === 0x2e && s.charCodeAt(cs + 1) === 0x2e) || c >= 128 || !KEY_CHAR[c]) return undefined;
      end = cs + 1;
      for (let ch = s.charCodeAt(end); ch < 128 && KEY_CHAR[ch]; ch = s.charCodeAt(++end));
      // A plain key is resolved like any plain scalar, then made a string (js-yaml's storeMappingPair).
      key = String(resolvePlain(s.slice(cs, end)));
    }
    if (s.charCodeAt(end) !== COLON) return undefined;
    if (end + 1 < le && s.charCodeAt(end + 1) !== SPACE) return undefined;
    this.keyEnd = end;
    return key;
  }

  /**
   * The value of a key with nothing after its ':' (composeNode seeking past the line end): a mapping or a
   * sequence further right, a sequence at the key's own column, or null.
   */
  private valueBelow(n: number): unknown {
    this.nextLine();
    if (this.ind === -1 || this.ind < n) return null;
    if (this.ind === n) return this.isSequenceEntry(this.cs) ? this.sequence(n) : null;
    if (this.isSequenceEntry(this.cs)) return this.sequence(this.ind);
    return this.mapping(this.ind); // a scalar alone on the next line is not a key: unhandled there
  }

  /** A block sequence whose entries' dashes are at column n, starting at the current line. */
  private sequence(n: number): unknown[] {
    const items: unknown[] = [];
    for (;;) {
      let p = this.cs + 1;
      while (this.s.charCodeAt(p) === SPACE) p++;
      // An empty entry, a comment after the dash, a nested "- - x": js-yaml's.
      if (p >= this.le || this.s.charCodeAt(p) === HASH || this.isSequenceEntry(p)) unhandled();
      // The entry's content: a mapping starting here (its column is the content's), or a scalar.
      this.cs = p;
      this.ind = p - this.ls;
      if (this.key() !== undefined) items.push(this.mapping(this.ind));
      else items.push(this.inlineValue(p, n));
      if (this.ind === -1 || this.ind < n) return items;
      if (this.ind > n) unhandled(); // js-yaml: bad indentation of a sequence entry
      if (!this.isSequenceEntry(this.cs)) return items; // a key of the enclosing mapping, at the same column
    }
  }

  // ---- scalars ----------------------------------------------------------------------------------------

  /**
   * The scalar (or empty flow collection) at p on the current line, the value of a node whose block is at
   * column n; moves to the next line that holds a node.
   */
  private inlineValue(p: number, n: number): unknown {
    const { s } = this;
    const c = s.charCodeAt(p);
    let value: unknown;
    switch (c) {
      case DQUOTE:
        value = this.doubleQuoted(p);
        break;
      case SQUOTE:
        value = this.singleQuoted(p);
        break;
      case 0x7c: // |
        return this.literal(p, n);
      case 0x7b: // {
      case 0x5b: // [
        if (s.charCodeAt(p + 1) !== (c === 0x7b ? 0x7d : 0x5d) || this.restIsBlank(p + 2) === -1) unhandled();
        value = c === 0x7b ? {} : [];
        break;
      default:
        return this.plain(p, n);
    }
    this.nextLine();
    return value;
  }

  /**
   * js-yaml's readPlainScalar on one line: up to a ': ' (then js-yaml throws) or a ' #'; trailing spaces
   * dropped. A plain scalar continues on a following line indented right of n, and a comment there makes
   * js-yaml throw: both js-yaml's.
   */
  private plain(p: number, n: number): unknown {
    const { s, le } = this;
    const c = s.charCodeAt(p);
    // Indicators that cannot start a plain scalar (or start something else): js-yaml's.
    if (
      c === 0x2c || c === 0x5d || c === 0x7d || c === HASH || c === 0x26 || c === 0x2a || c === 0x21 || c === 0x3e ||
      c === 0x25 || c === 0x40 || c === 0x60 || c === 0x3f || c === COLON ||
      (c === DASH && (p + 1 === le || s.charCodeAt(p + 1) === SPACE))
    ) {
      unhandled();
    }
    let end = p;
    let i = p;
    for (; i < le; i++) {
      const ch = s.charCodeAt(i);
      if (ch === COLON) {
        if (i + 1 === le || s.charCodeAt(i + 1) === SPACE) unhandled();
      } else if (ch === HASH) {
        if (s.charCodeAt(i - 1) === SPACE) break;
      }
      if (ch !== SPACE) end = i + 1;
    }
    const text = s.slice(p, end);
    // Only a line at or left of n may follow, comments included.
    const next = this.nextNonBlankIndent();
    if (next > n) unhandled();
    this.nextLine();
    return resolvePlain(text);
  }

  /** js-yaml's readDoubleQuotedScalar on one line; the rest of the line blank or a comment. */
  private doubleQuoted(p: number): string {
    const { s, le } = this;
    let out = "";
    let start = p + 1;
    for (let i = start; i < le; i++) {
      const ch = s.charCodeAt(i);
      if (ch === DQUOTE) {
        out += s.slice(start, i);
        if (this.restIsBlank(i + 1) === -1) unhandled();
        return out;
      }
      if (ch === 0x5c) {
        out += s.slice(start, i);
        const e = s[i + 1];
        if (e === undefined || i + 1 >= le) unhandled();
        const simple = SIMPLE_ESCAPES[e!];
        if (simple !== undefined) {
          out += simple;
          i += 1;
        } else {
          const hexLength = HEX_LENGTH[e!];
          if (hexLength === undefined) unhandled();
          const hex = s.slice(i + 2, i + 2 + hexLength!);
          if (hex.length !== hexLength || !/^[0-9A-Fa-f]+$/.test(hex)) unhandled();
          const code = parseInt(hex, 16);
          out += code <= 0xffff ? String.fromCharCode(code) : String.fromCharCode(((code - 0x10000) >> 10) + 0xd800, ((code - 0x10000) & 0x3ff) + 0xdc00);
          i += 1 + hexLength!;
        }
        start = i + 1;
      }
    }
    return unhandled(); // continues on the next line
  }

  /** js-yaml's readSingleQuotedScalar on one line ('' is a quote). */
  private singleQuoted(p: number): string {
    const { s, le } = this;
    let out = "";
    let start = p + 1;
    for (let i = start; i < le; i++) {
      if (s.charCodeAt(i) !== SQUOTE) continue;
      out += s.slice(start, i);
      if (s.charCodeAt(i + 1) === SQUOTE) {
        out += "'";
        start = i + 2;
        i++;
        continue;
      }
      if (this.restIsBlank(i + 1) === -1) unhandled();
      return out;
    }
    return unhandled();
  }

  /**
   * A `|` block scalar (`|-`, `|+`), js-yaml's readBlockScalar line for line: the content's indentation is
   * the first non-empty line's (at least n + 1), empty lines are kept between content lines, chomping at
   * the end. `>` and indentation indicators are js-yaml's.
   */
  private literal(p: number, n: number): string {
    const { s, len } = this;
    let i = p + 1;
    let chomp = 0; // 0 clip, -1 strip, 1 keep
    const h = s.charCodeAt(i);
    if (h === DASH || h === 0x2b) {
      chomp = h === DASH ? -1 : 1;
      i++;
    }
    if (this.restIsBlank(i) === -1) unhandled();
    let pos = this.le; // at the header's line break
    let textIndent = n + 1;
    let detected = false;
    let didRead = false;
    let empty = 0;
    let out = "";
    for (;;) {
      pos++; // past the line break
      const lineStart = pos;
      let indent = 0;
      while ((!detected || indent < textIndent) && pos < len && s.charCodeAt(pos) === SPACE) {
        indent++;
        pos++;
      }
      if (!detected && indent > textIndent) textIndent = indent;
      if (pos < len && s.charCodeAt(pos) === NL) {
        empty++;
        continue;
      }
      if (pos >= len || indent < textIndent) {
        if (chomp === 1) out += "\n".repeat(didRead ? 1 + empty : empty);
        else if (chomp === 0 && didRead) out += "\n";
        // The line that ended the block is the next node's (or a comment, or the end).
        this.setLine(lineStart);
        this.skipNonStructural();
        return out;
      }
      if (didRead || empty > 0) out += "\n".repeat(didRead ? 1 + empty : empty);
      didRead = true;
      detected = true;
      empty = 0;
      // The text ends with a line break (see the constructor): every line has one.
      const end = s.indexOf("\n", pos);
      out += s.slice(pos, end);
      pos = end;
    }
  }
}
