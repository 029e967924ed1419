import { isMap, isNode, isScalar, isSeq, LineCounter, type Document, type Node } from "yaml";

/**
 * A parsed YAML document together with what is needed to point back into the text:
 * the file name as the user gave it and a line counter for offsets.
 */
export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /**
   * A config split over files (appFiles): where a pointer into the merged config was written, as another
   * file's source and the pointer's tokens in that file; undefined for what this file holds itself.
   */
  redirect?: (tokens: string[]) => { source: YamlSource; tokens: (string | number)[] } | undefined;
}

/** Where a pointer into the (merged) config was written: the file, the pointer in that file, and line:col. */
export interface Location extends Position {
  file: string;
  pointer: string;
}

/** Like positionOf, and also says which file of a split config holds the node, and its pointer there. */
export function locate(src: YamlSource, pointer: string, key = false): Location {
  const r = src.redirect?.(pointerTokens(pointer));
  if (r) return locate(r.source, toPointer(r.tokens), key);
  return { file: src.file, pointer, ...positionOf(src, pointer, key) };
}

export interface Position {
  line: number;
  col: number;
}

/** Splits an RFC 6901 pointer into unescaped tokens. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Builds an RFC 6901 pointer from path tokens. */
export function toPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => "/" + String(t).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

/**
 * Finds the line:col of the node at `pointer`; with `key`, the position of the map key itself
 * (an unknown property is reported where its key is written). Falls back to the deepest existing ancestor.
 */
export function positionOf(src: YamlSource, pointer: string, key = false): Position {
  let node: unknown = src.doc.contents;
  let keyNode: Node | undefined;
  let best: Node | undefined = isNode(node) ? node : undefined;
  for (const token of pointerTokens(pointer)) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === token);
      if (!pair) break;
      keyNode = isNode(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)];
      if (item === undefined) break;
      node = item;
    } else {
      break;
    }
    if (isNode(node)) best = node;
    else if (keyNode) best = keyNode;
  }
  const target = key && keyNode ? keyNode : best;
  const offset = target?.range?.[0] ?? 0;
  const { line, col } = src.lines.linePos(offset);
  return { line, col };
}
