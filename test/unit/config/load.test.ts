import { describe, expect, it } from "vitest";
import { MAX_ALIAS_COUNT, MAX_CONFIG_BYTES, parseConfigText } from "../../../generator/config/load.js";
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

  // Each safety limit just under and just over its value (a raised or lowered limit fails one of the pair).
  describe("the size cap (MAX_CONFIG_BYTES, 8 MiB)", () => {
    /** A config of exactly `bytes` bytes: one key, then a comment filling the rest. */
    const sized = (bytes: number) => {
      const head = "a: 1\n# ";
      return head + "x".repeat(bytes - head.length - 1) + "\n";
    };
    it("reads a config of exactly the limit", () => {
      expect(MAX_CONFIG_BYTES).toBe(8 * 1024 * 1024);
      expect(Buffer.byteLength(sized(MAX_CONFIG_BYTES))).toBe(MAX_CONFIG_BYTES);
      expect(parseConfigText("c.yaml", sized(MAX_CONFIG_BYTES)).data).toEqual({ a: 1 });
    });
    it("refuses one byte more, before parsing", () => {
      const [first] = diagnosticsOf(() => parseConfigText("c.yaml", sized(MAX_CONFIG_BYTES + 1)));
      expect(first!.startsWith(`c.yaml: error CFG002: config is ${MAX_CONFIG_BYTES + 1} bytes; the limit is ${MAX_CONFIG_BYTES}\n`), first).toBe(true);
    });
  });

  describe("an implicit key of 1,024 characters (the yaml package's limit; the fast reader defers to it)", () => {
    it("reads a key of 1,024 characters", () => {
      expect(Object.keys(parseConfigText("c.yaml", `${"k".repeat(1024)}: v\n`).data as object)).toEqual(["k".repeat(1024)]);
    });
    it("refuses a key of 1,025 characters with a located error, whichever reader would have read it", () => {
      for (const text of [`${"k".repeat(1025)}: v\n`, `a: &x 1\n${"k".repeat(1025)}: *x\n`]) {
        const [first] = diagnosticsOf(() => parseConfigText("c.yaml", text));
        expect(first).toMatch(/^c\.yaml:\d+:1: error CFG004: invalid YAML: The : indicator must be at most 1024 chars after the start of an implicit block mapping key/);
      }
    });
  });

  describe("the alias cap (MAX_ALIAS_COUNT, 100): alias nodes, and what they expand to", () => {
    /** n anchors, each aliased once: n alias nodes, none expanding further than its own scalar. */
    const spread = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: &a${i} v\nb${i}: *a${i}\n`).join("");
    /** One anchored scalar aliased n times: the yaml package counts the anchor and each alias (n + 1 > 100 refused). */
    const oneAnchor = (n: number) => `v: &v x\n${Array.from({ length: n }, (_, i) => `b${i}: *v\n`).join("")}`;

    it("reads 100 aliases", () => {
      expect(MAX_ALIAS_COUNT).toBe(100);
      const { data } = parseConfigText("c.yaml", spread(100));
      expect(Object.keys(data as object)).toHaveLength(200);
      expect((data as Record<string, string>).b99).toBe("v");
    });
    it("refuses 101 aliases", () => {
      const [first] = diagnosticsOf(() => parseConfigText("c.yaml", spread(101)));
      expect(first).toMatch(/^c\.yaml: error CFG006: config uses 101 YAML aliases; the limit is 100\n/);
    });
    it("reads one anchor aliased 99 times (100 nodes expanded)", () => {
      expect(Object.keys(parseConfigText("c.yaml", oneAnchor(99)).data as object)).toHaveLength(100);
    });
    it("refuses one anchor aliased 100 times (101 nodes expanded)", () => {
      const [first] = diagnosticsOf(() => parseConfigText("c.yaml", oneAnchor(100)));
      expect(first).toMatch(/^c\.yaml: error CFG006: YAML aliases expand too far: Excessive alias count/);
    });
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
