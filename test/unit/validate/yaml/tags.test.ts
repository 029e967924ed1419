import { describe, expect, it } from "vitest";
import { decodeGoBase64, isGoTimestamp, resolveExplicit, resolveScalar } from "../../../../generator/validate/yaml/tags.js";
import { CM, readOne } from "./helpers.js";

// Expected verdicts: gopkg.in/yaml.v2 resolve.go (resolve, parseTimestamp) and decode.go (scalar: !!binary,
// timestamps kept as strings; sequence: tags ignored), checked against sigs.k8s.io/yaml v1.4.0.
const T = (name: string) => `tag:yaml.org,2002:${name}`;

describe("resolveExplicit: a value must resolve to its explicit tag", () => {
  it.each([
    ["int", "abc", "cannot decode !!str `abc` as a !!int"],
    ["int", "1.5", "cannot decode !!float `1.5` as a !!int"],
    ["int", "", "cannot decode !!null `` as a !!int"],
    ["bool", "1", "cannot decode !!int `1` as a !!bool"],
    ["bool", "abc", "cannot decode !!str `abc` as a !!bool"],
    ["null", "x", "cannot decode !!str `x` as a !!null"],
    ["float", "abc", "cannot decode !!str `abc` as a !!float"],
    ["timestamp", "x", "cannot decode !!str `x` as a !!timestamp"],
    ["timestamp", "2001-02-30", "cannot decode !!str `2001-02-30` as a !!timestamp"],
  ])("!!%s %j: %s", (tag, value, error) => expect(resolveExplicit(T(tag), value)).toEqual({ error }));

  it.each<[string, string, unknown]>([
    ["int", "0x1F", 31],
    ["int", "3", 3],
    ["float", "1", 1], // an int is accepted as a float
    ["bool", "yes", true],
    ["null", "~", null],
    ["null", "", null],
    ["timestamp", "2001-01-01", "2001-01-01"],
    ["str", "1", "1"],
  ])("!!%s %j → %j", (tag, value, out) => expect(resolveExplicit(T(tag), value)).toEqual({ value: out }));

  it("plain scalars resolve by their first character (resolveTable): 'abc' and '<<' are strings, '.5' a float", () => {
    expect(resolveScalar("abc").tag).toBe(T("str"));
    expect(resolveScalar("<<").tag).toBe(T("str"));
    expect(resolveScalar(".5")).toEqual({ tag: T("float"), value: 0.5 });
    expect(resolveScalar("2001-12-14").tag).toBe(T("timestamp"));
  });
});

describe("!!binary: Go's base64.StdEncoding", () => {
  it.each<[string, string | undefined]>([
    ["aGVsbG8=", "hello"],
    ["aGVs\nbG8=\n", "hello"], // line breaks are skipped
    ["", ""],
    ["aGVsbG8", undefined], // padding is required
    ["!!!", undefined],
    ["aGVs bG8=", undefined], // spaces are not
  ])("%j → %j", (input, output) => expect(decodeGoBase64(input)).toBe(output));

  it.each([
    ["!!binary aGVsbG8=", "object", "hello"],
    ["!!binary |\n    aGVs\n    bG8=", "object", "hello"],
    ["!!binary ''", "object", ""],
    ["!!binary aGVsbG8", "error", undefined],
    ["!!binary '!!!'", "error", undefined],
  ])("data.k: %s → %s", (value, state, decoded) => {
    const r = readOne(`${CM}data:\n  k: ${value}\n`);
    expect(r.state).toBe(state);
    if (decoded !== undefined) expect(r.object).toMatchObject({ data: { k: decoded } });
  });
});

describe("explicit tags in documents", () => {
  it.each(["!!int abc", "!!int 1.5", "!!bool 1", "!!null x", "!!float abc", "!!timestamp x", "!!int"])("k: %s is an error with no signature", (value) => {
    expect(readOne(`${CM}data:\n  k: ${value}\n`)).toMatchObject({ state: "error", sig: "||", message: expect.stringContaining("cannot decode") });
  });

  it.each<[string, unknown]>([
    ["!!float 1", 1],
    ['!!int "3"', 3],
    ["!!timestamp 2001-01-01", "2001-01-01"],
    ["!!str 1", "1"],
    ["!custom 5", "5"],
  ])("k: %s → %j", (value, out) => expect(readOne(`${CM}data:\n  k: ${value}\n`).object).toMatchObject({ data: { k: out } }));

  it("!!omap [a: b] stays a sequence of maps (go-yaml ignores a sequence's tag)", () => {
    expect(readOne(`${CM}data: !!omap [a: b, c: d]\n`).object).toMatchObject({ data: [{ a: "b" }, { c: "d" }] });
  });
});

describe("isGoTimestamp (allowedTimestampFormats)", () => {
  it.each([
    ["2001-12-14", true],
    ["2001-1-2", true],
    ["2001-12-14t21:59:43.10Z", true],
    ["2001-12-14 21:59:43.10", true],
    ["2001-12-14T21:59:43+05:00", true],
    ["2001-12-14 21:59:43.10 -5", false],
    ["2001-02-29", false],
    ["01-12-14", false],
  ])("%s → %s", (s, ok) => expect(isGoTimestamp(s)).toBe(ok));
});
