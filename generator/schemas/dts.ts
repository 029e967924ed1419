// Reads declaration files (.d.ts) shipped by the model packages: the JSDoc text of each
// class/interface and of each of its members, and whether a member is optional.
import { readFileSync } from "node:fs";
import ts from "typescript";

export interface DtsMember {
  name: string;
  optional: boolean;
  description?: string;
  /** The member's type as written in the declaration (for reference lookups). */
  typeText: string;
}

export interface DtsDeclaration {
  name: string;
  description?: string;
  members: DtsMember[];
}

/** openapi-generator escapes quotes in descriptions; undo that. */
function unescapeDoc(text: string): string {
  return text.replace(/\\(['"])/g, "$1");
}

function jsDocText(node: ts.Node, raw: boolean): string | undefined {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc;
  if (!docs || docs.length === 0) return undefined;
  const last = docs[docs.length - 1];
  if (!last) return undefined;
  const comment = typeof last.comment === "string" ? last.comment : ts.getTextOfJSDocComment(last.comment);
  if (comment === undefined || comment === "") return undefined;
  return raw ? comment : unescapeDoc(comment);
}

function memberName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/**
 * Parses every class, interface and type alias in a .d.ts file.
 * `raw` keeps the JSDoc text as written (kubernetes-models does not escape quotes).
 */
export function readDts(file: string, raw = false): Map<string, DtsDeclaration> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const out = new Map<string, DtsDeclaration>();
  for (const stmt of source.statements) {
    if (ts.isTypeAliasDeclaration(stmt)) {
      const description = jsDocText(stmt, raw);
      if (!out.has(stmt.name.text)) {
        out.set(stmt.name.text, { name: stmt.name.text, members: [], ...(description !== undefined ? { description } : {}) });
      }
      continue;
    }
    if (!ts.isClassDeclaration(stmt) && !ts.isInterfaceDeclaration(stmt)) continue;
    if (!stmt.name) continue;
    const members: DtsMember[] = [];
    for (const m of stmt.members) {
      if (!(ts.isPropertyDeclaration(m) || ts.isPropertySignature(m))) continue;
      if (ts.isPropertyDeclaration(m) && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
      const name = memberName(m.name);
      if (name === undefined) continue;
      const description = jsDocText(m, raw);
      members.push({
        name,
        optional: m.questionToken !== undefined,
        typeText: m.type ? m.type.getText(source) : "",
        ...(description !== undefined ? { description } : {}),
      });
    }
    const description = jsDocText(stmt, raw);
    out.set(stmt.name.text, { name: stmt.name.text, members, ...(description !== undefined ? { description } : {}) });
  }
  return out;
}
