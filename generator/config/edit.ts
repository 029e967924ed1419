import { structuredPatch } from "diff";
import { isMap, parseDocument, Scalar, YAMLMap } from "yaml";

/** One change to the config: the string value at a path of map keys (maps along the way are created). */
export interface ConfigEdit {
  path: string[];
  value: string;
}

const OPTIONS = { lineWidth: 0 } as const;

/**
 * Applies edits to config text with the yaml package's Document API, keeping every comment, key order and
 * formatting outside the changed values. The Document re-serializes untouched lines slightly differently
 * (flow padding, for one), so only the lines the edit changes are taken from it: the document is serialized
 * before and after the edit, and the line diff between the two is applied to the original text, whose own
 * lines are kept everywhere else. Values are written double-quoted: a tag such as 1.30 stays a string.
 */
export function editConfigText(text: string, edits: ConfigEdit[]): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new Error(`cannot edit a config with YAML errors: ${doc.errors[0]!.message}`);
  const before = doc.toString(OPTIONS);
  for (const e of edits) {
    ensureBlockMaps(doc, e.path.slice(0, -1));
    const existing = doc.getIn(e.path, true);
    if (existing instanceof Scalar) {
      // The same node keeps its comment.
      existing.value = e.value;
      existing.type = "QUOTE_DOUBLE";
      continue;
    }
    const node = new Scalar(e.value);
    node.type = "QUOTE_DOUBLE";
    doc.setIn(e.path, node);
  }
  const after = doc.toString(OPTIONS);
  const original = text.split("\n");
  const base = before.split("\n");
  // The line diff is only meaningful where the re-serialized text has the original's lines, one for one.
  if (original.length !== base.length) return after;
  const out: string[] = [];
  let next = 0;
  for (const hunk of structuredPatch("a", "b", before, after, "", "", { context: 0 }).hunks) {
    const start = Math.max(0, hunk.oldStart - 1);
    out.push(...original.slice(next, start));
    next = start;
    for (const line of hunk.lines) {
      if (line.startsWith("-")) next++;
      else if (line.startsWith("+")) out.push(line.slice(1));
    }
  }
  out.push(...original.slice(next));
  return out.join("\n");
}

/** Missing maps on the way to a value are created in block style, as a person writes them. */
function ensureBlockMaps(doc: ReturnType<typeof parseDocument>, path: string[]): void {
  for (let i = 1; i <= path.length; i++) {
    const sub = path.slice(0, i);
    const node = doc.getIn(sub, true);
    if (node === undefined || node === null || (node instanceof Scalar && node.value === null)) {
      const map = new YAMLMap();
      doc.setIn(sub, map);
    } else if (isMap(node) && node.items.length === 0 && node.flow) {
      node.flow = false;
    }
  }
}
