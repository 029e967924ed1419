/**
 * A rule (or a messageExpression) parsed and planned once per distinct text, with what it needs: whether it
 * reads `oldSelf`, and the first construct the evaluator does not support (a Kubernetes library function
 * such as isURL() or quantity(), CEL optional types, two-variable comprehensions, or syntax the parser
 * rejects). Such a rule is reported as skipped, never run: a call to a missing function inside a branch
 * that short-circuits would otherwise pass silently.
 */
import { parse, plan, type CelResult } from "@bufbuild/cel";
import type { Expr } from "@bufbuild/cel-spec/cel/expr/syntax_pb.js";
import { RULE_ENV, supportsCall } from "./library.js";

export interface Compiled {
  /** Runs the expression with `self` (and `oldSelf`) bound. */
  run?: (vars: Record<string, unknown>) => CelResult;
  usesOldSelf: boolean;
  /** Why it cannot be run here (when set, `run` is undefined). */
  unsupported?: string;
}

const cache = new Map<string, Compiled>();

/** Known Kubernetes CEL library functions (k8s.io/apiserver pkg/cel/library), named in skip reasons. */
const KUBERNETES_LIBRARY: Record<string, string> = {
  isURL: "urls", url: "urls", getScheme: "urls", getHost: "urls", getHostname: "urls", getPort: "urls", getEscapedPath: "urls", getQuery: "urls",
  find: "regex", findAll: "regex",
  quantity: "quantity", isQuantity: "quantity", sign: "quantity", isInteger: "quantity", asInteger: "quantity", asApproximateFloat: "quantity",
  compareTo: "quantity", isGreaterThan: "quantity", isLessThan: "quantity", add: "quantity", sub: "quantity",
  ip: "IP", isIP: "IP", family: "IP", isUnspecified: "IP", isLoopback: "IP", isLinkLocalMulticast: "IP", isLinkLocalUnicast: "IP", isGlobalUnicast: "IP",
  cidr: "CIDR", isCIDR: "CIDR", containsIP: "CIDR", containsCIDR: "CIDR", masked: "CIDR", prefixLength: "CIDR",
  semver: "semver", isSemver: "semver", major: "semver", minor: "semver", patch: "semver",
  "format.named": "format", validate: "format",
  "optional.of": "CEL optional types", "optional.ofNonZeroValue": "CEL optional types", "optional.none": "CEL optional types",
  hasValue: "CEL optional types", value: "CEL optional types", orValue: "CEL optional types", or: "CEL optional types",
  transformList: "two-variable comprehensions", transformMap: "two-variable comprehensions", transformMapEntry: "two-variable comprehensions",
  reverse: "ext strings v3",
};

/** Namespaces of qualified functions in the API server's CEL environment. */
const NAMESPACES = /^(format|sets|optional|strings|math|base64|lists)\./;

export function compile(expression: string): Compiled {
  const hit = cache.get(expression);
  if (hit) return hit;
  const compiled = compileUncached(expression);
  cache.set(expression, compiled);
  return compiled;
}

function compileUncached(expression: string): Compiled {
  let ast: ReturnType<typeof parse>;
  try {
    ast = parse(expression);
  } catch (err) {
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    const optional = /\.\?|\[\?/.test(expression) ? " (CEL optional field selection `.?`/`[?]` is not supported)" : "";
    return { usesOldSelf: /\boldSelf\b/.test(expression), unsupported: `the CEL parser (@bufbuild/cel) cannot read it${optional}: ${why}` };
  }
  const scan: Scan = { usesOldSelf: false, unsupported: [] };
  walk(ast.expr, scan);
  if (scan.unsupported.length > 0) return { usesOldSelf: scan.usesOldSelf, unsupported: [...new Set(scan.unsupported)].join("; ") };
  const program = plan(RULE_ENV, ast);
  return { usesOldSelf: scan.usesOldSelf, run: (vars) => program(vars as never) };
}

/** The dotted name of `a.b.c` (identifiers and selections only), for namespaced functions like sets.contains. */
function qualifiedName(e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  if (e.exprKind.case === "identExpr") return e.exprKind.value.name;
  if (e.exprKind.case === "selectExpr" && !e.exprKind.value.testOnly) {
    const q = qualifiedName(e.exprKind.value.operand);
    return q === undefined ? undefined : `${q}.${e.exprKind.value.field}`;
  }
  return undefined;
}

function describe(name: string, method: boolean, arity: number): string {
  const namespace = name.includes(".") ? name.slice(0, name.indexOf(".")) : undefined;
  const lib = KUBERNETES_LIBRARY[name] ?? (namespace === "optional" ? "CEL optional types" : namespace === "sets" ? "ext sets" : namespace);
  if ((name === "all" || name === "exists" || name === "existsOne" || name === "exists_one") && arity === 3) {
    return `the two-variable comprehension ${name}(k, v, ...) (cel-go ext.TwoVarComprehensions) is not supported`;
  }
  const shown = method && !name.includes(".") ? `.${name}()` : `${name}()`;
  return lib ? `${shown} (Kubernetes CEL library: ${lib}) is not supported` : `the function ${shown} is not supported`;
}

/** What a walk of the expression found: every unsupported construct (all are named in the skip reason). */
interface Scan {
  usesOldSelf: boolean;
  unsupported: string[];
}

function walk(e: Expr | undefined, scan: Scan): void {
  if (!e) return;
  const k = e.exprKind;
  switch (k.case) {
    case "identExpr":
      if (k.value.name === "oldSelf") scan.usesOldSelf = true;
      return;
    case "selectExpr":
      walk(k.value.operand, scan);
      return;
    case "callExpr": {
      const call = k.value;
      const qual = qualifiedName(call.target);
      const qualified = qual === undefined ? undefined : `${qual}.${call.function}`;
      if (qualified !== undefined && (KUBERNETES_LIBRARY[qualified] !== undefined || NAMESPACES.test(qualified))) {
        // A namespaced function (sets.contains, format.dns1123Label, optional.of, ...): the target is a namespace, not a value.
        if (!supportsCall(qualified)) scan.unsupported.push(describe(qualified, false, call.args.length));
      } else {
        const twoVar = ["all", "exists", "existsOne", "exists_one"].includes(call.function) && call.args.length === 3;
        if (twoVar || !supportsCall(call.function)) scan.unsupported.push(describe(call.function, call.target !== undefined, call.args.length));
        walk(call.target, scan);
      }
      for (const a of call.args) walk(a, scan);
      return;
    }
    case "listExpr":
      if (k.value.optionalIndices.length > 0) scan.unsupported.push("CEL optional list elements `[?x]` are not supported");
      for (const x of k.value.elements) walk(x, scan);
      return;
    case "structExpr":
      for (const entry of k.value.entries) {
        if (entry.optionalEntry) scan.unsupported.push("CEL optional map entries `{?k: v}` are not supported");
        if (entry.keyKind.case === "mapKey") walk(entry.keyKind.value, scan);
        walk(entry.value, scan);
      }
      return;
    case "comprehensionExpr":
      if (k.value.iterVar2) scan.unsupported.push("two-variable comprehensions are not supported");
      walk(k.value.iterRange, scan);
      walk(k.value.accuInit, scan);
      walk(k.value.loopCondition, scan);
      walk(k.value.loopStep, scan);
      walk(k.value.result, scan);
      return;
    default:
      return;
  }
}
