import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { benchConfig } from "../../../bench/gen-configs.js";
import { fastReadConfig } from "../../../generator/config/yaml-core.js";
import { fixtureConfigs } from "../../helpers/fixture-configs.js";

const slow = (text: string) => parseDocument(text, { uniqueKeys: true, strict: true }).toJS();
const ROOT = new URL("../../../", import.meta.url);

describe("the config's fast reader", () => {
  it.each([
    "yes", "no", "on", "off", "y", "n", "~", "null", "Null", "NULL", "", "true", "True", "FALSE", "tRue",
    "0775", "0o17", "0x1F", "0X1F", "0b101", "1_000", "+12", "-0", "12.", ".5", "-.5", "1e3", "1.5E-3", ".inf", "-.Inf", ".NaN", ".nan.",
    "1:30", "2020-01-01", "2020-01-01T00:00:00Z", "64Mi", "100m", "0.5", "1.27.4-alpine", "=", "<<", "'quoted'", '"dq \\u0041"',
    "[1, 2]", "{a: 1}", "|\n  block\n  text\n", ">\n  folded\n  text\n", "# comment only",
  ])("reads %j as the positional parser does", (scalar) => {
    const text = `k: ${scalar}\n`;
    const fast = fastReadConfig(text);
    // Every case here is one the fast reader takes: a case it declined would compare nothing.
    expect(fast, "the fast reader declined this text").not.toBeUndefined();
    expect(fast).toEqual(slow(text));
  });

  it("declines `k: a: b` (a syntax error, for the positional parser to report), which the positional parser refuses", () => {
    expect(fastReadConfig("k: a: b\n")).toBeUndefined();
    expect(parseDocument("k: a: b\n", { uniqueKeys: true, strict: true }).errors.length).toBeGreaterThan(0);
  });

  it("leaves anchors, aliases and tags to the positional parser (it caps alias expansion)", () => {
    expect(fastReadConfig("a: &x 1\nb: *x\n")).toBeUndefined();
    expect(fastReadConfig("a: !!str 1\n")).toBeUndefined();
    expect(fastReadConfig('a: "*.log"\nb: "hi!"\n')).toEqual({ a: "*.log", b: "hi!" });
  });

  it("refuses what the positional parser must report: duplicate keys, several documents, syntax errors", () => {
    expect(fastReadConfig("a: 1\na: 2\n")).toBeUndefined();
    expect(fastReadConfig("a: 1\n---\nb: 2\n")).toBeUndefined();
    expect(fastReadConfig("a: [1\n")).toBeUndefined();
  });

  it("reads every example and fixture config, and a 100-app benchmark config, exactly as the positional parser", () => {
    const configs = [
      ...Object.values(fixtureConfigs()),
      ...readdirSync(new URL("examples/", ROOT)).filter((f) => f.endsWith(".yaml")).map((f) => readFileSync(new URL(`examples/${f}`, ROOT), "utf8")),
      benchConfig(100),
    ];
    for (const text of configs) {
      const fast = fastReadConfig(text);
      expect(fast).toBeDefined();
      expect(fast).toEqual(slow(text));
    }
  });
});
