/**
 * Number forms where go-yaml v2 and YAML 1.1 part ways (0b/0B and 0o/0O prefixes, `_` separators, base 60,
 * floats without a dot, the .inf/.nan spellings), in documents that reach the exact reader (an anchor, a merge, an
 * explicit tag, an odd key, a duplicate key under non-strict) and, for comparison, in plain ones (the fast reader).
 *
 * The verdicts and messages are real kubeconform v0.7.0's (`-strict`, the committed schemas), recorded from
 * .oracles/bin/kubeconform; the oracle suite's `numbers` class (test/oracles/edge-cases.ts) asks the binary again.
 * Where kubeconform's jsonschema library words a schema error differently ("want null or string", an unknown key
 * reported "at ''"), the path and the per-error message are compared instead: that wording is the validator's.
 *
 * The positional parse (resource.ts: positionalParse) reads with go-yaml's number rules: with YAML 1.1's, a key
 * written `0o17` or `1:30` is not found where the error is located, and the finding points at the document's
 * first line. The key tests below fail then.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCATIONS, SchemaRegistry, validateYamlText } from "../../../generator/validate/index.js";

const strictRegistry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
const relaxedRegistry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", false);
const validate = (text: string, strict: boolean) =>
  validateYamlText("f.yaml", text, { registry: strict ? strictRegistry : relaxedRegistry, strict, ignoreMissingSchemas: false, skip: new Set(), reject: new Set() });

const HEAD = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n";
/** What sends a document to the exact reader (each adds lines after `metadata:`), and whether it runs -strict. */
const REACH: Record<string, { meta: string; strict: boolean }> = {
  anchor: { meta: "  labels: &l {a: b}\n  annotations: *l\n", strict: true },
  merge: { meta: "  <<: {labels: {a: b}}\n", strict: true },
  tag: { meta: "  labels: !!map {a: b}\n", strict: true },
  "odd key": { meta: '  annotations: {"a b": c}\n', strict: true },
  "duplicate key (non-strict)": { meta: "  labels: {a: b}\n  labels: {a: c}\n", strict: false },
  "none (fast reader)": { meta: "", strict: true },
};
const doc = (reach: string, body: string) => `${HEAD}${REACH[reach]!.meta}${body}`;

const UNMARSHAL = "error unmarshalling resource: error converting YAML to JSON: ";
type Verdict = "valid" | "invalid" | { error: string };
const cannot = (from: string, value: string, to: string): Verdict => ({ error: `${UNMARSHAL}yaml: cannot decode !!${from} \`${value}\` as a !!${to}` });
const unsupported = (v: string): Verdict => ({ error: `${UNMARSHAL}json: unsupported value: ${v}` });

/** [form, as a plain value, with !!int, with !!float]: kubeconform v0.7.0 on `data: {t: <form>}` (data wants strings). */
const VALUES: Array<[string, Verdict, Verdict, Verdict]> = [
  ["0b101", "invalid", "invalid", "invalid"],
  ["0B11", "invalid", "invalid", "invalid"],
  ["-0b11", "invalid", "invalid", "invalid"],
  ["+0b1", "invalid", "invalid", "invalid"],
  ["0b_11", "invalid", "invalid", "invalid"],
  ["0o17", "invalid", "invalid", "invalid"],
  ["0O17", "invalid", "invalid", "invalid"],
  ["-0o17", "invalid", "invalid", "invalid"],
  ["0o1_7", "invalid", "invalid", "invalid"],
  ["1_000", "invalid", "invalid", "invalid"],
  ["1__0", "invalid", "invalid", "invalid"],
  ["0x_1F", "invalid", "invalid", "invalid"],
  ["1_0.5", "invalid", cannot("float", "1_0.5", "int"), "invalid"],
  [".5_0", "invalid", cannot("float", ".5_0", "int"), "invalid"],
  ["685.230_15e+03", "invalid", cannot("float", "685.230_15e+03", "int"), "invalid"],
  ["1e3", "invalid", cannot("float", "1e3", "int"), "invalid"],
  ["08", "invalid", cannot("float", "08", "int"), "invalid"],
  ["1:30", "valid", cannot("str", "1:30", "int"), cannot("str", "1:30", "float")],
  ["-1:30", "valid", cannot("str", "-1:30", "int"), cannot("str", "-1:30", "float")],
  ["1:30.5", "valid", cannot("str", "1:30.5", "int"), cannot("str", "1:30.5", "float")],
  ["190:20:30.15", "valid", cannot("str", "190:20:30.15", "int"), cannot("str", "190:20:30.15", "float")],
  ["+.inf", unsupported("+Inf"), cannot("float", "+.inf", "int"), unsupported("+Inf")],
  ["+.Inf", unsupported("+Inf"), cannot("float", "+.Inf", "int"), unsupported("+Inf")],
  ["+.INF", unsupported("+Inf"), cannot("float", "+.INF", "int"), unsupported("+Inf")],
  [".Inf", unsupported("+Inf"), cannot("float", ".Inf", "int"), unsupported("+Inf")],
  [".INF", unsupported("+Inf"), cannot("float", ".INF", "int"), unsupported("+Inf")],
  ["-.inf", unsupported("-Inf"), cannot("float", "-.inf", "int"), unsupported("-Inf")],
  ["-.Inf", unsupported("-Inf"), cannot("float", "-.Inf", "int"), unsupported("-Inf")],
  [".nan", unsupported("NaN"), cannot("float", ".nan", "int"), unsupported("NaN")],
  ["+.nan", "valid", cannot("str", "+.nan", "int"), cannot("str", "+.nan", "float")],
  ["+.NaN", "valid", cannot("str", "+.NaN", "int"), cannot("str", "+.NaN", "float")],
];

function expectVerdict(text: string, strict: boolean, want: Verdict): void {
  const [r, ...rest] = validate(text, strict);
  expect(rest).toEqual([]);
  if (want === "valid") expect(r, text).toMatchObject({ status: "valid" });
  else if (want === "invalid") expect(r, text).toMatchObject({ status: "invalid", validationErrors: [{ path: "/data/t", msg: "got number, want string or null" }] });
  else expect(r, text).toMatchObject({ status: "error", msg: want.error });
}

describe("number forms where go-yaml v2 and YAML 1.1 differ get kubeconform's verdict and message on every reader", () => {
  for (const reach of Object.keys(REACH)) {
    const { strict } = REACH[reach]!;
    it.each(VALUES)(`${reach}: %s`, (form, plain, asInt, asFloat) => {
      expectVerdict(doc(reach, `data:\n  t: ${form}\n`), strict, plain);
      expectVerdict(doc(reach, `data:\n  t: !!int ${form}\n`), strict, asInt);
      expectVerdict(doc(reach, `data:\n  t: !!float ${form}\n`), strict, asFloat);
    });
  }
});

/** [key as written, the JSON key go-yaml v2 and sigs.k8s.io/yaml make of it]: forms YAML 1.1 reads otherwise. */
const KEYS: Array<[string, string]> = [
  ["0o17", "15"],
  ["0O17", "15"],
  ["-0o17", "-15"],
  ["0o1_7", "15"],
  ["0B11", "3"],
  ["1:30", "1:30"],
  ["-1:30", "-1:30"],
  ["1:30.5", "1:30.5"],
  ["190:20:30.15", "190:20:30.15"],
  ["+.nan", "+.nan"],
];

/** 1-based line and column of the first occurrence of `needle` at a line's start (after `indent`). */
function lineColOf(text: string, needle: string, indent = ""): { line: number; col: number } {
  const lines = text.split("\n");
  const i = lines.findIndex((l) => l.startsWith(`${indent}${needle}`));
  expect(i, `${needle} in\n${text}`).toBeGreaterThanOrEqual(0);
  return { line: i + 1, col: indent.length + 1 };
}

describe("a key in such a number form is found where it is written (the positional parse reads go-yaml v2's numbers)", () => {
  for (const reach of Object.keys(REACH)) {
    const { strict } = REACH[reach]!;
    it.each(KEYS)(`${reach}: an unknown top-level key %s is reported as '%s', at its own line`, (written, json) => {
      const text = doc(reach, `data:\n  x: "y"\n${written}: "1"\n`);
      const [r] = validate(text, strict);
      // kubeconform: "... at '': additional properties '15' not allowed" with that per-error message; under non-strict
      // there is no additionalProperties: false, so the document is valid.
      if (!strict) return expect(r).toMatchObject({ status: "valid" });
      expect(r).toMatchObject({ status: "invalid", validationErrors: [{ path: `/${json}`, msg: `additional properties '${json}' not allowed` }] });
      expect({ line: r!.line, col: r!.col }).toEqual(lineColOf(text, `${written}:`));
    });

    it.each(KEYS)(`${reach}: a data key %s ('%s') with a number value is located at the value`, (written, json) => {
      const text = doc(reach, `data:\n  ${written}: 1\n`);
      const [r] = validate(text, strict);
      expect(r).toMatchObject({ status: "invalid", validationErrors: [{ path: `/data/${json}`, msg: "got number, want string or null" }] });
      const key = lineColOf(text, `${written}:`, "  ");
      expect({ line: r!.line, col: r!.col }).toEqual({ line: key.line, col: key.col + written.length + 2 });
    });
  }
});
