import { Document } from "yaml";

/**
 * The fast path of `stringifyYaml` (serialize/yaml.ts): writes a tree of plain objects, arrays, strings,
 * finite or non-finite numbers, booleans and null straight to block-style YAML, producing exactly the bytes
 * the yaml package writes for the same tree with the options stringifyYaml gives it. It never guesses: any
 * shape or scalar whose output it does not reproduce rule for rule (a root scalar, a key with a line break or
 * over 1,024 characters, a string the yaml package would single-quote or fold, a `|+` block, an undefined list
 * item, a class instance, a bigint...) makes it return undefined, and the caller uses the yaml package. The
 * yaml package stays the reference: test/unit/serialize compares both on every rendered object of every
 * example, the 1,000-app bench config and random and hostile strings.
 *
 * Quoting policy (which strings are double-quoted, which are `|` blocks) is the caller's: `quoting.needsQuotes`
 * and `quoting.isBlockLiteralSafe` are the same functions the reference path applies.
 */
export interface Quoting {
  needsQuotes(s: string): boolean;
  isBlockLiteralSafe(s: string): boolean;
  /** A double-quoted scalar's text (doubleQuotedAsJSON: JSON's string, with the policy's extra escapes). */
  doubleQuoted(s: string): string;
}

/** Returns the YAML text of value (ending in one newline), or undefined when the yaml package must write it. */
export function emitBlockYaml(value: unknown, quoting: Quoting): string | undefined {
  let emitter = emitters.get(quoting);
  if (emitter === undefined) emitters.set(quoting, (emitter = new BlockEmitter(quoting)));
  let text: string | undefined;
  if (Array.isArray(value)) text = value.length === 0 ? "[]" : emitter.seq(value, "");
  else if (isPlainObject(value)) text = emitter.isEmptyMap(value) ? "{}" : emitter.map(value, "");
  // A root scalar: yaml indents and marks some of them differently; rare enough to leave to it.
  return text === undefined ? undefined : text + "\n";
}

// stringifyString forces double quotes on these, whatever style was asked for.
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
// plainString's test for what plain style cannot start with, contain or end with (yaml 2.x stringifyString.js):
// the yaml package then picks single or double quotes by content, which this emitter does not reproduce.
const PLAIN_REFUSED = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
// containsDocumentMarker: such strings get special handling (forced block indentation, quotes).
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
// The YAML 1.2 core schema's implicit-type tests that plainString checks a plain string against, read from the
// yaml package itself so a new version's schema is followed, not copied.
const CORE_TESTS: RegExp[] = new Document(null, { version: "1.2" }).schema.tags
  .filter((t) => t.default && t.tag !== "tag:yaml.org,2002:str" && t.test instanceof RegExp)
  .map((t) => t.test as RegExp);
// stringifyPair makes a key explicit (`? key`) when its text is longer than this.
const MAX_IMPLICIT_KEY = 1024;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** One emitter per policy, so its memo of scalar texts outlives a call (a fleet repeats most strings). */
const emitters = new WeakMap<Quoting, BlockEmitter>();
// Bounds the memo: cleared when full (a fleet's distinct single-line strings are far fewer).
const MAX_MEMO = 1 << 16;

/** Thrown inside the emitter when the reference must take over; caught in emitBlockYaml's callers only. */
class Unhandled {}
const UNHANDLED = new Unhandled();

class BlockEmitter {
  /** A single-line string's text, the same as key and as value (no block style without a line break). */
  private readonly memo = new Map<string, string>();

  constructor(private readonly quoting: Quoting) {}

  /** The text of a string without a line break, through the memo; plain() throws for the reference's cases. */
  private line(s: string): string {
    let text = this.memo.get(s);
    if (text === undefined) {
      text = FORCE_DOUBLE.test(s) || this.quoting.needsQuotes(s) ? this.quoting.doubleQuoted(s) : plain(s);
      if (this.memo.size >= MAX_MEMO) this.memo.clear();
      this.memo.set(s, text);
    }
    return text;
  }

  /** An object with no defined value is `{}` (yaml drops undefined values). */
  isEmptyMap(obj: Record<string, unknown>): boolean {
    for (const k in obj) if (Object.prototype.hasOwnProperty.call(obj, k) && obj[k] !== undefined) return false;
    return true;
  }

  /** A block mapping whose first line the caller has placed; later lines start with indent. */
  map(obj: Record<string, unknown>, indent: string): string | undefined {
    try {
      return this.mapBody(obj, indent);
    } catch (e) {
      if (e === UNHANDLED) return undefined;
      throw e;
    }
  }

  seq(items: unknown[], indent: string): string | undefined {
    try {
      return this.seqBody(items, indent);
    } catch (e) {
      if (e === UNHANDLED) return undefined;
      throw e;
    }
  }

  private mapBody(obj: Record<string, unknown>, indent: string): string {
    const inner = indent + "  ";
    let out = "";
    let first = true;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (v === undefined) continue;
      if (!first) out += "\n" + indent;
      first = false;
      out += this.key(key) + ":";
      if (Array.isArray(v)) {
        out += v.length === 0 ? " []" : "\n" + inner + this.seqBody(v, inner);
      } else if (v !== null && typeof v === "object") {
        if (!isPlainObject(v)) throw UNHANDLED;
        out += this.isEmptyMap(v) ? " {}" : "\n" + inner + this.mapBody(v, inner);
      } else {
        out += " " + this.scalar(v, inner);
      }
    }
    return out;
  }

  private seqBody(items: unknown[], indent: string): string {
    const inner = indent + "  ";
    let out = "";
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (i > 0) out += "\n" + indent;
      out += "- ";
      if (Array.isArray(v)) {
        out += v.length === 0 ? "[]" : this.seqBody(v, inner);
      } else if (v !== null && typeof v === "object") {
        if (!isPlainObject(v)) throw UNHANDLED;
        out += this.isEmptyMap(v) ? "{}" : this.mapBody(v, inner);
      } else {
        out += this.scalar(v, inner);
      }
    }
    return out;
  }

  /** A mapping key: double-quoted when the policy says so, else plain; anything else is the reference's. */
  private key(k: string): string {
    if (k.includes("\n")) throw UNHANDLED; // a `|` block key becomes an explicit `? ` key
    const text = this.line(k);
    if (text.length > MAX_IMPLICIT_KEY) throw UNHANDLED;
    return text;
  }

  /** A scalar in value position; indent is the indentation of a block scalar's lines. */
  private scalar(v: unknown, indent: string): string {
    switch (typeof v) {
      case "string":
        return this.string(v, indent);
      case "number":
        // yaml's stringifyNumber (minFractionDigits unset): JSON's digits, -0 kept, YAML's names for the rest.
        if (!Number.isFinite(v)) return Number.isNaN(v) ? ".nan" : v < 0 ? "-.inf" : ".inf";
        return Object.is(v, -0) ? "-0" : JSON.stringify(v);
      case "boolean":
        return v ? "true" : "false";
      case "object":
        if (v === null) return "null";
        throw UNHANDLED;
      default:
        throw UNHANDLED; // undefined in a list, bigint, symbol, function
    }
  }

  private string(s: string, indent: string): string {
    if (!s.includes("\n")) return this.line(s);
    if (FORCE_DOUBLE.test(s)) return this.quoting.doubleQuoted(s);
    if (this.quoting.isBlockLiteralSafe(s)) return blockLiteral(s, indent);
    if (this.quoting.needsQuotes(s)) return this.quoting.doubleQuoted(s);
    return plain(s);
  }
}

/** A string the policy leaves plain: as is, when the yaml package would also write it as is. */
function plain(s: string): string {
  if (s.includes("\n") || PLAIN_REFUSED.test(s) || DOCUMENT_MARKER.test(s)) throw UNHANDLED;
  for (const test of CORE_TESTS) if (test.test(s)) throw UNHANDLED;
  return s;
}

/**
 * yaml's blockString for a literal the policy found safe (no trailing spaces, tabs or control characters, no
 * leading whitespace): `|-` without a final newline, `|` with exactly one; `|+` (several) is the reference's.
 * Every line but the empty ones gets the indent.
 */
function blockLiteral(s: string, indent: string): string {
  let header = "|-";
  let body = s;
  if (s.endsWith("\n")) {
    if (s.endsWith("\n\n")) throw UNHANDLED;
    header = "|";
    body = s.slice(0, -1);
  }
  return header + "\n" + indent + body.replace(/\n+/g, "$&" + indent);
}
