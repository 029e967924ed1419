/**
 * The CEL environment rules run in: @bufbuild/cel's standard library and its strings extension (the API
 * server has ext.Strings v2: charAt, indexOf, lastIndexOf, lowerAscii, upperAscii, replace, split, substring,
 * trim, join, format, strings.quote), plus the Kubernetes list library, ported from k8s.io/apiserver
 * pkg/cel/library/lists.go (v0.33): `isSorted()`, `sum()`, `min()`, `max()`, `indexOf(e)`, `lastIndexOf(e)`
 * on lists; and cel-go's ext.Sets (`sets.contains`, `sets.equivalent`, `sets.intersects`). Comparisons and equality use CEL's own operators (a planned `a < b` / `a == b`), so they follow
 * CEL's semantics for every comparable type.
 */
import { celEnv, celError, celFunc, celMethod, CelScalar, isCelError, listType, parse, plan, type CelEnv, type CelList, type CelResult, type CelValue } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

const DYN_LIST = listType(CelScalar.DYN);
const base = celEnv({ funcs: [...strings] });
const less = plan(base, parse("a < b"));
const equal = plan(base, parse("a == b"));
const add = plan(base, parse("a + b"));

function elements(list: CelList): CelValue[] {
  const out: CelValue[] = [];
  for (const v of list) out.push(v);
  return out;
}

function isLess(a: CelValue, b: CelValue): boolean | CelResult {
  const r = less({ a, b } as never);
  return isCelError(r) ? r : r === true;
}

function throwIfError<T>(v: T | CelResult): T {
  if (isCelError(v)) throw v;
  return v as T;
}

function isSorted(this: CelList): boolean {
  const xs = elements(this);
  for (let i = 1; i < xs.length; i++) if (throwIfError(isLess(xs[i]!, xs[i - 1]!))) return false;
  return true;
}

function sum(this: CelList): CelValue {
  const xs = elements(this);
  if (xs.length === 0) return 0n; // an untyped empty list sums to int 0 (typed lists: 0.0, 0s; CEL compares 0 == 0.0)
  let acc: CelValue = xs[0] as CelValue;
  for (const x of xs.slice(1)) acc = throwIfError(add({ a: acc, b: x } as never)) as CelValue;
  return acc;
}

function extreme(name: "min" | "max") {
  return function (this: CelList): CelValue {
    const xs = elements(this);
    if (xs.length === 0) throw celError(`${name} called on empty list`);
    let best: CelValue = xs[0] as CelValue;
    for (const x of xs.slice(1)) {
      const better = name === "min" ? throwIfError(isLess(x, best)) : throwIfError(isLess(best, x));
      if (better) best = x;
    }
    return best;
  };
}

function find(last: boolean) {
  return function (this: CelList, item: CelValue): bigint {
    const xs = elements(this);
    const order = last ? xs.map((_, i) => xs.length - 1 - i) : xs.map((_, i) => i);
    for (const i of order) if (throwIfError(equal({ a: xs[i]!, b: item } as never)) === true) return BigInt(i);
    return -1n;
  };
}

/** Kubernetes list functions (names also used by the strings extension are told apart by target type). */
export const KUBERNETES_LIST_FUNCS = [
  celMethod("isSorted", DYN_LIST, [], CelScalar.BOOL, isSorted),
  celMethod("sum", DYN_LIST, [], CelScalar.DYN, sum as never),
  celMethod("min", DYN_LIST, [], CelScalar.DYN, extreme("min") as never),
  celMethod("max", DYN_LIST, [], CelScalar.DYN, extreme("max") as never),
  celMethod("indexOf", DYN_LIST, [CelScalar.DYN], CelScalar.INT, find(false) as never),
  celMethod("lastIndexOf", DYN_LIST, [CelScalar.DYN], CelScalar.INT, find(true) as never),
];

const member = plan(base, parse("e in l"));

function contains(list: CelList, sublist: CelList): boolean {
  for (const e of sublist) if (throwIfError(member({ e, l: list } as never)) !== true) return false;
  return true;
}

/**
 * cel-go ext.Sets (ext/sets.go, in the API server's environment since 1.29): `sets.contains(list, sublist)`,
 * `sets.equivalent(a, b)`, `sets.intersects(a, b)`, with CEL's `in` (its equality) for membership.
 */
export const SETS_FUNCS = [
  celFunc("sets.contains", [DYN_LIST, DYN_LIST], CelScalar.BOOL, (list, sub) => contains(list as CelList, sub as CelList)),
  celFunc("sets.equivalent", [DYN_LIST, DYN_LIST], CelScalar.BOOL, (a, b) => contains(a as CelList, b as CelList) && contains(b as CelList, a as CelList)),
  celFunc("sets.intersects", [DYN_LIST, DYN_LIST], CelScalar.BOOL, (a, b) => {
    for (const e of a as CelList) if (throwIfError(member({ e, l: b } as never)) === true) return true;
    return false;
  }),
];

/** Variables `self` and `oldSelf` are dynamically typed here (the API server types them from the schema at compile time). */
export const RULE_ENV: CelEnv = celEnv({ funcs: [...strings, ...KUBERNETES_LIST_FUNCS, ...SETS_FUNCS] });

/** Names the planner handles itself (operators and macros' helpers), not through the function table. */
const BUILT_IN_CALLS = new Set(["_&&_", "_||_", "_?_:_", "_[_]", "@not_strictly_false", "__not_strictly_false__"]);

/** Whether a call `name` (a method when `method`, a qualified name like `sets.contains` when it has a dot) is supported. */
export function supportsCall(name: string): boolean {
  return BUILT_IN_CALLS.has(name) || RULE_ENV.funcs.find(name) !== undefined;
}

