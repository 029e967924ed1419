/**
 * go-yaml v2's safety limits as kubeconform meets them, each just under and just over its value, with real
 * kubeconform v0.7.0's verdicts and messages (recorded from .oracles/bin/kubeconform, -strict, the committed
 * schemas). The depth limits (10,000 flow levels, Go's JSON nesting depth) are in deep.test.ts: their documents
 * need the helper thread.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCATIONS, SchemaRegistry, validateYamlText } from "../../../generator/validate/index.js";
import { jsonDepthExceeded, MAX_JSON_DEPTH } from "../../../generator/validate/validator.js";
import { flowDepthError, MAX_FLOW_LEVEL } from "../../../generator/validate/yaml/lexical.js";

const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
const validate = (text: string) => validateYamlText("f.yaml", text, { registry, strict: true, ignoreMissingSchemas: false, skip: new Set(), reject: new Set() });
const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
const UNMARSHAL = "error unmarshalling resource: error converting YAML to JSON: yaml: ";

describe("an implicit key of 1,024 characters (go-yaml's scanner: simple keys)", () => {
  it("1,024 characters is a key", () => {
    expect(validate(`${CM}data:\n  ${"k".repeat(1024)}: v\n`)).toMatchObject([{ status: "valid" }]);
  });
  it("1,025 characters is not: 'mapping values are not allowed in this context'", () => {
    expect(validate(`${CM}data:\n  ${"k".repeat(1025)}: v\n`)).toMatchObject([{ status: "error", msg: `${UNMARSHAL}line 6: mapping values are not allowed in this context` }]);
  });
});

describe("excessive aliasing (go-yaml's decoder: more than 100 aliased nodes, more than 1,000 decoded, and the ratio)", () => {
  // An anchored sequence of m scalars and a sequence of k aliases to it. Each alias decodes 1 + (m + 1) nodes of
  // which m + 1 are aliased; the document node, the keys and the anchor's own nodes are not. The first k at which
  // aliased / decoded passes allowedAliasRatio (0.99 up to 400,000 decoded nodes, then falling) is refused.
  // (Near 400,000 decoded nodes kubeconform agrees too, m = 99: k = 3,966 decoded, 3,967 refused; 25 s here.)
  const doc = (m: number, k: number) => `${CM}a: &a [${Array(m).fill("x").join(", ")}]\nb: [${Array(k).fill("*a").join(", ")}]\n`;
  const refused = [{ status: "error", msg: `${UNMARSHAL}document contains excessive aliasing` }];
  const decoded = [{ status: "invalid", validationErrors: [{ path: "/a" }, { path: "/b" }] }];

  it.each([
    [200, 207, "the ratio stays at or under 0.99"],
    [150, 312, "the ratio stays at or under 0.99"],
  ])("m = %i, k = %i is decoded (%s)", (m, k) => {
    expect(validate(doc(m, k))).toMatchObject(decoded);
  });

  it.each([
    [200, 208],
    [150, 313],
  ])("m = %i, k = %i is refused: one alias more", (m, k) => {
    expect(validate(doc(m, k))).toMatchObject(refused);
  });
});

describe("the depth limits' own checks (the documents are in deep.test.ts)", () => {
  const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
  it("flowDepthError: MAX_FLOW_LEVEL levels pass, one more fails at its line", () => {
    expect(MAX_FLOW_LEVEL).toBe(10_000);
    expect(flowDepthError(`k: ${nested(MAX_FLOW_LEVEL)}\n`)).toBeUndefined();
    expect(flowDepthError(`k: ${nested(MAX_FLOW_LEVEL + 1)}\n`)).toBe("yaml: exceeded max depth of 10000");
    expect(flowDepthError(`a: 1\nk:\n  - ${nested(MAX_FLOW_LEVEL + 1)}\n`)).toBe("yaml: line 3: exceeded max depth of 10000");
    // brackets in a quoted string or a comment are not flow levels
    expect(flowDepthError(`k: "${"[".repeat(MAX_FLOW_LEVEL + 1)}" # ${"{".repeat(MAX_FLOW_LEVEL + 1)}\n`)).toBeUndefined();
  });

  it("jsonDepthExceeded: MAX_JSON_DEPTH levels pass, one more names the bracket that opens it (keys in Go's sorted order)", () => {
    expect(MAX_JSON_DEPTH).toBe(10_000);
    const chain = (depth: number, leaf: (d: number) => unknown) => {
      let v: unknown = 1;
      for (let d = depth; d >= 1; d--) v = leaf(d) === "map" ? { a: v } : [v];
      return v;
    };
    expect(jsonDepthExceeded(chain(MAX_JSON_DEPTH, () => "seq"))).toBeUndefined();
    expect(jsonDepthExceeded(chain(MAX_JSON_DEPTH + 1, () => "seq"))).toBe("[");
    expect(jsonDepthExceeded(chain(MAX_JSON_DEPTH + 1, () => "map"))).toBe("{");
    // two branches deep enough: the one whose key sorts first is written first
    const deepSeq = chain(MAX_JSON_DEPTH, () => "seq");
    const deepMap = chain(MAX_JSON_DEPTH, () => "map");
    expect(jsonDepthExceeded({ b: deepSeq, a: deepMap })).toBe("{");
    expect(jsonDepthExceeded({ a: deepSeq, b: deepMap })).toBe("[");
  });
});
