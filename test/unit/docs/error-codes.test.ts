import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../helpers/fixtures.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("docs/errors.md", () => {
  const used = [...new Set(sources(join(REPO_ROOT, "generator")).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/"((?:CFG|MDL|DEL|RND|WRT|VAL|POL)\d{3})"/g)].map((m) => m[1]!)))].sort();
  const documented = [...new Set([...readFileSync(join(REPO_ROOT, "docs/errors.md"), "utf8").matchAll(/^(?:\| |- )((?:CFG|MDL|DEL|RND|WRT|VAL|POL)\d{3})\b/gm)].map((m) => m[1]!))].sort();

  it("documents every diagnostic code the generator emits, and no other", () => {
    expect(used.length).toBeGreaterThanOrEqual(30);
    expect(documented).toEqual(used);
  });
});
