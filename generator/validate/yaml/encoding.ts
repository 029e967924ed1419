/**
 * Bytes → text as go-yaml v2's reader sees them (gopkg.in/yaml.v2 readerc.go: yaml_parser_determine_encoding,
 * yaml_parser_update_buffer): a UTF-16 BOM selects UTF-16, anything else is UTF-8 (a UTF-8 BOM is skipped);
 * malformed UTF-8 or UTF-16 is an error, and so is any character outside YAML's printable set (C0 and C1
 * controls except TAB, LF, CR and NEL; DEL; surrogates; U+FFFE and U+FFFF), in comments too.
 *
 * kubeconform splits the raw bytes into documents before go-yaml reads them (pkg/resource/stream.go), so a
 * bad byte only makes its own document an error. The fast path is one native UTF-8 check and one regular
 * expression over the decoded text; only a file that fails it is split as bytes and decoded document by
 * document.
 */
import { isUtf8 } from "node:buffer";

/** What go-yaml's reader refuses in decoded text (readerc.go, the `case value == 0x09 ...` check). */
// eslint-disable-next-line no-control-regex
const NOT_PRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/** The decoded text of one document, or go-yaml's reader error for it. */
export type DecodedText = { text: string; error?: undefined } | { text?: undefined; error: string };

/**
 * True when the whole file can be read as UTF-8 text without any reader error: the common case, in which the
 * file is split and parsed as a string.
 */
export function isCleanUtf8(bytes: Uint8Array, text: string): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return false;
  return isUtf8(bytes) && !NOT_PRINTABLE.test(text);
}

/**
 * Decodes one document's bytes as go-yaml v2's reader does (readerc.go: yaml_parser_update_buffer), with its
 * error messages. A leading UTF-16 BOM selects UTF-16 (little or big endian); a UTF-8 BOM is dropped.
 */
export function decodeDocumentBytes(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 2, true);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 2, false);
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return decodeUtf8(bytes, start);
}

const readerError = (problem: string): DecodedText => ({ error: `yaml: ${problem}` });

function decodeUtf8(b: Uint8Array, start: number): DecodedText {
  const codes: number[] = [];
  for (let i = start; i < b.length; ) {
    const octet = b[i]!;
    const width = (octet & 0x80) === 0 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return readerError("invalid leading UTF-8 octet");
    if (i + width > b.length) return readerError("incomplete UTF-8 octet sequence");
    let value = width === 1 ? octet & 0x7f : width === 2 ? octet & 0x1f : width === 3 ? octet & 0x0f : octet & 0x07;
    for (let k = 1; k < width; k++) {
      const next = b[i + k]!;
      if ((next & 0xc0) !== 0x80) return readerError("invalid trailing UTF-8 octet");
      value = (value << 6) + (next & 0x3f);
    }
    if (!(width === 1 || (width === 2 && value >= 0x80) || (width === 3 && value >= 0x800) || (width === 4 && value >= 0x10000))) {
      return readerError("invalid length of a UTF-8 sequence");
    }
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return readerError("invalid Unicode character");
    if (!isPrintable(value)) return readerError("control characters are not allowed");
    codes.push(value);
    i += width;
  }
  return { text: fromCodePoints(codes) };
}

function decodeUtf16(b: Uint8Array, start: number, little: boolean): DecodedText {
  const unit = (i: number) => (little ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
  const codes: number[] = [];
  for (let i = start; i < b.length; ) {
    if (i + 2 > b.length) return readerError("incomplete UTF-16 character");
    let value = unit(i);
    if ((value & 0xfc00) === 0xdc00) return readerError("unexpected low surrogate area");
    let width = 2;
    if ((value & 0xfc00) === 0xd800) {
      if (i + 4 > b.length) return readerError("incomplete UTF-16 surrogate pair");
      const low = unit(i + 2);
      if ((low & 0xfc00) !== 0xdc00) return readerError("expected low surrogate area");
      value = 0x10000 + ((value & 0x3ff) << 10) + (low & 0x3ff);
      width = 4;
    }
    if (!isPrintable(value)) return readerError("control characters are not allowed");
    codes.push(value);
    i += width;
  }
  return { text: fromCodePoints(codes) };
}

/** readerc.go's allowed characters. */
function isPrintable(v: number): boolean {
  return (
    v === 0x09 || v === 0x0a || v === 0x0d || (v >= 0x20 && v <= 0x7e) || v === 0x85 ||
    (v >= 0xa0 && v <= 0xd7ff) || (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff)
  );
}

function fromCodePoints(codes: number[]): string {
  let out = "";
  for (let i = 0; i < codes.length; i += 8192) out += String.fromCodePoint(...codes.slice(i, i + 8192));
  return out;
}

/** go-yaml's line breaks that JavaScript's YAML readers do not treat as one: a lone CR, NEL, LS, PS. */
const OTHER_BREAKS = /\r(?!\n)|[\u0085\u2028\u2029]/;

/**
 * The text with go-yaml v2's line breaks (yamlprivateh.go: is_break: CR, LF, CR LF, NEL, LS, PS) written as
 * LF, so a reader that only knows LF and CR LF sees the lines go-yaml sees: NEL, LS, PS or a lone CR end a
 * plain scalar or a comment. Returns the text unchanged (the same string) when it has none.
 */
export function normalizeLineBreaks(text: string): string {
  if (!OTHER_BREAKS.test(text)) return text;
  return text.replace(/\r\n|\r|[\u0085\u2028\u2029]/g, "\n");
}
