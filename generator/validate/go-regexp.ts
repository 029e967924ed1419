/**
 * Schema `pattern`s as kubeconform matches them: with Go's regexp (RE2), where `.` matches any character but
 * a newline, \r, U+2028, U+2029 and U+0085 included (regexp/syntax: OpAnyCharNotNL). JavaScript's `.` also
 * stops at \r, U+2028 and U+2029, so each unescaped `.` outside a character class is written `[^\n]` before
 * ajv compiles the pattern. Other RE2/ECMAScript differences are not translated.
 */

/** The pattern with Go's meaning of `.` in JavaScript syntax. */
export function goPatternToJs(pattern: string): string {
  if (!pattern.includes(".")) return pattern;
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      out += pattern.slice(i, i + 2);
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in both syntaxes.
      if (pattern[i + 1] === "^") out += pattern[++i];
      if (pattern[i + 1] === "]") out += pattern[++i];
    } else {
      out += c === "." ? "[^\\n]" : c;
    }
  }
  return out;
}

/** A copy of a schema with every `pattern` and `patternProperties` key translated (goPatternToJs). */
export function withGoPatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withGoPatterns);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "pattern" && typeof v === "string") out[k] = goPatternToJs(v);
    else if (k === "patternProperties" && v && typeof v === "object" && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [goPatternToJs(p), withGoPatterns(s)]));
    } else out[k] = withGoPatterns(v);
  }
  return out;
}
