/**
 * The token-level rules of go-yaml v2's scanner and parser that the JavaScript readers do not share
 * (gopkg.in/yaml.v2 scannerc.go, parserc.go), checked on the yaml package's lexer tokens, and only for a
 * document a cheap test says may be affected:
 *
 * - tabs: in block context a tab in a line's leading whitespace (a line holding only a tab, a tab before a
 *   comment) is "found character that cannot start any token" (scannerc.go: yaml_parser_scan_to_next_token
 *   eats tabs only in flow context or where a simple key is not allowed);
 * - long keys: an implicit key whose ':' comes more than 1,024 characters after its start is no longer a
 *   simple key (scannerc.go: yaml_parser_stale_simple_keys), so the ':' is an error in block context;
 * - anchor and alias names: only [0-9A-Za-z_-] (scannerc.go: yaml_parser_scan_anchor, "did not find
 *   expected alphabetic or numeric character");
 * - double-quoted escapes (scannerc.go: yaml_parser_scan_flow_scalar): `\/` is unknown, `\'` is an
 *   apostrophe, a \u or \U escape of a surrogate or beyond U+10FFFF is invalid;
 * - the first document only: yaml.Unmarshal reads one document (yaml.go: unmarshal → parser.parse), so after
 *   `...`, a second `---` or a second root node (two JSON objects on consecutive lines) nothing is read; a
 *   `...` before any content is "did not find expected node content" (parserc.go:
 *   yaml_parser_parse_document_start parses an implicit document, whose block node is missing).
 */
import { CST, Lexer } from "yaml";

/** The document as go-yaml reads it: its first document's text (escapes rewritten where needed), or an error. */
export type LexicalResult = { text: string; error?: undefined } | { text?: undefined; error: string };

const TAB = "\t";
const DOC_MARKER_AFTER_START = /\n(?:\.\.\.|---)(?=[ \t\r\n]|$)/;
const DOC_END_AT_START = /^\.\.\.(?=[ \t\r\n]|$)/;
/**
 * An anchor or alias where a node may start (a line's start, after `: `, `- `, `? `, `[`, `{` or `,`) with a
 * character outside go-yaml's anchor alphabet. Inside a plain scalar (`a && b`) an `&` is no token.
 */
const ODD_ANCHOR = /(?:^[ \t]*|[-:?][ \t]+|[[{,][ \t]*|![^\s]*[ \t]+)[&*][A-Za-z0-9_-]*[^A-Za-z0-9_\-\s[\]{},]/m;
/** Two root flow collections: a `{` or `[` that starts a later line of a document that starts with one. */
const SECOND_ROOT = /\n[[{]/;
const STARTS_FLOW = /^\s*[[{]/;
const ENDS_FLOW = /[\]}]\s*$/;
/** A key ahead on the line: a quoted or plain scalar and its ':'. */
const KEY_AHEAD = /^(?:"(?:[^"\\]|\\.)*"|'[^']*')[ \t]*:|^[^\s"'#][^#]*?:(?:[ \t]|$)/;
/** A document whose first content line is indented (its root collection ends at the first dedent). */
const INDENTED_ROOT = /^(?:[ \t]*(?:#[^\n]*)?\n)*(?:---[ \t]*\n)?[ \t]+[^\s#]/;
const COLON_BEFORE_FLOW_INDICATOR = /:[,?[\]{}]/;
/** A ':' where a flow entry or value starts. */
const COLON_STARTS_ENTRY = /[[{,:][ \t]*:/;

/** True when the document may break one of the rules above; false for nearly every real manifest. */
export function mayNeedLexicalCheck(text: string): boolean {
  return (
    text.includes(TAB) ||
    (text.includes("\\") && text.includes('"')) ||
    DOC_MARKER_AFTER_START.test(text) ||
    DOC_END_AT_START.test(text) ||
    (text.length > 1024 && hasLongLine(text)) ||
    ((text.includes("&") || text.includes("*")) && ODD_ANCHOR.test(text)) ||
    (STARTS_FLOW.test(text) && (SECOND_ROOT.test(text) || !ENDS_FLOW.test(text))) ||
    INDENTED_ROOT.test(text) ||
    (text.includes("?") && (text.includes("[") || text.includes("{"))) ||
    COLON_BEFORE_FLOW_INDICATOR.test(text) ||
    COLON_STARTS_ENTRY.test(text)
  );
}

/** A line over 1,024 characters (a scan with indexOf: a regular expression for it is quadratic). */
function hasLongLine(text: string): boolean {
  for (let start = 0; ; ) {
    const nl = text.indexOf("\n", start);
    if ((nl < 0 ? text.length : nl) - start > 1024) return true;
    if (nl < 0) return false;
    start = nl + 1;
  }
}

const scannerError = (context: string, problem: string): LexicalResult => ({ error: `yaml: ${context ? `${context}: ` : ""}${problem}` });

/**
 * Applies the rules to one document. Returns the text to parse (cut after the first document, `\'`
 * rewritten) or go-yaml's error.
 */
export function checkLexical(text: string): LexicalResult {
  let offset = 0;
  let lineOffset = 0;
  let flowDepth = 0;
  let lineStart = true;
  let afterScalarMarker = false;
  let afterBlockHeader = false;
  /** Content seen in this document (a node's token), and whether its root was a flow collection now closed. */
  let content = false;
  let explicitStart = false;
  let rootFlow = false;
  let rootFlowClosed = false;
  /** The column of the document's first content token: an indented root collection ends at a dedent. */
  let rootColumn = -1;
  /** Whether the current flow sequence entry has a node yet (a ':' before one is an error). */
  let entryHasNode = true;
  /** The offset of the line the root flow collection closed on. */
  let rootCloseLine = -1;
  /** Where the last plain scalar token ended. */
  let lastPlainEnd = -1;
  /** The closing bracket of each open flow collection, innermost last. */
  const flowClose: string[] = [];
  /**
   * The last scalar token's start: a key's if ':' follows. A simple key must end on its own line and within
   * 1,024 characters (scannerc.go: yaml_parser_stale_simple_keys), in flow context too.
   */
  let keyStart = -1;
  let keyMultiline = false;
  let keyExplicit = false;
  let explicitPending = false;
  let newlineAfterKey = false;
  /** Column of this line's last key (before its ':') or `-`: the block collection a value on this line is in. */
  let parentColumn = -1;
  /**
   * After a plain scalar, until the next token: go-yaml's plain-scalar scanner eats the blank lines that
   * follow, and refuses only a tab left of the scalar's indentation (scannerc.go:
   * yaml_parser_scan_plain_scalar, "found a tab character that violates indentation"). undefined: not after a
   * plain scalar; -1: after one whose indentation is not known here (nothing is refused).
   */
  let plainIndent: number | undefined;
  const rewrites: Array<[number, number, string]> = [];
  let cut = -1;

  for (const token of new Lexer().lex(text)) {
    const at = offset;
    // The lexer's control tokens (document, scalar and flow-end markers) are not in the source.
    if (token.length === 1 && CONTROL_TOKENS.includes(token)) {
      if (token === SCALAR_MARKER) afterScalarMarker = true;
      continue;
    }
    offset += token.length;
    const type = CST.tokenType(token);
    const quoted = type === "double-quoted-scalar" || type === "single-quoted-scalar";
    // A quoted scalar the lexer split (a continuation line starting with a tab is fine to go-yaml, not to the
    // YAML 1.2 lexer): what follows cannot be trusted, so nothing more is checked.
    if (quoted && !isClosedQuote(token)) break;
    if (type !== "space" && type !== "newline" && type !== "comment") {
      // A second root node: go-yaml's parser ends the document before it (parserc.go:
      // yaml_parser_parse_document_end, an implicit end), after a root flow collection (unless a ':' makes it
      // a key) or where a line dedents left of an indented root block collection.
      const blockContent = afterScalarMarker && afterBlockHeader;
      if ((rootFlowClosed && type !== "map-value-ind") || (lineStart && !blockContent && flowDepth === 0 && rootColumn > 0 && at - lineOffset < rootColumn)) {
        // A key on the root flow collection's own line starts a block mapping there: "did not find expected key".
        if (rootFlowClosed && at > lineOffset && rootCloseLine === lineOffset && KEY_AHEAD.test(text.slice(at, text.indexOf("\n", at) >>> 0))) {
          return scannerError("", "did not find expected key");
        }
        cut = at;
        break;
      }
      if (rootColumn < 0 && type !== "doc-start" && type !== "doc-end" && type !== "directive-line" && type !== "byte-order-mark") {
        // only a root that starts its line can be an indented block collection
        rootColumn = flowDepth === 0 && lineStart ? at - lineOffset : 0;
      }
    }
    if (afterScalarMarker || quoted) {
      // `[:"x"]`, `{a: :"x"}`: to go-yaml a ':' in flow context is always a value indicator, and a second value
      // (or one where a sequence entry has no node) is "did not find expected node content".
      if (!quoted && flowDepth > 0 && token.startsWith(":")) {
        return scannerError("", `line ${lineOf(text, at)}: did not find expected node content`);
      }
      // `{?"k": v}`: likewise '?' is always a key indicator; written `? ` the YAML 1.2 readers agree.
      if (!quoted && flowDepth > 0 && token.startsWith("?") && token.length > 1) rewrites.push([at, at + 1, "? "]);
      entryHasNode = true;
      afterScalarMarker = false;
      const block = afterBlockHeader;
      afterBlockHeader = false;
      content = true;
      lineStart = false;
      keyStart = block ? -1 : at;
      keyMultiline = token.includes("\n") || token.includes("\r");
      keyExplicit = explicitPending;
      explicitPending = false;
      newlineAfterKey = false;
      plainIndent = !quoted && !block && flowDepth === 0 ? (parentColumn >= 0 ? parentColumn + 1 : -1) : undefined;
      lastPlainEnd = !quoted && !block ? at + token.length : -1;
      if (!quoted && !block && flowDepth > 0) {
        // In flow context go-yaml ends a plain scalar at '?' (and ',[]{}'), so a '?' inside one is a stray key
        // indicator; ':' before one of ',?[]{}' is refused outright (scannerc.go: yaml_parser_scan_plain_scalar).
        if (/:[,?[\]{}]/.test(token)) return scannerError("while scanning a plain scalar", "found unexpected ':'");
        if (token.indexOf("?", 1) > 0) return scannerError("", `line ${lineOf(text, at)}: did not find expected ',' or '${flowClose.at(-1) ?? "]"}'`);
      }
      if (token.startsWith('"')) {
        const escapes = checkEscapes(token);
        if (escapes.error) return scannerError("while parsing a quoted scalar", escapes.error);
        if (escapes.text !== token) rewrites.push([at, at + token.length, escapes.text!]);
      }
      continue;
    }
    switch (type) {
      case "newline":
        lineStart = true;
        lineOffset = offset;
        // In flow context a key's ':' may not come on a later line; in block context that is another form.
        if (flowDepth > 0) newlineAfterKey = true;
        else keyStart = -1;
        parentColumn = -1;
        continue;
      case "space":
        if (lineStart && flowDepth === 0 && token.includes(TAB)) {
          const column = at + token.indexOf(TAB) - lineOffset;
          if (plainIndent === undefined) return scannerError("", `line ${lineOf(text, at)}: found character that cannot start any token`);
          if (column < plainIndent) return scannerError("", `line ${lineOf(text, at)}: found a tab character that violates indentation`);
        }
        continue;
      case "comment":
        break;
      case "doc-start":
        if (content || explicitStart) cut = at;
        else explicitStart = true;
        break;
      case "doc-end":
        if (!content && !explicitStart) return scannerError("", `line ${lineOf(text, at)}: did not find expected node content`);
        cut = at;
        break;
      case "anchor":
      case "alias":
        entryHasNode = true;
        if (badAnchorName(token.slice(1))) return scannerError(`while scanning an ${type}`, "did not find expected alphabetic or numeric character");
        content = true;
        break;
      case "map-value-ind":
        // `[:x]`: a value indicator where a flow sequence entry has no node yet (parserc.go:
        // yaml_parser_parse_flow_sequence_entry takes no VALUE token there).
        if (flowClose.at(-1) === "]" && !entryHasNode) return scannerError("", `line ${lineOf(text, at)}: did not find expected node content`);
        // The root flow collection was a key after all.
        rootFlowClosed = false;
        // `{a:[1]}`: to go-yaml the ':' is inside the plain scalar "a:..." and may not precede a flow indicator.
        if (flowDepth > 0 && lastPlainEnd === at && /[,?[\]{}]/.test(text[at + 1] ?? "")) {
          return scannerError("while scanning a plain scalar", "found unexpected ':'");
        }
        if (keyStart >= 0 && !keyExplicit && (at - keyStart > 1024 || keyMultiline || newlineAfterKey)) {
          // The key is no simple key: in block context its ':' is not allowed, in flow context it is a stray value.
          const problem = flowDepth > 0 ? "did not find expected ',' or '}'" : "mapping values are not allowed in this context";
          return scannerError("", `line ${lineOf(text, keyStart)}: ${problem}`);
        }
        if (keyStart >= 0) parentColumn = keyStart - lineOffset;
        break;
      case "explicit-key-ind":
        explicitPending = true;
        break;
      case "seq-item-ind":
        if (flowDepth === 0) parentColumn = at - lineOffset;
        content = true;
        break;
      case "block-scalar-header":
        afterBlockHeader = true;
        content = true;
        break;
      case "comma":
        entryHasNode = false;
        break;
      case "flow-map-start":
      case "flow-seq-start":
        entryHasNode = token === "{";
        if (flowDepth === 0 && !content) rootFlow = true;
        flowDepth++;
        flowClose.push(token === "{" ? "}" : "]");
        content = true;
        break;
      case "flow-map-end":
      case "flow-seq-end":
        flowDepth = Math.max(0, flowDepth - 1);
        flowClose.pop();
        entryHasNode = true;
        if (flowDepth === 0 && rootFlow) {
          rootFlowClosed = true;
          rootCloseLine = lineOffset;
        }
        break;
      case "directive-line":
      case "byte-order-mark":
        break;
      default:
        content = true;
    }
    lineStart = false;
    keyStart = -1;
    plainIndent = undefined;
    if (cut >= 0) break;
  }
  let out = cut >= 0 ? text.slice(0, cut) : text;
  for (const [from, to, replacement] of rewrites.reverse()) if (to <= out.length) out = out.slice(0, from) + replacement + out.slice(to);
  return { text: out };
}

const SCALAR_MARKER = "\x1f";
const CONTROL_TOKENS = "\x02\x18\x1f";

function isClosedQuote(token: string): boolean {
  const q = token[0]!;
  if (token.length < 2 || token[token.length - 1] !== q) return false;
  if (q === "'") return true;
  let backslashes = 0;
  for (let i = token.length - 2; i > 0 && token[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 0;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/** go-yaml's anchor alphabet; a name that stops at one of its terminators is its business, not ours. */
function badAnchorName(name: string): boolean {
  const m = /^[0-9A-Za-z_-]*/.exec(name)![0];
  if (m.length === name.length) return m.length === 0;
  if (m.length === 0) return true;
  return !"?:%@`".includes(name[m.length]!);
}

/**
 * go-yaml v2's double-quoted escapes (scannerc.go: yaml_parser_scan_flow_scalar): the token rewritten so a
 * YAML 1.2 reader decodes it the same (`\'` → `'`), or the error.
 */
export function checkEscapes(token: string): { text: string; error?: undefined } | { text?: undefined; error: string } {
  if (!token.includes("\\")) return { text: token };
  let out = "";
  let last = 0;
  for (let i = token.indexOf("\\"); i >= 0 && i < token.length - 1; i = token.indexOf("\\", i)) {
    const c = token[i + 1]!;
    if ("0abt\tnvfre \"\\N_LP\n\r".includes(c)) {
      i += 2;
      continue;
    }
    if (c === "'") {
      out += `${token.slice(last, i)}'`;
      last = i + 2;
      i += 2;
      continue;
    }
    const length = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : 0;
    if (length === 0) return { error: "found unknown escape character" };
    const hex = token.slice(i + 2, i + 2 + length);
    if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(hex)) return { error: "did not find expected hexdecimal number" };
    const value = Number.parseInt(hex, 16);
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return { error: "found invalid Unicode character escape code" };
    i += 2 + length;
  }
  return { text: last === 0 ? token : out + token.slice(last) };
}

/** go-yaml's flow nesting limit (scannerc.go: max_flow_level, "exceeded max depth of 10000"). */
export const MAX_FLOW_LEVEL = 10_000;

/**
 * go-yaml's error for a document nested deeper than MAX_FLOW_LEVEL flow levels, or undefined. The scanner fails
 * at the bracket that goes one level too deep, with that bracket's line, except on the document's first line
 * (yaml.v2 yaml.go: parser.fail names a line only when the mark's line is not 0).
 */
export function flowDepthError(text: string): string | undefined {
  let depth = 0;
  let line = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      if (++depth > MAX_FLOW_LEVEL) return `yaml: ${line > 0 ? `line ${line + 1}: ` : ""}exceeded max depth of ${MAX_FLOW_LEVEL}`;
    } else if (token === "]" || token === "}") {
      depth = Math.max(0, depth - 1);
    } else {
      for (let i = token.indexOf("\n"); i >= 0; i = token.indexOf("\n", i + 1)) line++;
    }
  }
  return undefined;
}

/** The deepest flow nesting ([ and {) of a document, from the lexer's tokens (no recursion). */
export function maxFlowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") max = Math.max(max, ++depth);
    else if (token === "]" || token === "}") depth = Math.max(0, depth - 1);
  }
  return max;
}
