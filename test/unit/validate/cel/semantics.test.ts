// checkCelRules on small schemas, one API server behaviour per test (apiextensions-apiserver
// pkg/apiserver/schema/cel/validation.go v0.33; the same behaviours are checked against a real
// kube-apiserver in test/oracles/cel-rules.test.ts).
import { describe, expect, it } from "vitest";
import { checkCelRules, hasCelRules, type CelResultSet } from "../../../../generator/validate/cel/index.js";

type Schema = Record<string, unknown>;
const rules = (...rs: Array<string | Record<string, unknown>>) => ({ "x-kubernetes-validations": rs.map((r) => (typeof r === "string" ? { rule: r } : r)) });
/** A CRD-like root with `spec` of the given schema. */
const crd = (spec: Schema): Schema => ({ type: "object", properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" }, spec } });
const obj = (spec: unknown, name = "x") => ({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name }, spec });
const messages = (r: CelResultSet) => r.findings.map((f) => f.message);
const check = (spec: Schema, value: unknown) => checkCelRules(obj(value), crd(spec));

describe("when rules run", () => {
  const spec = { type: "object", properties: { a: { type: "object", properties: { x: { type: "integer" } }, ...rules({ rule: "self.x > 0", message: "x positive" }) } } };

  it("a rule on a present node runs; on an absent or null node it does not", () => {
    expect(messages(check(spec, { a: { x: 0 } }))).toEqual(['spec.a: Invalid value: "object": x positive']);
    expect(messages(check(spec, { a: { x: 1 } }))).toEqual([]);
    expect(check(spec, {})).toEqual({ findings: [], skipped: [] });
    expect(check(spec, { a: null })).toEqual({ findings: [], skipped: [] });
  });

  it("a field the rule reads but the object lacks is an evaluation error (CEL002), not a pass", () => {
    const r = check(spec, { a: {} });
    expect(r.findings).toMatchObject([{ code: "CEL002", path: "spec.a", pointer: "/spec/a" }]);
    expect(messages(r)).toEqual(['spec.a: Invalid value: "object": no such key: x evaluating rule: x positive']);
  });

  it("a rule without a message says failed rule: <rule>; a rule that is not true fails even when not false", () => {
    const s = { type: "object", properties: { n: { type: "integer" } }, ...rules("self.n < 3") };
    expect(messages(check(s, { n: 5 }))).toEqual(['spec: Invalid value: "object": failed rule: self.n < 3']);
    const notBool = { type: "object", properties: { n: { type: "integer" } }, ...rules({ rule: "self.n", message: "m" }) };
    expect(messages(check(notBool, { n: 5 }))).toEqual(['spec: Invalid value: "object": m']);
  });

  it("a rule on the resource root prints the root as <nil>, and sees metadata.name only", () => {
    const root = { ...crd({ type: "object" }), ...rules({ rule: "self.metadata.name.startsWith('ok-')", message: "name must start with ok-" }) };
    expect(messages(checkCelRules(obj({}, "bad"), root))).toEqual(['<nil>: Invalid value: "object": name must start with ok-']);
    expect(messages(checkCelRules(obj({}, "ok-1"), root))).toEqual([]);
    const labels = { ...crd({ type: "object" }), ...rules({ rule: "has(self.metadata.labels)", message: "m" }) };
    expect(messages(checkCelRules({ ...obj({}), metadata: { name: "x", labels: { a: "b" } } }, labels))).toEqual(['<nil>: Invalid value: "object": m']);
  });

  it("schema defaults are applied before the rules run", () => {
    const s = { type: "object", properties: { replicas: { type: "integer", default: 1 }, min: { type: "integer" } }, ...rules({ rule: "!has(self.min) || self.min <= self.replicas", message: "m" }) };
    expect(messages(check(s, { min: 2 }))).toEqual(['spec: Invalid value: "object": m']);
    expect(messages(check(s, { min: 1 }))).toEqual([]);
  });

  it("rules in allOf run against the same node; $refs are followed", () => {
    const s = { type: "object", properties: { n: { $ref: "#/definitions/N" } }, allOf: [rules({ rule: "self.n != 7", message: "not seven" })] };
    const root = { ...crd(s), definitions: { N: { type: "integer", ...rules({ rule: "self >= 0", message: "non-negative" }) } } };
    const r = checkCelRules(obj({ n: 7 }), root);
    expect(messages(r)).toEqual(['spec: Invalid value: "object": not seven']);
    expect(r.findings[0]!.schemaPointer).toBe("/properties/spec/allOf/0/x-kubernetes-validations/0");
    const neg = checkCelRules(obj({ n: -1 }), root);
    expect(messages(neg)).toEqual(['spec.n: Invalid value: "integer": non-negative']);
    expect(neg.findings[0]!.schemaPointer).toBe("/definitions/N/x-kubernetes-validations/0");
  });
});

describe("where the error is reported", () => {
  it("rules under array items: one finding per item, with its index", () => {
    const s = { type: "object", properties: { xs: { type: "array", items: { type: "integer", ...rules({ rule: "self % 2 == 0", message: "even" }) } } } };
    const r = check(s, { xs: [2, 3, 4, 5] });
    expect(messages(r)).toEqual(['spec.xs[1]: Invalid value: "integer": even', 'spec.xs[3]: Invalid value: "integer": even']);
    expect(r.findings.map((f) => f.pointer)).toEqual(["/spec/xs/1", "/spec/xs/3"]);
  });

  it("rules under additionalProperties: one finding per key, printed unquoted in brackets", () => {
    const s = { type: "object", properties: { m: { type: "object", additionalProperties: { type: "string", ...rules({ rule: "self.size() < 4", message: "short" }) } } } };
    const r = check(s, { m: { ok: "abc", "a/b": "abcdef" } });
    expect(messages(r)).toEqual(['spec.m[a/b]: Invalid value: "string": short']);
    expect(r.findings[0]!.pointer).toBe("/spec/m/a~1b");
  });

  it("fieldPath moves the error to a child field; reason picks Forbidden / Required value / Duplicate value", () => {
    const s = (reason?: string, fieldPath?: string) => ({
      type: "object",
      properties: { a: { type: "integer" }, m: { type: "object", additionalProperties: { type: "string" } }, "x.y": { type: "string" } },
      ...rules({ rule: "false", message: "nope", ...(reason ? { reason } : {}), ...(fieldPath ? { fieldPath } : {}) }),
    });
    const v = { a: 1, m: { k: "v" }, "x.y": "z" };
    expect(messages(check(s(undefined, ".a"), v))).toEqual(['spec.a: Invalid value: "object": nope']);
    expect(messages(check(s("FieldValueForbidden", ".a"), v))).toEqual(["spec.a: Forbidden: nope"]);
    expect(messages(check(s("FieldValueRequired", ".a"), v))).toEqual(["spec.a: Required value: nope"]);
    expect(messages(check(s("FieldValueDuplicate", ".a"), v))).toEqual(['spec.a: Duplicate value: "object"']);
    expect(messages(check(s(undefined, "['x.y']"), v))).toEqual(['spec.x.y: Invalid value: "object": nope']);
    expect(messages(check(s(undefined, ".m['k']"), v))).toEqual(['spec.m[k]: Invalid value: "object": nope']);
    expect(check(s(undefined, ".m['k']"), v).findings[0]!.pointer).toBe("/spec/m/k");
    // A fieldPath the schema does not have: the API server keeps the rule's own node.
    expect(messages(check(s(undefined, ".nope"), v))).toEqual(['spec: Invalid value: "object": nope']);
  });

  it("messageExpression replaces the message when it gives a usable string, else the message is used", () => {
    const s = (messageExpression: string) => ({ type: "object", properties: { n: { type: "integer" } }, ...rules({ rule: "self.n < 3", message: "static", messageExpression }) });
    expect(messages(check(s("'n is ' + string(self.n)"), { n: 5 }))).toEqual(['spec: Invalid value: "object": n is 5']);
    expect(messages(check(s("'  padded  '"), { n: 5 }))).toEqual(['spec: Invalid value: "object": padded']);
    expect(messages(check(s("' '"), { n: 5 }))).toEqual(['spec: Invalid value: "object": static']);
    expect(messages(check(s("'a\\nb'"), { n: 5 }))).toEqual(['spec: Invalid value: "object": static']);
    expect(messages(check(s("'x'.repeat(1)"), { n: 5 }))).toEqual(['spec: Invalid value: "object": static']);
    expect(messages(check(s("string(self.nope)"), { n: 5 }))).toEqual(['spec: Invalid value: "object": static']);
  });
});

describe("how self is typed (apiserver pkg/cel/common/values.go)", () => {
  const one = (prop: Schema, rule: string, value: unknown) => check({ type: "object", properties: { v: prop }, ...rules({ rule, message: "m" }) }, { v: value });

  it("integer is int, number is double (int arithmetic on a double is a no-such-overload error)", () => {
    expect(messages(one({ type: "integer" }, "self.v + 1 == 3", 2))).toEqual([]);
    expect(messages(one({ type: "number" }, "self.v == 2.5", 2.5))).toEqual([]);
    expect(messages(one({ type: "number" }, "self.v + 1 == 3.0", 2))).toEqual([
      `spec: Invalid value: "object": 'no such overload': call arguments did not match a supported operator, function or macro signature for rule: m`,
    ]);
  });

  it("int-or-string is an int or a string", () => {
    const ios = { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] };
    expect(messages(one(ios, "type(self.v) == int && self.v > 1", 2))).toEqual([]);
    expect(messages(one(ios, "type(self.v) == string && self.v.endsWith('%')", "50%"))).toEqual([]);
    expect(messages(one(ios, "type(self.v) == int", "50%"))).toEqual(['spec: Invalid value: "object": m']);
  });

  it("format duration, date-time and date become durations and timestamps; byte becomes bytes", () => {
    expect(messages(one({ type: "string", format: "duration" }, "self.v == duration('90m')", "1h30m"))).toEqual([]);
    expect(messages(one({ type: "string", format: "duration" }, "self.v == duration('48h')", "2d"))).toEqual([]); // strfmt's looser units
    expect(messages(one({ type: "string", format: "date-time" }, "self.v == timestamp('2024-01-01T08:00:00Z')", "2024-01-01T10:00:00+02:00"))).toEqual([]);
    expect(messages(one({ type: "string", format: "date-time" }, "self.v.getFullYear() == 2024", "2024-03-04T05:06:07.123456Z"))).toEqual([]);
    expect(messages(one({ type: "string", format: "date" }, "self.v < timestamp('2024-01-02T00:00:00Z')", "2024-01-01"))).toEqual([]);
    expect(messages(one({ type: "string", format: "byte" }, "self.v == b'hello'", "aGVsbG8="))).toEqual([]);
    expect(check({ type: "object", properties: { v: { type: "string", format: "date-time" } }, ...rules({ rule: "self.v > timestamp('2000-01-01T00:00:00Z')", message: "m" }) }, { v: "yesterday" }).findings).toMatchObject([
      { code: "CEL002" },
    ]);
  });

  it("property names are escaped (self.foo__dash__bar, self.__namespace__); undeclared keys are invisible", () => {
    const s = { type: "object", properties: { "foo-bar": { type: "string" }, namespace: { type: "string" } }, "x-kubernetes-preserve-unknown-fields": true };
    expect(messages(check({ ...s, ...rules({ rule: "self.foo__dash__bar == 'a' && self.__namespace__ == 'b'", message: "m" }) }, { "foo-bar": "a", namespace: "b" }))).toEqual([]);
    expect(messages(check({ ...s, ...rules({ rule: "!has(self.extra)", message: "m" }) }, { extra: 1 }))).toEqual([]);
  });

  it("an embedded resource gets apiVersion, kind and metadata.name like a root", () => {
    const s = {
      type: "object",
      properties: {
        template: {
          type: "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true,
          ...rules({ rule: "self.kind == 'ConfigMap' && self.metadata.name != ''", message: "a named ConfigMap" }),
        },
      },
    };
    expect(messages(check(s, { template: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } } }))).toEqual([]);
    expect(messages(check(s, { template: { apiVersion: "v1", kind: "Secret", metadata: { name: "c" } } }))).toEqual(['spec.template: Invalid value: "object": a named ConfigMap']);
  });
});

describe("what is skipped, never passed", () => {
  const skipOf = (rule: string | Record<string, unknown>, value: unknown = { s: "x", l: ["a"] }) =>
    check({ type: "object", properties: { s: { type: "string" }, l: { type: "array", items: { type: "string" } } }, ...rules(rule) }, value);

  it.each([
    ["isURL(self.s)", /isURL\(\) \(Kubernetes CEL library: urls\)/],
    ["self.s == 'x' || isURL(self.s)", /isURL\(\)/], // would short-circuit to true: still skipped
    ["quantity(self.s).isGreaterThan(quantity('1'))", /quantity/],
    ["self.s.find('[a-z]+') == 'x'", /\.find\(\) \(Kubernetes CEL library: regex\)/],
    ["format.dns1123Label().validate(self.s).hasValue()", /format/],
    ["self.s.findAll('[a-z]').size() > 0", /\.findAll\(\) \(Kubernetes CEL library: regex\)/],
    ["self.l.all(i, v, v != '')", /two-variable comprehension/],
    ["self.?s.orValue('') == 'x'", /optional field selection/],
    ["optional.of(self.s).hasValue()", /optional/],
    ["ip(self.s).family() == 4", /IP/],
  ])("%s", (rule, reason) => {
    const r = skipOf(rule);
    expect(r.findings).toEqual([]);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]).toMatchObject({ code: "CEL101", path: "spec", pointer: "/spec", rule, schemaPointer: "/properties/spec/x-kubernetes-validations/0" });
    expect(r.skipped[0]!.reason).toMatch(reason);
  });

  it("a transition rule (oldSelf) is skipped, with or without optionalOldSelf", () => {
    const plain = skipOf({ rule: "self.s == oldSelf.s", message: "immutable" });
    expect(plain.skipped).toMatchObject([{ code: "CEL102" }]);
    expect(plain.skipped[0]!.reason).toMatch(/oldSelf/);
    const optional = skipOf({ rule: "!oldSelf.hasValue() || self.s == oldSelf.value().s", optionalOldSelf: true });
    expect(optional.skipped).toMatchObject([{ code: "CEL101" }]);
    const optional2 = skipOf({ rule: "oldSelf == oldSelf", optionalOldSelf: true });
    expect(optional2.skipped).toMatchObject([{ code: "CEL102" }]);
    expect(optional2.skipped[0]!.reason).toMatch(/optionalOldSelf/);
  });

  it("rules under a node the API server gives no CEL type are skipped (CEL103)", () => {
    const s = { type: "object", properties: { free: { "x-kubernetes-preserve-unknown-fields": true, properties: { a: { type: "string", ...rules("self != 'x'") } } } } };
    // (`properties` without `type` reads as an object here; the untyped case is a node with neither)
    const untyped = { type: "object", properties: { free: { "x-kubernetes-preserve-unknown-fields": true, ...rules("self != 'x'") } } };
    expect(check(untyped, { free: "x" }).skipped).toMatchObject([{ code: "CEL103", path: "spec.free" }]);
    expect(check(untyped, {}).skipped).toEqual([]);
    expect(check(s, { free: { a: "x" } }).findings).toHaveLength(1);
  });

  it("other rules on the same node still run next to a skipped one", () => {
    const r = skipOf("isURL(self.s)");
    expect(r.skipped).toHaveLength(1);
    const both = check({ type: "object", properties: { s: { type: "string" } }, ...rules("isURL(self.s)", { rule: "self.s != 'x'", message: "not x" }) }, { s: "x" });
    expect(messages(both)).toEqual(['spec: Invalid value: "object": not x']);
    expect(both.skipped).toHaveLength(1);
  });
});

describe("functions", () => {
  const list = (rule: string, l: unknown[], type = "integer") =>
    check({ type: "object", properties: { l: { type: "array", items: { type } } }, ...rules({ rule, message: "m" }) }, { l });

  it("Kubernetes list library (apiserver pkg/cel/library/lists.go)", () => {
    expect(messages(list("self.l.isSorted()", [1, 2, 2, 3]))).toEqual([]);
    expect(messages(list("self.l.isSorted()", [2, 1]))).toEqual(['spec: Invalid value: "object": m']);
    expect(messages(list("self.l.sum() == 6", [1, 2, 3]))).toEqual([]);
    expect(messages(list("self.l.sum() == 0", []))).toEqual([]);
    expect(messages(list("self.l.min() == 1 && self.l.max() == 3", [3, 1, 2]))).toEqual([]);
    expect(messages(list("self.l.indexOf(2) == 1 && self.l.lastIndexOf(2) == 2 && self.l.indexOf(9) == -1", [1, 2, 2]))).toEqual([]);
    expect(messages(list("self.l.min() == 1", []))).toEqual(['spec: Invalid value: "object": min called on empty list evaluating rule: m']);
    const durations = check({ type: "object", properties: { l: { type: "array", items: { type: "string", format: "duration" } } }, ...rules({ rule: "self.l.sum() == duration('61s')", message: "m" }) }, { l: ["1m", "1s"] });
    expect(messages(durations)).toEqual([]);
    expect(messages(list("self.l.isSorted() && self.l.indexOf('b') == 1", ["a", "b"], "string"))).toEqual([]);
  });

  it("cel-go ext sets: sets.contains, sets.equivalent, sets.intersects (CEL equality: 1 == 1.0)", () => {
    const two = (rule: string, a: unknown[], b: unknown[]) =>
      check({ type: "object", properties: { a: { type: "array", items: { type: "integer" } }, b: { type: "array", items: { type: "integer" } } }, ...rules({ rule, message: "m" }) }, { a, b });
    expect(messages(two("sets.contains(self.a, self.b)", [1, 2, 3], [3, 2]))).toEqual([]);
    expect(messages(two("sets.contains(self.a, self.b)", [1], [2]))).toEqual(['spec: Invalid value: "object": m']);
    expect(messages(two("sets.equivalent(self.a, self.b)", [1, 2, 2], [2, 1]))).toEqual([]);
    expect(messages(two("sets.equivalent(self.a, self.b)", [1, 2], [1]))).toEqual(['spec: Invalid value: "object": m']);
    expect(messages(two("sets.intersects(self.a, self.b)", [1, 2], [2, 5]))).toEqual([]);
    expect(messages(two("sets.intersects(self.a, self.b)", [1], [3]))).toEqual(['spec: Invalid value: "object": m']);
    expect(messages(two("sets.contains([1.0], self.a)", [1], []))).toEqual([]);
  });

  it("standard functions, macros and the strings extension", () => {
    const s = (rule: string, v: unknown) => check({ type: "object", properties: { s: { type: "string" } }, ...rules({ rule, message: "m" }) }, { s: v });
    expect(messages(s("self.s.matches('^[a-z]+$') && self.s.startsWith('ab') && size(self.s) == 3", "abc"))).toEqual([]);
    expect(messages(s("self.s.lowerAscii() == 'abc' && self.s.split('B').size() == 2", "ABC"))).toEqual([]);
    expect(messages(s("self.s.matches('^[a-z]+$')", "ABC"))).toEqual(['spec: Invalid value: "object": m']);
    expect(messages(list("self.l.exists(x, x > 2) && self.l.map(x, x * 2)[1] == 4 && self.l.filter(x, x < 2).size() == 1", [1, 2, 3]))).toEqual([]);
    expect(messages(list("self.l[0] / 0 == 1", [1]))).toEqual(['spec: Invalid value: "object": division by zero evaluating rule: m']);
  });
});

describe("hasCelRules", () => {
  it("tells schemas with rules from those without", () => {
    expect(hasCelRules(crd({ type: "object", ...rules("true") }))).toBe(true);
    expect(hasCelRules(crd({ type: "object" }))).toBe(false);
    expect(hasCelRules({ ...crd({ $ref: "#/definitions/S" }), definitions: { S: { type: "object", allOf: [rules("true")] } } })).toBe(true);
    // a rule nothing refers to is not reachable
    expect(hasCelRules({ ...crd({ type: "object" }), definitions: { Unused: rules("true") } })).toBe(false);
  });
});
