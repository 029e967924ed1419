/**
 * CRD CEL rules: evaluates the `x-kubernetes-validations` rules of a JSON schema against a decoded object, the
 * way kube-apiserver does when it admits a custom resource.
 *
 *   import { checkCelRules } from "generator/validate/cel/index.js";
 *   const { findings, skipped } = checkCelRules(object, loadedSchema.schema);
 *
 * - `object`: the decoded manifest (plain JSON values: what js-yaml / the yaml package return).
 * - `schema`: the raw JSON schema it was validated against (registry.ts `LoadedSchema.schema`); local `$ref`s
 *   are followed. A schema without rules returns empty lists at once (`hasCelRules(schema)` tells beforehand;
 *   `LoadedSchema.hasCelRules` without parsing).
 * - `findings`: rules the object breaks. `code` CEL001 (the rule evaluated to false) or CEL002 (evaluating it
 *   failed, e.g. `no such key: x`); `message` is the API server's own line
 *   (`spec.kubeConfig: Invalid value: "object": exactly one of ...`), `path` its field path, `pointer` the
 *   JSON pointer of the same field in the object, `schemaPointer` where the rule sits in the schema.
 * - `skipped`: rules that were not evaluated, with the reason; never counted as passed. CEL101: the rule uses
 *   a function or syntax this evaluator lacks (e.g. isURL(), quantity(), optional types); CEL102: a transition
 *   rule (reads `oldSelf`), which needs the stored object (the API server does not run it on create
 *   either); CEL103: the rule sits under a node the API server gives no CEL type (it never runs there).
 *
 * Call it on objects that passed schema validation: the API server runs no rule when the object has a
 * blocking schema error (wrong type, missing required field, enum, maxLength, ...; registry/customresource
 * strategy.go `hasBlockingErr`) and says "some validation rules were not checked because the object was
 * invalid" instead. Schema `default`s are applied first and nulls of non-nullable fields dropped, as the API
 * server stores the object before validating it.
 *
 * Semantics follow k8s.io/apiextensions-apiserver pkg/apiserver/schema/cel/validation.go (v0.33, the
 * version of the oracle kube-apiserver): a node's rules run only when the node is present and not null;
 * `self` is typed from the schema (values.ts); rules under `allOf` run against the same node; `fieldPath`,
 * `reason`, `message` and `messageExpression` shape the error as there. Not modelled: the cost budget
 * (a rule that the API server stops for cost runs to the end here), ratcheting (updates), and list-type
 * `set`/`map` equality (lists compare in order). See docs/validation.md, "CRD CEL rules".
 */
import { isCelError, type CelResult } from "@bufbuild/cel";
import { compile } from "./compile.js";
import { withDefaults } from "./defaults.js";
import { FieldPath, normalizeRuleFieldPath } from "./field-path.js";
import { evaluationErrorDetail, fieldError, reasonOf, ruleErrorString, ruleMessageOrDefault, type Reason } from "./messages.js";
import { isObject, RULES_KEY, SchemaReader, type JsonObject, type ValidationRule } from "./schema-node.js";
import { toCel } from "./values.js";

export type { Reason } from "./messages.js";

export interface CelFinding {
  /** CEL001: the rule is false for the object; CEL002: evaluating the rule failed. */
  code: "CEL001" | "CEL002";
  /** JSON pointer of the field the message names ("" for the root). */
  pointer: string;
  /** The API server's field path: `spec.kubeConfig`, `spec.items[0]`, `spec.map[key]`; `<nil>` for the root. */
  path: string;
  /** The API server's message: `<path>: Invalid value: "<type>": <detail>` (or Forbidden / Required value / Duplicate value). */
  message: string;
  /** The rule's message (or evaluated messageExpression), or the evaluation error. */
  detail: string;
  reason: Reason;
  rule: string;
  /** JSON pointer of the rule in the schema (`/properties/spec/x-kubernetes-validations/0`). */
  schemaPointer: string;
}

export interface CelSkip {
  /** CEL101: unsupported function or syntax; CEL102: transition rule (oldSelf); CEL103: node without a CEL type. */
  code: "CEL101" | "CEL102" | "CEL103";
  pointer: string;
  path: string;
  rule: string;
  reason: string;
  schemaPointer: string;
}

export interface CelResultSet {
  findings: CelFinding[];
  skipped: CelSkip[];
}

/** Max length of an evaluated messageExpression (apiserver pkg/apis/cel MaxEvaluatedMessageExpressionSizeBytes). */
const MAX_MESSAGE_EXPRESSION_BYTES = 5 * 1024;

interface Loc {
  node: JsonObject;
  ptr: string;
}

/** Per schema node: whether its subtree holds rules, [without, with] allOf members (schemas are reused across objects). */
const hasRulesCache = [new WeakMap<JsonObject, boolean>(), new WeakMap<JsonObject, boolean>()] as const;

/** Whether any x-kubernetes-validations rule is reachable from the schema's root (through $refs); cached per schema. */
export function hasCelRules(schema: JsonObject): boolean {
  const reader = new SchemaReader(schema);
  const root = reader.resolve(schema);
  return root !== undefined && subtreeHasRules(reader, root, true);
}

export function checkCelRules(object: unknown, schema: JsonObject): CelResultSet {
  const out: CelResultSet = { findings: [], skipped: [] };
  const reader = new SchemaReader(schema);
  const root = at(reader, schema, "");
  // NewValidator: nothing runs when no rule is reachable through properties, items and additionalProperties.
  if (!root || !subtreeHasRules(reader, root.node, false)) return out;
  // The API server validates the object as stored: schema defaults applied, disallowed nulls pruned.
  const value = withDefaults(object, root.node, reader);
  new Walker(reader, out).validate(root, root, value, FieldPath.root(), true);
  return out;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The node at `raw` (following $refs) and its pointer in the schema. */
function at(reader: SchemaReader, raw: unknown, ptr: string): Loc | undefined {
  let p = ptr;
  let cur = raw;
  for (let hops = 0; isObject(cur) && typeof cur.$ref === "string" && hops < 32; hops++) {
    if (cur.$ref.startsWith("#")) p = cur.$ref.slice(1);
    cur = reader.resolve({ $ref: cur.$ref });
  }
  const node = reader.resolve(cur);
  return node ? { node, ptr: p } : undefined;
}

function child(reader: SchemaReader, loc: Loc, ...keys: string[]): Loc | undefined {
  let raw: unknown = loc.node;
  for (const k of keys) raw = isObject(raw) ? raw[k] : Array.isArray(raw) ? raw[Number(k)] : undefined;
  if (raw === undefined) return undefined;
  return at(reader, raw, `${loc.ptr}/${keys.map(escapePointer).join("/")}`);
}

function subtreeHasRules(reader: SchemaReader, node: JsonObject, withAllOf: boolean, seen = new Set<JsonObject>()): boolean {
  const cache = hasRulesCache[withAllOf ? 1 : 0];
  const cached = cache.get(node);
  if (cached !== undefined) return cached;
  if (seen.has(node)) return false;
  seen.add(node);
  let found = reader.rules(node).length > 0;
  const kids: Array<JsonObject | undefined> = [reader.items(node), reader.additionalProperties(node)];
  for (const name of Object.keys(reader.properties(node) ?? {})) kids.push(reader.property(node, name));
  if (withAllOf) kids.push(...reader.allOf(node));
  for (const k of kids) if (!found && k) found = subtreeHasRules(reader, k, withAllOf, seen);
  cache.set(node, found);
  return found;
}

class Walker {
  constructor(
    private readonly reader: SchemaReader,
    private readonly out: CelResultSet,
  ) {}

  /** Validator.validate: this node's rules, its allOf members' rules, then the children present in the value. */
  validate(vs: Loc, ns: Loc, value: unknown, path: FieldPath, resourceRoot: boolean): void {
    if (value === null || value === undefined) return;
    if (!subtreeHasRules(this.reader, vs.node, true)) return;
    this.evaluate(vs, ns, value, path, resourceRoot);
    this.reader.allOf(vs.node).forEach((_, i) => {
      const member = child(this.reader, vs, "allOf", String(i));
      if (member) this.validate(member, ns, value, path, resourceRoot);
    });
    const r = this.reader;
    if (Array.isArray(value)) {
      const vi = child(r, vs, "items");
      const ni = child(r, ns, "items");
      if (vi && ni) value.forEach((v, i) => this.validate(vi, ni, v, path.index(i), r.embeddedResource(ni.node)));
      return;
    }
    if (!isObject(value)) return;
    const vap = r.additionalProperties(vs.node) ? child(r, vs, "additionalProperties") : undefined;
    const nap = r.additionalProperties(ns.node) ? child(r, ns, "additionalProperties") : undefined;
    if (vap && nap) for (const [k, v] of Object.entries(value)) this.validate(vap, nap, v, path.key(k), r.embeddedResource(nap.node));
    if (!r.properties(vs.node)) return;
    for (const [k, v] of Object.entries(value)) {
      if (!r.property(vs.node, k) || !r.property(ns.node, k)) continue;
      const vp = child(r, vs, "properties", k)!;
      const np = child(r, ns, "properties", k)!;
      if (!r.hasDeclType(np.node)) {
        // validator(): a property the API server gives no CEL type is left out, rules and all.
        if (v !== null && v !== undefined) this.skipAll(vp, path.child(k), new Set());
        continue;
      }
      this.validate(vp, np, v, path.child(k), r.embeddedResource(np.node));
    }
  }

  private skipAll(vs: Loc, path: FieldPath, seen: Set<JsonObject>): void {
    if (seen.has(vs.node)) return;
    seen.add(vs.node);
    this.reader.rules(vs.node).forEach((rule, i) =>
      this.skip("CEL103", vs, i, rule, path, "the node has no CEL type (no `type`, not int-or-string): the API server compiles no rule on or under it"),
    );
    const r = this.reader;
    const kids: Array<Loc | undefined> = [child(r, vs, "items"), r.additionalProperties(vs.node) ? child(r, vs, "additionalProperties") : undefined];
    for (const name of Object.keys(r.properties(vs.node) ?? {})) kids.push(child(r, vs, "properties", name));
    r.allOf(vs.node).forEach((_, i) => kids.push(child(r, vs, "allOf", String(i))));
    for (const k of kids) if (k) this.skipAll(k, path, seen);
  }

  private skip(code: CelSkip["code"], vs: Loc, i: number, rule: ValidationRule, path: FieldPath, reason: string): void {
    this.out.skipped.push({ code, pointer: path.pointer, path: path.toString(), rule: rule.rule, reason, schemaPointer: `${vs.ptr}/${RULES_KEY}/${i}` });
  }

  /** Validator.validateExpressions for one node. */
  private evaluate(vs: Loc, ns: Loc, value: unknown, path: FieldPath, resourceRoot: boolean): void {
    const rules = this.reader.rules(vs.node);
    if (rules.length === 0) return;
    const schemaType = structuralType(ns.node);
    let self: unknown;
    let converted = false;
    rules.forEach((rule, i) => {
      if (rule.rule.trim().length === 0) return;
      const compiled = compile(rule.rule);
      if (compiled.unsupported) {
        this.skip("CEL101", vs, i, rule, path, compiled.unsupported);
        return;
      }
      if (compiled.usesOldSelf) {
        const why =
          rule.optionalOldSelf === true
            ? "a transition rule with optionalOldSelf: on create it runs with oldSelf = optional.none(), and CEL optional types are not supported here"
            : "a transition rule (reads oldSelf): it needs the stored object, so it runs only on updates (the API server skips it on create too)";
        this.skip("CEL102", vs, i, rule, path, why);
        return;
      }
      if (!converted) {
        self = toCel(value, ns.node, this.reader, resourceRoot);
        converted = true;
      }
      const result = compiled.run!({ self });
      const schemaPointer = `${vs.ptr}/${RULES_KEY}/${i}`;
      if (isCelError(result)) {
        if (/^unbound function/.test(result.message)) {
          this.skip("CEL101", vs, i, rule, path, `@bufbuild/cel has no such function: ${result.message}`);
          return;
        }
        const detail = evaluationErrorDetail(result.message, rule);
        this.out.findings.push({
          code: "CEL002", pointer: path.pointer, path: path.toString(), message: fieldError(path.toString(), "FieldValueInvalid", schemaType, detail),
          detail, reason: "FieldValueInvalid", rule: rule.rule, schemaPointer,
        });
        return;
      }
      if (result === true) return;
      let where = path;
      if (rule.fieldPath) {
        const r = this.reader;
        const norm = normalizeRuleFieldPath(
          rule.fieldPath,
          (n, name) => r.property(n as JsonObject, name),
          (n) => r.additionalProperties(n as JsonObject),
          (n) => r.properties(n as JsonObject) !== undefined,
          ns.node,
        );
        if (norm) where = path.withRuleFieldPath(norm.normalized, norm.keys);
      }
      const reason = reasonOf(rule);
      const detail = this.message(rule, self);
      this.out.findings.push({
        code: "CEL001", pointer: where.pointer, path: where.toString(), message: fieldError(where.toString(), reason, schemaType, detail),
        detail, reason, rule: rule.rule, schemaPointer,
      });
    });
  }

  /** The failure message: messageExpression when it evaluates to a usable string, else message / "failed rule: ...". */
  private message(rule: ValidationRule, self: unknown): string {
    if (!rule.messageExpression) return ruleMessageOrDefault(rule);
    const compiled = compile(rule.messageExpression);
    if (!compiled.run || compiled.usesOldSelf) return ruleMessageOrDefault(rule);
    const r: CelResult = compiled.run({ self });
    if (isCelError(r) || typeof r !== "string") return ruleMessageOrDefault(rule);
    const trimmed = r.trim();
    if (trimmed.length === 0 || /\n/.test(trimmed) || Buffer.byteLength(trimmed) > MAX_MESSAGE_EXPRESSION_BYTES) return ruleMessageOrDefault(rule);
    return trimmed;
  }
}

/** Structural.Type as the API server prints it in `Invalid value: "<type>"` ("" when the node has none). */
function structuralType(n: JsonObject): string {
  if (typeof n.type === "string") return n.type;
  if (Array.isArray(n.type)) return n.type.find((t): t is string => typeof t === "string" && t !== "null") ?? "";
  return "";
}

export { ruleErrorString };
