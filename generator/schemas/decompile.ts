// Recovers JSON schemas from the validators kubernetes-models packages ship: each _schemas/<Def>.js
// file is ajv "standalone" code where every schema node is its own function. The error objects carry
// each node's constraints (schemaPath, keyword, params) and the calls between functions carry the
// structure (instancePath + "/<property>" = properties, + "/" + i = items, + "/" + key = map values).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { isObject, type Json, type Schema } from "./common.js";

interface Module {
  file: string;
  imports: Map<string, string>; // local name -> module specifier
  consts: Map<string, Json>;
  functions: Map<string, ts.FunctionDeclaration>;
  exported: string;
}

/** What a call into another module's validator stands for; return undefined to decompile it. */
export type ImportHook = (specifier: string) => Schema | undefined;

/** Key on a decompiled node naming the definition (module) it came from. */
export const DEF_MARK = "\u0000def";

const SEG_ITEMS = "\u0000items";
const SEG_MAP = "\u0000map";

export class Decompiler {
  private readonly modules = new Map<string, Module>();

  constructor(
    /** Resolves an import specifier of a module to a file path. */
    private readonly resolveSpecifier: (fromFile: string, specifier: string) => string,
    private readonly hook: ImportHook,
  ) {}

  definition(file: string): Schema {
    const mod = this.load(file);
    return { ...this.fn(mod, mod.exported, []), [DEF_MARK]: definitionName(file) };
  }

  private load(file: string): Module {
    const cached = this.modules.get(file);
    if (cached) return cached;
    if (!existsSync(file)) throw new Error(`validator module not found: ${file}`);
    const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
    const mod: Module = { file, imports: new Map(), consts: new Map(), functions: new Map(), exported: "" };
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const bindings = st.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            if ((el.propertyName?.text ?? el.name.text) === "validate") mod.imports.set(el.name.text, st.moduleSpecifier.text);
          }
        }
      } else if (ts.isFunctionDeclaration(st) && st.name) {
        mod.functions.set(st.name.text, st);
      } else if (ts.isVariableStatement(st)) {
        const exported = st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
        for (const d of st.declarationList.declarations) {
          if (!ts.isIdentifier(d.name) || !d.initializer) continue;
          if (exported && d.name.text === "validate" && ts.isIdentifier(d.initializer)) {
            mod.exported = d.initializer.text;
            continue;
          }
          const v = constValue(d.initializer);
          if (v !== undefined) mod.consts.set(d.name.text, v);
        }
      }
    }
    if (!mod.exported) throw new Error(`${file}: no exported validate`);
    this.modules.set(file, mod);
    return mod;
  }

  private fn(mod: Module, name: string, stack: string[]): Schema {
    const key = `${mod.file}#${name}`;
    if (stack.includes(key)) throw new Error(`recursive schema through ${key}`);
    const decl = mod.functions.get(name);
    if (!decl?.body) throw new Error(`${mod.file}: function ${name} not found`);
    const node: Schema = {};
    const self: Schema[] = [];
    const visit = (n: ts.Node): void => {
      if (ts.isObjectLiteralExpression(n)) {
        const err = errorObject(n, mod);
        if (err) {
          applyError(node, err, mod.file);
          return;
        }
      }
      if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
        const callee = n.expression.text;
        const target = this.callTarget(mod, callee, [...stack, key]);
        if (target) {
          const opts = n.arguments[1];
          const path = opts && ts.isObjectLiteralExpression(opts) ? instancePathSegments(opts) : undefined;
          if (!path) throw new Error(`${mod.file}: call to ${callee} without a readable instancePath`);
          if (path.length === 0) self.push(target);
          else setAt(node, path, target);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(decl.body);
    if (self.length > 1 && (node.oneOf || node.anyOf)) {
      const k = node.oneOf ? "oneOf" : "anyOf";
      node[k] = self;
    } else {
      // A node that only calls another validator on the same data is a reference to it.
      for (const s of self) for (const [k, v] of Object.entries(s)) if (!(k in node)) node[k] = v;
    }
    return node;
  }

  private callTarget(mod: Module, callee: string, stack: string[]): Schema | undefined {
    if (mod.functions.has(callee)) return this.fn(mod, callee, stack);
    const spec = mod.imports.get(callee);
    if (spec === undefined) return undefined;
    const hooked = this.hook(spec);
    if (hooked) return structuredClone(hooked);
    const file = this.resolveSpecifier(mod.file, spec);
    const target = this.load(file);
    return { ...this.fn(target, target.exported, stack), [DEF_MARK]: definitionName(file) };
  }
}

function definitionName(file: string): string {
  return (file.split("/").pop() ?? file).replace(/\.js$/, "");
}

function constValue(e: ts.Expression): Json | undefined {
  if (ts.isArrayLiteralExpression(e)) {
    const out: Json[] = [];
    for (const el of e.elements) {
      const v = literal(el);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  }
  // let pattern0 = RegExp("...", "u")
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "RegExp") {
    const a = e.arguments[0];
    return a && ts.isStringLiteral(a) ? a.text : undefined;
  }
  // let formats0 = formats.int64
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "formats") return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "formats") {
    return ts.isStringLiteral(e.argumentExpression) ? e.argumentExpression.text : undefined;
  }
  return undefined;
}

function literal(e: ts.Expression): Json | undefined {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  // minified booleans: !0 / !1
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken && ts.isNumericLiteral(e.operand)) return e.operand.text === "0";
  return undefined;
}

interface ErrorInfo {
  schemaPath: string;
  keyword: string;
  params: Record<string, Json | undefined>;
}

function errorObject(n: ts.ObjectLiteralExpression, mod: Module): ErrorInfo | undefined {
  let schemaPath: string | undefined;
  let keyword: string | undefined;
  let params: Record<string, Json | undefined> | undefined;
  for (const p of n.properties) {
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name)) continue;
    const k = p.name.text;
    if (k === "schemaPath" && ts.isStringLiteral(p.initializer)) schemaPath = p.initializer.text;
    else if (k === "keyword" && ts.isStringLiteral(p.initializer)) keyword = p.initializer.text;
    else if (k === "params" && ts.isObjectLiteralExpression(p.initializer)) {
      params = {};
      for (const q of p.initializer.properties) {
        if (!ts.isPropertyAssignment(q) || !ts.isIdentifier(q.name)) continue;
        const init = q.initializer;
        params[q.name.text] = ts.isIdentifier(init) ? mod.consts.get(init.text) : literal(init);
        if (ts.isIdentifier(init) && !mod.consts.has(init.text)) params[q.name.text + "$ident"] = init.text;
      }
    }
  }
  if (schemaPath === undefined || keyword === undefined || params === undefined) return undefined;
  return { schemaPath, keyword, params };
}

function nodeAt(root: Schema, segs: string[]): Schema {
  let cur = root;
  for (const s of segs) {
    const next = cur[s];
    if (isObject(next)) cur = next;
    else {
      const created: Schema = {};
      cur[s] = created;
      cur = created;
    }
  }
  return cur;
}

function applyError(root: Schema, err: ErrorInfo, file: string): void {
  const segs = err.schemaPath.replace(/^#\/?/, "").split("/").filter((s) => s !== "").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const last = segs.pop();
  if (last !== err.keyword) {
    // e.g. "#/items/type" when an ajv node inlines a child; keep going with the full path.
    if (last !== undefined) segs.push(last);
  }
  const node = nodeAt(root, segs);
  const p = err.params;
  switch (err.keyword) {
    case "type": {
      const t = p.type;
      if (typeof t !== "string") throw new Error(`${file}: unreadable type at ${err.schemaPath}`);
      const types = t.split(",");
      node.type = types.length === 1 ? (types[0] as string) : types;
      return;
    }
    case "required": {
      const m = p.missingProperty;
      if (typeof m !== "string") throw new Error(`${file}: unreadable required at ${err.schemaPath}`);
      const list = Array.isArray(node.required) ? node.required : (node.required = []);
      if (!list.includes(m)) list.push(m);
      return;
    }
    case "enum":
      if (!Array.isArray(p.allowedValues)) throw new Error(`${file}: unreadable enum at ${err.schemaPath}`);
      node.enum = p.allowedValues;
      return;
    case "const":
      node.enum = [p.allowedValue ?? null];
      return;
    case "format":
    case "pattern":
      if (typeof p[err.keyword] !== "string") throw new Error(`${file}: unreadable ${err.keyword} at ${err.schemaPath}`);
      node[err.keyword] = p[err.keyword] as string;
      return;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
    case "minLength":
    case "maxLength":
    case "minItems":
    case "maxItems":
    case "minProperties":
    case "maxProperties":
    case "multipleOf":
      if (typeof p.limit !== "number" && typeof p.multipleOf !== "number") throw new Error(`${file}: unreadable ${err.keyword}`);
      node[err.keyword] = (p.limit ?? p.multipleOf) as number;
      return;
    case "uniqueItems":
      node.uniqueItems = true;
      return;
    case "additionalProperties":
      node.additionalProperties = false;
      return;
    case "oneOf":
    case "anyOf":
      node[err.keyword] = node[err.keyword] ?? [];
      return;
    default:
      throw new Error(`${file}: unsupported keyword ${err.keyword} at ${err.schemaPath}`);
  }
}

/** instancePath expression -> data path segments ([] = same data). */
function instancePathSegments(opts: ts.ObjectLiteralExpression): string[] | undefined {
  for (const p of opts.properties) {
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === "instancePath") return [];
    if (!ts.isPropertyAssignment(p) || !ts.isIdentifier(p.name) || p.name.text !== "instancePath") continue;
    const parts: ts.Expression[] = [];
    const flatten = (e: ts.Expression): void => {
      if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        flatten(e.left);
        flatten(e.right);
      } else if (ts.isParenthesizedExpression(e)) flatten(e.expression);
      else parts.push(e);
    };
    flatten(p.initializer);
    const first = parts.shift();
    if (!first || !ts.isIdentifier(first) || first.text !== "instancePath") return undefined;
    let text = "";
    for (const part of parts) {
      if (ts.isStringLiteral(part)) text += part.text;
      else if (ts.isIdentifier(part) && /^i\d+$/.test(part.text)) text += SEG_ITEMS;
      else text += SEG_MAP; // key0 / key0.replace(...): a map value
    }
    const segs = text.split("/").slice(1);
    const path: string[] = [];
    for (const s of segs) {
      if (s === SEG_ITEMS) path.push("items");
      else if (s === SEG_MAP) path.push("additionalProperties");
      else path.push("properties", s.replace(/~1/g, "/").replace(/~0/g, "~"));
    }
    return path;
  }
  return undefined;
}

function setAt(root: Schema, path: string[], value: Schema): void {
  const parent = nodeAt(root, path.slice(0, -1));
  const last = path[path.length - 1] as string;
  const existing = parent[last];
  parent[last] = isObject(existing) ? { ...value, ...existing } : value;
}

/** Default resolution: relative specifiers next to the importing file, packages under node_modules. */
export function nodeModulesResolver(nodeModules: string): (fromFile: string, specifier: string) => string {
  return (fromFile, specifier) => {
    if (specifier.startsWith("./")) return join(fromFile, "..", specifier);
    const file = join(nodeModules, specifier);
    return file.endsWith(".js") ? file : `${file}.js`;
  };
}
