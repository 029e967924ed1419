import { describe, expect, it, vi } from "vitest";
import { formatFloat32 } from "../../../../generator/validate/yaml/decode.js";
import { CM, readOne } from "./helpers.js";

// Expected verdicts: gopkg.in/yaml.v2 decode.go (unmarshal, alias, mapping, merge, setMapIndex,
// allowedAliasRatio) and sigs.k8s.io/yaml yaml.go (convertToJSONableObject), checked against sigs.k8s.io/yaml v1.4.0.
const data = (body: string, strict = true) => readOne(`${CM}data:\n${body}`, strict);

describe("map keys keep their Go type", () => {
  it.each([
    ["a null key", "  ~: v\n", "unsupported map key of type: <nil>"],
    ["the word null", "  null: v\n", "unsupported map key of type: <nil>"],
    ["an empty flow key", "", "unsupported map key of type: <nil>"],
    ["2^63 (a uint64)", "  9223372036854775808: a\n", "unsupported map key of type: uint64"],
    ["0x8000000000000000 (a uint64)", "  0x8000000000000000: a\n", "unsupported map key of type: uint64"],
    ["a sequence", "  [a, b]: v\n", "invalid map key"],
    ["a map", "  ? {a: b}\n  : v\n", "invalid map key"],
  ])("%s is an error with no signature", (_name, body, message) => {
    const r = body ? data(body) : readOne(`${CM}data: {: v}\n`);
    expect(r).toMatchObject({ state: "error", sig: "||", message: expect.stringContaining(message) });
  });

  it("2^63-1 is an int key", () => expect(data("  9223372036854775807: a\n").object).toMatchObject({ data: { "9223372036854775807": "a" } }));

  it.each([
    ["1e6", "1e+06"],
    ["3.14159265358979", "3.1415927"],
    ["1.5", "1.5"],
    [".inf", ".inf"],
    ["123456789012345678901234567890", "1.2345679e+29"],
  ])("a float key %s is written %s (FormatFloat 'g', 32 bits)", (key, text) => {
    expect(Object.keys((data(`  ${key}: a\n`).object as { data: object }).data)).toEqual([text]);
  });

  it("1 and 1.0 are different keys under -strict (int and float64)", () => expect(data("  1: a\n  1.0: b\n").state).toBe("object"));
  it("yes and true are the same key (both bool true)", () => {
    expect(data("  yes: a\n  true: b\n")).toMatchObject({ state: "error", message: expect.stringContaining("key true already set in map") });
    expect(data("  yes: a\n  true: b\n", false).object).toMatchObject({ data: { true: "b" } });
  });
  it("an aliased key that repeats its anchor's key is already set (-strict only)", () => {
    expect(data("  &k key: a\n  *k : b\n")).toMatchObject({ state: "error", sig: "ConfigMap|cm|v1", message: expect.stringContaining('key "key" already set in map') });
    expect(data("  &k key: a\n  *k : b\n", false).object).toMatchObject({ data: { key: "b" } });
  });
});

describe("merges", () => {
  it("without -strict the later of a key and a merge wins, the merge included", () => {
    expect(data("  a: k\n  <<: {a: m}\n", false).object).toMatchObject({ data: { a: "m" } });
    expect(data("  <<: {a: m}\n  a: k\n", false).object).toMatchObject({ data: { a: "k" } });
  });
  it("under -strict a key set by a merge and written out is already set, whatever the order", () => {
    expect(data("  a: k\n  <<: {a: m}\n").state).toBe("error");
    expect(data("  <<: {a: m}\n  a: k\n").state).toBe("error");
  });
  it("a sequence of maps is merged from the last to the first (the first wins without -strict)", () => {
    expect(data("  <<: [{a: k}, {a: m}]\n", false).object).toMatchObject({ data: { a: "k" } });
  });
  it.each(["  <<: [a, b]\n", "  <<: ~\n", "  <<: x\n", "  <<: [{a: x}, b]\n"])("%j: merge requires maps", (body) => {
    expect(data(body, false)).toMatchObject({ state: "error", message: expect.stringContaining("map merge requires map or sequence of maps as the value") });
  });
  it('a quoted "<<" is an ordinary key', () => expect(data('  "<<": v\n').object).toMatchObject({ data: { "<<": "v" } }));
});

describe("aliases", () => {
  it.each([
    ["a sequence containing itself", `${CM}x: &x [1, *x]\n`],
    ["a map containing itself", `${CM}x: &x {a: *x}\n`],
  ])("%s: value contains itself", (_name, text) => {
    expect(readOne(text)).toMatchObject({ state: "error", sig: "||", message: expect.stringContaining("value contains itself") });
  });

  it("an unknown anchor is an error", () => expect(data("  a: *nope\n").state).toBe("error"));

  it.each([
    [3, "object"], // 9^3 nodes: under 1,000 decoded nodes, no ratio applies
    [4, "error"], // 9^4: over 1,000 decoded nodes, nearly all from aliases (> 99%)
    [5, "error"],
    [7, "error"],
  ])("billion laughs with depth %s → %s (allowedAliasRatio)", (depth, state) => {
    let s = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < depth; i++) s += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]\n`;
    expect(readOne(`${CM}${s}`).state).toBe(state);
  });

  it("an ordinary alias is expanded", () => expect(data("  a: &x v\n  b: *x\n").object).toMatchObject({ data: { a: "v", b: "v" } }));
});

describe("formatFloat32 (strconv.FormatFloat(f, 'g', -1, 32))", () => {
  it.each<[number, string]>([
    [1000000, "1e+06"],
    [123456789, "1.2345679e+08"],
    [100000, "100000"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [16777217, "1.6777216e+07"],
    [-2.5, "-2.5"],
  ])("%s → %s", (f, text) => expect(formatFloat32(f, false)).toBe(text));
  it("names Inf and NaN as Go (+Inf) or as go-yaml keys (.inf)", () => {
    expect([formatFloat32(Infinity, false), formatFloat32(-Infinity, true), formatFloat32(NaN, true)]).toEqual(["+Inf", "-.inf", ".nan"]);
  });
});

describe("no warnings on stderr (kubeconform prints none)", () => {
  it.each(["  [a, b]: v\n", "  ? {a: b}\n  : v\n", "  ? [a]\n  : v\n"])("a collection key %j is an error without the yaml package's stringify warning", (body) => {
    const warn = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const log = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(data(body).state).toBe("error");
      // with a duplicate and without -strict the old reader went through the yaml package's toJS, which warned
      expect(data(`${body}  x: k\n  x: m\n`, false).state).toBe("error");
      expect(warn).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });
});
