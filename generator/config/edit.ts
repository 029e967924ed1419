import { isDeepStrictEqual } from "node:util";
import { isAlias, isMap, isScalar, parse, parseDocument, stringify, type Document, type Node, type Pair, type Scalar, type YAMLMap } from "yaml";

/** One change to the config: the string value at a path of map keys (maps along the way are created). */
export interface ConfigEdit {
  path: string[];
  value: string;
}

/** A key removed from the config (its map stays, `{}` when it was the last key). Missing: nothing to do. */
export interface ConfigRemoval {
  path: string[];
  remove: true;
}

/** An edit that cannot be made in place (a path through an alias, a merge key, a list or a value). */
export class ConfigEditError extends Error {
  constructor(
    /** The config path that could not be edited. */
    readonly path: string[],
    message: string,
  ) {
    super(message);
  }
}

/** A piece of new text at [start, end) of the original; inserts at one offset go deepest first. */
interface Splice {
  start: number;
  end: number;
  text: string;
  depth: number;
}

/** New keys under one existing node: the remaining path as a tree, in edit order. */
interface Insertion {
  /** A map that exists (block or flow), or a pair whose value is empty (`key:`, `key: ~`, `key: {}`) in a block or flow map. */
  target: { map: YAMLMap } | { pair: Pair; inFlow: boolean };
  depth: number;
  tree: Tree;
  path: string[];
}
type Tree = Map<string, Tree | string>;

/**
 * Edits config text in place: only the bytes of the changed values change. The yaml Document says which node
 * an edit touches (and its byte range); the new scalar is spliced into the original text at that range, in
 * the style the old one was written (plain, single- or double-quoted, as long as that style keeps it a
 * string), and a trailing comment keeps its column. Missing keys are inserted as new lines in block style
 * with the surrounding indentation (inside a flow map: as flow). Everything else (flow sequences and maps,
 * spacing inside brackets, blank lines, comments, quoting) stays byte for byte. The result is parsed again
 * and must hold exactly the intended data, else nothing is returned (ConfigEditError).
 *
 * New values are written double-quoted, so a tag such as 1.30 stays a string.
 */
export function editConfigText(text: string, edits: (ConfigEdit | ConfigRemoval)[]): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`cannot edit a config with YAML errors: ${doc.errors[0]!.message}`);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const step = indentStep(doc, text);
  const splices: Splice[] = [];
  const insertions = new Map<Node | Pair, Insertion>();
  // The last edit of a path wins, as with repeated assignments.
  const byPath = new Map<string, ConfigEdit | ConfigRemoval>();
  for (const e of edits) byPath.set(JSON.stringify(e.path), e);

  for (const e of byPath.values()) {
    const fail = (why: string): never => {
      throw new ConfigEditError(e.path, `cannot edit ${e.path.join(".")} in place: ${why}; edit it by hand`);
    };
    let node: unknown = doc.contents;
    let parentPair: Pair | undefined;
    for (let i = 0; i < e.path.length; i++) {
      const key = e.path[i]!;
      if (isAlias(node)) fail(`${e.path.slice(0, i).join(".")} is an alias (*${node.source})`);
      if (!isMap(node)) fail(`${e.path.slice(0, i).join(".") || "the document"} is not a map`);
      const map = node as YAMLMap;
      if (map.anchor) fail(`${e.path.slice(0, i).join(".")} has an anchor (&${map.anchor}): its aliases would change too`);
      if (map.items.some((p) => isScalar(p.key) && p.key.value === "<<")) fail(`${e.path.slice(0, i).join(".")} uses a merge key (<<)`);
      const pair = map.items.find((p) => (isScalar(p.key) ? String(p.key.value) : undefined) === key);
      const rest = e.path.slice(i);
      if (!pair) {
        if ("remove" in e) break;
        addInsertion(insertions, { map }, i, rest, e.value, e.path);
        break;
      }
      const value = pair.value as unknown;
      const last = i === e.path.length - 1;
      if (last) {
        if ("remove" in e) {
          splices.push(...removePair(text, map, pair, parentPair, fail));
        } else if (isScalar(value) && value.value !== null && value.range) {
          if (value.anchor) fail(`the value has an anchor (&${value.anchor})`);
          splices.push(replaceScalar(text, value, e.value, map.flow === true));
        } else if (isEmpty(value) || value === null || value === undefined) {
          splices.push(replaceEmpty(text, pair, quoteValue(e.value)));
        } else fail(`${e.path.join(".")} is not a single value`);
        break;
      }
      if (value === null || value === undefined || isEmpty(value)) {
        if ("remove" in e) break;
        addInsertion(insertions, { pair, inFlow: map.flow === true }, i + 1, e.path.slice(i + 1), e.value, e.path);
        break;
      }
      parentPair = pair;
      node = value;
    }
  }

  for (const ins of insertions.values()) splices.push(...insert(text, ins, step, eol));
  const out = applySplices(text, splices);

  // The edit must mean exactly what was asked: the intended data, nothing else.
  const intended = doc.toJS({ maxAliasCount: -1 }) as unknown;
  for (const e of byPath.values()) applyToData(intended, e);
  const check = parseDocument(out);
  if (check.errors.length > 0 || !isDeepStrictEqual(check.toJS({ maxAliasCount: -1 }), intended)) {
    throw new ConfigEditError(edits[0]?.path ?? [], "cannot edit the config in place (its layout is unusual here); edit it by hand");
  }
  return out;
}

/** A null value (`key:`, `key: ~`, `key: null`) or an empty flow map (`key: {}`): room for new keys. */
function isEmpty(value: unknown): boolean {
  return (isScalar(value) && value.value === null) || (isMap(value) && value.flow === true && value.items.length === 0 && !value.anchor);
}

function addInsertion(insertions: Map<Node | Pair, Insertion>, target: Insertion["target"], depth: number, rest: string[], value: string, path: string[]): void {
  const owner = "map" in target ? target.map : target.pair;
  let ins = insertions.get(owner);
  if (!ins) insertions.set(owner, (ins = { target, depth, tree: new Map(), path }));
  let tree = ins.tree;
  rest.forEach((key, i) => {
    if (i === rest.length - 1) {
      tree.set(key, value);
      return;
    }
    let sub = tree.get(key);
    if (typeof sub !== "object") tree.set(key, (sub = new Map()));
    tree = sub;
  });
}

/** The indentation one level deeper adds: the first nested block map's, else 2. */
function indentStep(doc: Document, text: string): number {
  let found = 2;
  const visit = (node: unknown, keyCol: number | undefined): boolean => {
    if (!isMap(node) || node.flow || node.items.length === 0) return false;
    const first = node.items[0]!.key as Node | null;
    if (!first?.range) return false;
    const col = columnOf(text, first.range[0]);
    if (keyCol !== undefined && col > keyCol) {
      found = col - keyCol;
      return true;
    }
    return node.items.some((p) => visit(p.value, columnOf(text, (p.key as Node).range?.[0] ?? 0)));
  };
  visit(doc.contents, undefined);
  return found;
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf("\n", offset - 1) + 1);
}

/** The offset just past the line that holds the last character before `end` that is not white space. */
function afterLastLine(text: string, start: number, end: number): { at: number; newlineFirst: boolean } {
  let q = end;
  while (q > start && /\s/.test(text[q - 1]!)) q--;
  const nl = text.indexOf("\n", q);
  return nl === -1 ? { at: text.length, newlineFirst: true } : { at: nl + 1, newlineFirst: false };
}

/** A key as written: plain when it reads back as the same string, else double-quoted. */
function keyText(key: string): string {
  return plainReadsBack(key, false) && !key.includes(":") ? key : JSON.stringify(key);
}

/** A new value: double-quoted (a tag such as 1.30 stays a string). */
function quoteValue(value: string): string {
  return stringify(value, { defaultStringType: "QUOTE_DOUBLE", lineWidth: 0 }).trimEnd();
}

/** Whether a plain scalar reads back as this very string, in block or flow context. */
function plainReadsBack(value: string, flow: boolean): boolean {
  if (value === "" || /[\n\r\t#]|^\s|\s$|^[-?:,[\]{}&*!|>'"%@`]/.test(value) || value.includes(": ")) return false;
  if (flow && /[,[\]{}]/.test(value)) return false;
  try {
    return isDeepStrictEqual(parse(flow ? `[${value}]` : `k: ${value}`), flow ? [value] : { k: value });
  } catch {
    return false;
  }
}

/** The scalar's bytes replaced, in its own style where that keeps the value a string; a trailing comment keeps its column. */
function replaceScalar(text: string, node: Scalar, value: string, flow: boolean): Splice {
  const [start, end] = node.range!;
  let written: string;
  if (node.type === "PLAIN" && plainReadsBack(value, flow)) written = value;
  else if (node.type === "QUOTE_SINGLE" && !/[\n\r]/.test(value)) written = `'${value.replace(/'/g, "''")}'`;
  else written = quoteValue(value);
  const old = text.slice(start, end);
  if (old.includes("\n")) return { start, end, text: written, depth: 0 };
  // A comment after the value on its line stays at its column when there is room (one space at least).
  const lineEnd = text.indexOf("\n", end) === -1 ? text.length : text.indexOf("\n", end);
  const m = /^([ \t]+)#/.exec(text.slice(end, lineEnd));
  if (m && !m[1]!.includes("\t")) {
    const pad = Math.max(1, m[1]!.length + old.length - written.length);
    return { start, end: end + m[1]!.length, text: written + " ".repeat(pad), depth: 0 };
  }
  return { start, end, text: written, depth: 0 };
}

/** A pair whose value is empty (`key:`, `key: ~`, `key: {}`) gets the value on its line. */
function replaceEmpty(text: string, pair: Pair, written: string): Splice {
  const value = pair.value as Node | null;
  if (value?.range && value.range[1] > value.range[0]) return { start: value.range[0], end: value.range[1], text: written, depth: 0 };
  const colon = text.indexOf(":", (pair.key as Node).range![1]);
  return { start: colon + 1, end: colon + 1, text: ` ${written}`, depth: 0 };
}

/** New keys under an existing map (or under a pair with an empty value), written as the context writes them. */
function insert(text: string, ins: Insertion, step: number, eol: string): Splice[] {
  if ("map" in ins.target) {
    const map = ins.target.map;
    if (map.flow) {
      const padded = text[map.range![0] + 1] === " ";
      const last = map.items[map.items.length - 1];
      if (!last) {
        // `{}` inside a flow collection: filled inline.
        return [{ start: map.range![0], end: map.range![1], text: flowTree(ins.tree, padded || true), depth: ins.depth }];
      }
      const end = lastEnd(last);
      return [{ start: end, end, text: `, ${flowEntries(ins.tree, padded)}`, depth: ins.depth }];
    }
    const first = map.items[0]!.key as Node;
    const col = columnOf(text, first.range![0]);
    const lastItem = map.items[map.items.length - 1]!;
    const { at, newlineFirst } = afterLastLine(text, map.range![0], nodeEnd(lastItem));
    return [{ start: at, end: at, text: (newlineFirst ? eol : "") + blockTree(ins.tree, col, step, eol), depth: ins.depth }];
  }
  const pair = ins.target.pair;
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const keyCol = columnOf(text, key.range![0]);
  const splices: Splice[] = [];
  if (ins.target.inFlow) {
    const written = flowTree(ins.tree, true);
    if (value?.range && value.range[1] > value.range[0]) return [{ start: value.range[0], end: value.range[1], text: written, depth: ins.depth }];
    const colon = text.indexOf(":", key.range![1]);
    return [{ start: colon + 1, end: colon + 1, text: ` ${written}`, depth: ins.depth }];
  }
  // `key: ~` or `key: {}`: the empty value goes (its spaces too when nothing follows it on the line).
  let lineOf = key.range![1];
  if (value?.range && value.range[1] > value.range[0]) {
    const [vs, ve] = value.range;
    const lineEnd = text.indexOf("\n", ve) === -1 ? text.length : text.indexOf("\n", ve);
    const restOfLine = text.slice(ve, lineEnd).replace(/\r$/, "");
    let from = vs;
    if (restOfLine.trim() === "") while (from > 0 && text[from - 1] === " ") from--;
    splices.push({ start: from, end: ve, text: "", depth: ins.depth });
    lineOf = ve;
  }
  const nl = text.indexOf("\n", lineOf);
  const at = nl === -1 ? text.length : nl + 1;
  splices.push({ start: at, end: at, text: (nl === -1 ? eol : "") + blockTree(ins.tree, keyCol + step, step, eol), depth: ins.depth });
  return splices;
}

function nodeEnd(pair: Pair): number {
  const v = pair.value as Node | null;
  return v?.range ? v.range[2] : (pair.key as Node).range![2];
}

function lastEnd(pair: Pair): number {
  const v = pair.value as Node | null;
  return v?.range ? v.range[1] : (pair.key as Node).range![1];
}

function blockTree(tree: Tree, col: number, step: number, eol: string): string {
  let out = "";
  for (const [key, sub] of tree) {
    const pad = " ".repeat(col);
    if (typeof sub === "string") out += `${pad}${keyText(key)}: ${quoteValue(sub)}${eol}`;
    else out += `${pad}${keyText(key)}:${eol}${blockTree(sub, col + step, step, eol)}`;
  }
  return out;
}

function flowEntries(tree: Tree, padded: boolean): string {
  return [...tree].map(([key, sub]) => `${keyText(key)}: ${typeof sub === "string" ? quoteValue(sub) : flowTree(sub, padded)}`).join(", ");
}

function flowTree(tree: Tree, padded: boolean): string {
  return padded ? `{ ${flowEntries(tree, padded)} }` : `{${flowEntries(tree, padded)}}`;
}

/** A key and its value removed: its lines in a block map (the map becomes `{}` when it was the last key), its entry in a flow map. */
function removePair(text: string, map: YAMLMap, pair: Pair, parent: Pair | undefined, fail: (why: string) => never): Splice[] {
  const key = pair.key as Node;
  const index = map.items.indexOf(pair);
  if (map.flow) {
    if (map.items.length === 1) return [{ start: map.range![0], end: map.range![1], text: "{}", depth: 0 }];
    if (index > 0) {
      const prevEnd = lastEnd(map.items[index - 1]!);
      return [{ start: prevEnd, end: lastEnd(pair), text: "", depth: 0 }];
    }
    const nextStart = (map.items[1]!.key as Node).range![0];
    return [{ start: key.range![0], end: nextStart, text: "", depth: 0 }];
  }
  const lineStart = text.lastIndexOf("\n", key.range![0] - 1) + 1;
  if (text.slice(lineStart, key.range![0]).trim() !== "") fail("the key shares its line with another");
  const { at } = afterLastLine(text, key.range![0], nodeEnd(pair));
  const splices: Splice[] = [{ start: lineStart, end: at, text: "", depth: 0 }];
  if (map.items.length === 1) {
    // The map's own key gets `{}`: an empty map, not a null.
    if (!parent) fail("it is the document's only key");
    const colon = text.indexOf(":", (parent!.key as Node).range![1]);
    splices.push({ start: colon + 1, end: colon + 1, text: " {}", depth: 0 });
  }
  return splices;
}

function applySplices(text: string, splices: Splice[]): string {
  // Ascending by offset; inserts at one offset deepest first (a deeper map's new keys come before its parent's).
  const sorted = [...splices].sort((a, b) => a.start - b.start || b.depth - a.depth);
  let out = "";
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) throw new ConfigEditError([], "cannot edit the config in place: two edits touch the same text; edit it by hand");
    out += text.slice(pos, s.start) + s.text;
    pos = s.end;
  }
  return out + text.slice(pos);
}

/** What an edit means for the data: a value set (maps created on the way), or a key removed. */
function applyToData(data: unknown, e: ConfigEdit | ConfigRemoval): void {
  let node = data as Record<string, unknown>;
  for (const key of e.path.slice(0, -1)) {
    const next = node[key];
    if (next === null || next === undefined || typeof next !== "object") {
      if ("remove" in e) return;
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  const last = e.path[e.path.length - 1]!;
  if ("remove" in e) delete node[last];
  else node[last] = e.value;
}
