import { describe, expect, it } from "vitest";
import { goYamlBool, goYamlFloat, goYamlInt, goYamlNull } from "../../../generator/validate/go-yaml-schema.js";
import { parseResource } from "../../../generator/validate/resource.js";

describe("go-yaml v2 scalar resolution", () => {
  it.each([
    ["0o644", 420], ["0755", 493], ["0x1F", 31], ["0b101", 5], ["-0x10", -16], ["1_000", 1000], ["+12", 12], ["0", 0],
    ["18446744073709551615", 18446744073709551615],
  ])("int %s → %s", (s, n) => expect(goYamlInt(s)).toBe(n));

  it.each(["08", "1:30", "23:30", "1e3", "abc", "0x", "_1", ".5", "0b2"])("%s is not an int", (s) => expect(goYamlInt(s)).toBeUndefined());

  it.each([
    ["08", 8], ["1e3", 1000], ["1234e56", 1234e56], [".5", 0.5], ["-1.5", -1.5], ["1_0.5", 10.5], [".inf", Infinity], ["-.Inf", -Infinity],
    // resolve.go: after '.', strconv.ParseFloat reads Go's number syntax, '_' between digits included
    [".5_0", 0.5], [".5e1_0", 5e9], ["1e-400", 0],
  ])("float %s → %s", (s, n) => expect(goYamlFloat(s)).toBe(n));

  it.each([
    "23:30", "1:30.5", "1.2.3", "e3", "Infinity", "nan",
    // underscores not between digits: ParseFloat fails
    "._5", ".5_", ".5__0",
    // overflow: ParseFloat fails with ErrRange, so go-yaml keeps the string
    "1e400", "-1e400", ".5e400", "1_0e400",
  ])("%s is not a float (a string)", (s) => expect(goYamlFloat(s)).toBeUndefined());

  it("reads yes/no/on/off as booleans and ~ as null, like YAML 1.1", () => {
    expect([goYamlBool("yes"), goYamlBool("Off"), goYamlBool("maybe")]).toEqual([true, false, undefined]);
    expect([goYamlNull("~"), goYamlNull("NULL"), goYamlNull("nil")]).toEqual([true, true, false]);
  });
});

describe("strict decoding of merge keys", () => {
  const doc = (text: string) => parseResource({ path: "f.yaml", index: 0, text, startLine: 1 }, true)[0]!;

  it("reports a key both merged and written out as already set, at the second value's line", () => {
    const r = doc("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n  labels: &b\n    a: x\n  annotations:\n    <<: *b\n    a: y\n");
    expect(r.state).toBe("error");
    expect((r as { message: string }).message).toMatch(/line 9: key "a" already set in map$/);
  });

  it("accepts merges that add keys, and a quoted \"<<\" key is not a merge", () => {
    expect(doc("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\n  labels: &b\n    a: x\n  annotations:\n    <<: *b\n    c: y\n").state).toBe("object");
    expect(doc("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m\ndata:\n  '<<': x\n  a: y\n").state).toBe("object");
  });
});

describe("signatures of documents without a kind", () => {
  it("keep apiVersion, namespace and name for the outputs, as kubeconform's lenient Signature() does", () => {
    const r = parseResource({ path: "f.yaml", index: 0, text: "apiVersion: v1\nmetadata:\n  name: web\n  namespace: ns\n", startLine: 1 }, true)[0]!;
    expect(r.state).toBe("error");
    expect(r.signature).toEqual({ kind: "", version: "v1", namespace: "ns", name: "web" });
    expect((r as { message: string }).message).toBe("error while parsing: missing 'kind' key");
  });
});

describe("values JSON cannot hold", () => {
  it.each([
    [".inf", "+Inf"],
    ["-.Inf", "-Inf"],
    [".NaN", "NaN"],
  ])("%s is an error, as sigs.k8s.io/yaml's conversion to JSON fails on it", (value, go) => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    x: ${value}\n`;
    const r = parseResource({ path: "f.yaml", index: 0, text, startLine: 1 }, false)[0]!;
    expect(r.state).toBe("error");
    expect((r as { message: string }).message).toBe(`error unmarshalling resource: error converting YAML to JSON: json: unsupported value: ${go}`);
  });

  it("leaves quoted '.inf' strings alone", () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: ".inf"\n`;
    expect(parseResource({ path: "f.yaml", index: 0, text, startLine: 1 }, true)[0]!.state).toBe("object");
  });
});
