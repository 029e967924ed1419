/** docs/errors.md lists every code the source can emit, and only those. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../../", import.meta.url).pathname;
const CODE = /\b(CFG|MDL|DEL|RND|WRT|VAL|POL)\d{3}\b/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|mts|js)$/.test(e.name) && !e.name.includes(".gen.") ? [p] : [];
  });
}

/** Codes in string literals of the generator: "CFG010", `…(WRT002)…`, code: missing ? "VAL003" : "VAL005". */
function emittedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(join(ROOT, "generator"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/"((CFG|MDL|DEL|RND|WRT|VAL|POL)\d{3})"/g)) if (!found.has(m[1]!)) found.set(m[1]!, file.slice(ROOT.length));
  }
  return found;
}

describe("docs/errors.md", () => {
  const doc = readFileSync(join(ROOT, "docs", "errors.md"), "utf8");
  const documented = new Set([...doc.matchAll(/^(?:\| |- )((?:CFG|MDL|DEL|RND|WRT|VAL|POL)\d{3})\b/gm)].map((m) => m[1]!));

  it("finds the codes the source emits (the grep itself works)", () => {
    const codes = [...emittedCodes().keys()];
    for (const c of ["CFG004", "MDL001", "RND001", "WRT002", "VAL001", "VAL004", "POL001"]) expect(codes).toContain(c);
  });

  it("documents every code the source can emit", () => {
    const undocumented = [...emittedCodes()].filter(([code]) => !documented.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(undocumented, "add these codes to docs/errors.md").toEqual([]);
  });

  it("documents no code the source cannot emit", () => {
    const emitted = emittedCodes();
    expect([...documented].filter((c) => !emitted.has(c))).toEqual([]);
    expect(doc.match(CODE)?.length).toBeGreaterThan(0);
  });
});
