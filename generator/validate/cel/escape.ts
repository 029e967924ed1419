/**
 * Property names as CEL expressions see them: a port of k8s.io/apiserver pkg/cel/escaping.go (v0.33) `Escape`.
 * `self.foo-bar` is written `self.foo__dash__bar`; a CEL reserved word gets `__` on both sides; a name that
 * starts with a digit, or holds a character other than [a-zA-Z0-9_./-], cannot be escaped and is not visible
 * to CEL at all (the API server leaves it out of the object's type).
 */
const RESERVED = new Set([
  "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
  "loop", "package", "namespace", "return", "var", "void", "while",
]);

/** The escaped name, or undefined when the name cannot be escaped. */
export function escapeProperty(ident: string): string | undefined {
  if (ident.length === 0 || (ident[0]! >= "0" && ident[0]! <= "9")) return undefined;
  if (RESERVED.has(ident)) return `__${ident}__`;
  if (!/^[a-zA-Z0-9_./-]*$/.test(ident)) return undefined;
  return ident.replace(/__|[./-]/g, (s) => (s === "__" ? "__underscores__" : s === "." ? "__dot__" : s === "-" ? "__dash__" : "__slash__"));
}
