import { describe, expect, it } from "vitest";
import { MAX_CONFIG_BYTES, parseConfigText } from "../../../generator/config/load.js";
import { diagnosticsOf } from "../../helpers/config.js";

describe("parseConfigText", () => {
  it("parses YAML into plain data and keeps positions", () => {
    const { data, source } = parseConfigText("c.yaml", "project:\n  name: demo\n");
    expect(data).toEqual({ project: { name: "demo" } });
    expect(source.file).toBe("c.yaml");
  });

  it.each([
    ["duplicate keys", "a: 1\nb: 2\na: 3\n", /^c\.yaml:3:1: error CFG005: duplicate key/],
    ["a syntax error", "a: [1, 2\nb: 3\n", /^c\.yaml:\d+:\d+: error CFG004: invalid YAML/],
    ["a tab-indented block", "a:\n\t- b\n", /^c\.yaml:2:\d+: error CFG004: invalid YAML/],
    ["a NUL byte (binary file)", "a: 1\n\0\n", /^c\.yaml:2:1: error CFG003: .*binary/],
  ])("rejects %s with a located error", (_name, text, expected) => {
    const [first] = diagnosticsOf(() => parseConfigText("c.yaml", text));
    expect(first).toMatch(expected);
  });

  it("rejects invalid UTF-8", () => {
    const [first] = diagnosticsOf(() => parseConfigText("c.yaml", Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a])));
    expect(first).toMatch(/CFG003: config is not valid UTF-8/);
  });

  it("rejects files over the size limit before parsing", () => {
    const big = "# " + "x".repeat(MAX_CONFIG_BYTES) + "\n";
    const [first] = diagnosticsOf(() => parseConfigText("c.yaml", big));
    expect(first).toMatch(/CFG002: config is \d+ bytes; the limit is/);
  });

  it("refuses a billion-laughs alias bomb", () => {
    // GIVEN nine levels of ten aliases each (10^9 nodes when expanded)
    const levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]`);
    // WHEN it is parsed THEN it fails fast with a located CFG006 instead of expanding
    const [first] = diagnosticsOf(() => parseConfigText("c.yaml", levels.join("\n") + "\n"));
    expect(first).toMatch(/CFG006/);
  });

  it("strips a UTF-8 byte order mark", () => {
    expect(parseConfigText("c.yaml", "\uFEFFa: 1\n").data).toEqual({ a: 1 });
  });

  it("reads YAML 1.1 booleans as strings (YAML 1.2 core schema)", () => {
    expect(parseConfigText("c.yaml", "a: yes\nb: on\n").data).toEqual({ a: "yes", b: "on" });
  });
});
