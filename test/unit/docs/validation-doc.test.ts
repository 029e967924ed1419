/** docs/validation.md lists every semantic rule code the validator can emit (API0xx), and only those. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../../", import.meta.url).pathname;
const SEMANTIC = join(ROOT, "generator", "validate", "semantic");

function emittedCodes(): Set<string> {
  const codes = new Set<string>();
  for (const f of readdirSync(SEMANTIC)) {
    for (const m of readFileSync(join(SEMANTIC, f), "utf8").matchAll(/"(API\d{3})"/g)) codes.add(m[1]!);
  }
  return codes;
}

describe("docs/validation.md", () => {
  const doc = readFileSync(join(ROOT, "docs", "validation.md"), "utf8");
  const documented = new Set([...doc.matchAll(/^\| (API\d{3}) \|/gm)].map((m) => m[1]!));

  it("finds the codes (the grep itself works)", () => {
    expect(emittedCodes()).toContain("API019");
    expect(documented).toContain("API019");
  });

  it("documents every code the semantic stage emits, with an upstream source", () => {
    expect([...emittedCodes()].filter((c) => !documented.has(c))).toEqual([]);
    for (const row of doc.matchAll(/^\| (API\d{3}) \|(.*)\|(.*)\|$/gm)) expect(row[3]!.trim(), row[1]).not.toBe("");
  });

  it("documents no code the semantic stage cannot emit", () => {
    const emitted = emittedCodes();
    expect([...documented].filter((c) => !emitted.has(c))).toEqual([]);
  });
});
