/**
 * Field paths as the API server prints them (k8s.io/apimachinery pkg/util/validation/field path.go, v0.33):
 * `spec.kubeConfig`, `spec.containers[0]`, `spec.labels[app]` (map keys unquoted); the root itself is a nil
 * path, printed `<nil>`. Alongside, the JSON pointer of the same place in the object.
 */
export type Segment = { name: string } | { index: string };

export class FieldPath {
  private constructor(
    readonly segments: readonly Segment[],
    readonly pointer: string,
  ) {}

  static root(): FieldPath {
    return new FieldPath([], "");
  }

  child(name: string, pointerKey = name): FieldPath {
    return new FieldPath([...this.segments, { name }], `${this.pointer}/${escapePointer(pointerKey)}`);
  }

  index(i: number): FieldPath {
    return new FieldPath([...this.segments, { index: String(i) }], `${this.pointer}/${i}`);
  }

  key(k: string): FieldPath {
    return new FieldPath([...this.segments, { index: k }], `${this.pointer}/${escapePointer(k)}`);
  }

  /** field.Path.Child(rule.fieldPath normalized): appended as one child name (it prints with a leading dot). */
  withRuleFieldPath(normalized: string, pointerKeys: string[]): FieldPath {
    return new FieldPath([...this.segments, { name: normalized }], this.pointer + pointerKeys.map((k) => `/${escapePointer(k)}`).join(""));
  }

  toString(): string {
    if (this.segments.length === 0) return "<nil>";
    let out = "";
    this.segments.forEach((s, i) => {
      if ("name" in s) out += (i > 0 && s.name.length > 0 ? "." : "") + s.name;
      else out += `[${s.index}]`;
    });
    return out;
  }
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * A rule's `fieldPath` checked against the node's schema and normalized, as the API server's
 * `ValidFieldPath` (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go) does: `.a.b`,
 * `['a.b']` and `.m['key']` through properties (named) or additionalProperties (keys). Returns the
 * normalized string the API server appends and the object keys it walks, or undefined when invalid
 * (the API server then reports at the rule's own node).
 */
export function normalizeRuleFieldPath(
  jsonPath: string,
  hasProperty: (node: unknown, name: string) => unknown | undefined,
  hasAdditional: (node: unknown) => unknown | undefined,
  isPropertyNode: (node: unknown) => boolean,
  start: unknown,
): { normalized: string; keys: string[] } | undefined {
  const tokens: string[] = [];
  for (let i = 0; i < jsonPath.length; ) {
    const c = jsonPath[i]!;
    if (c === "'") {
      let j = i + 1;
      while (j < jsonPath.length && !(jsonPath[j] === "'" && jsonPath[j - 1] !== "\\")) j++;
      tokens.push(jsonPath.slice(i, j + 1));
      i = j + 1;
    } else if (c === "." || c === "[" || c === "]") {
      tokens.push(c);
      i++;
    } else {
      let j = i;
      while (j < jsonPath.length && !".[]".includes(jsonPath[j]!) && jsonPath[j] !== "'") j++;
      tokens.push(jsonPath.slice(i, j));
      i = j;
    }
  }
  let node = start;
  let path = FieldPath.root();
  const keys: string[] = [];
  const step = (name: string): boolean => {
    if (isPropertyNode(node)) {
      const next = hasProperty(node, name);
      if (next === undefined) return false;
      path = path.child(name);
      node = next;
    } else {
      const next = hasAdditional(node);
      if (next === undefined) return false;
      path = path.key(name);
      node = next;
    }
    keys.push(name);
    return true;
  };
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (tok === "[") {
      const q = tokens[++t];
      if (q === undefined || q.length < 2 || !q.startsWith("'") || !q.endsWith("'")) return undefined;
      const unescaped = unescapeSingleQuote(q.slice(1, -1));
      if (unescaped === undefined || !step(unescaped)) return undefined;
      if (tokens[++t] !== "]") return undefined;
    } else if (tok === ".") {
      const name = tokens[++t];
      if (name === undefined || !step(name)) return undefined;
    } else {
      return undefined;
    }
  }
  if (path.segments.length === 0) return undefined;
  return { normalized: path.segments.length === 1 && "index" in path.segments[0]! ? `[${path.segments[0].index}]` : path.toString(), keys };
}

function unescapeSingleQuote(s: string): string | undefined {
  let bad = false;
  const out = s.replace(/\\./g, (m) => {
    const map: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "'": "'", "\\": "\\" };
    const r = map[m[1]!];
    if (r === undefined) bad = true;
    return r ?? "";
  });
  return bad ? undefined : out;
}
