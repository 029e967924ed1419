/**
 * kubeconform's document split (resource.ts: splitDocuments) run on a plain-ASCII file's bytes, each document
 * decoded on its own. The same documents, positions and line numbers as splitting the decoded file, without
 * decoding the whole file into one string first: a manifest file of a few hundred KB would be one large
 * object per file in the heap, reclaimed only by a full collection, which is most of a worker's peak memory.
 */
import { isAscii } from "node:buffer";
import type { Resource } from "./resource.js";

/** Anything but printable ASCII, TAB and LF: such a file goes through splitFile's general path. */
const NOT_PLAIN_ASCII = /[^\t\n\x20-\x7e]/;
const SEPARATOR = "\n---";
const LF = 0x0a;

/** The file's documents when it is printable ASCII (TAB and LF allowed); undefined otherwise. */
export function splitPlainAsciiFile(path: string, bytes: Uint8Array): Resource[] | undefined {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isAscii(buf)) return undefined;
  const out: Resource[] = [];
  const push = (start: number, end: number, startLine: number): boolean => {
    const text = buf.toString("latin1", start, end);
    if (NOT_PLAIN_ASCII.test(text)) return false;
    out.push({ path, index: out.length, text, startLine, plainAscii: true });
    return true;
  };
  // Bytes outside the documents (separator lines, a dropped tail) must be plain too: the test is on the whole file.
  const plain = (start: number, end: number) => !NOT_PLAIN_ASCII.test(buf.toString("latin1", start, end));
  // splitDocuments' loop, with `rest` as the offset where it starts.
  const len = buf.length;
  let offset = 0;
  let line = 1;
  while (offset < len) {
    const i = buf.indexOf(SEPARATOR, offset, "latin1");
    if (i < 0) {
      if (!push(offset, len, line)) return undefined;
      break;
    }
    const after = i + SEPARATOR.length;
    const nl = buf.indexOf(LF, after);
    if (nl < 0) {
      // "\n---" ending the file: the text before it is the last document; anything after the dashes without
      // a final newline drops it (bufio.Scanner at EOF).
      if (after === len ? !push(offset, i, line) : !plain(offset, len)) return undefined;
      break;
    }
    if (i > offset && !push(offset, i, line)) return undefined;
    const advance = nl + 1;
    if (!plain(i, advance)) return undefined;
    for (let k = buf.indexOf(LF, offset); k >= 0 && k < advance; k = buf.indexOf(LF, k + 1)) line++;
    offset = advance;
  }
  if (out.length === 0) out.push({ path, index: 0, text: "", startLine: 1 });
  return out;
}
