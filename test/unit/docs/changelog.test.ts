/** CHANGELOG.md records every version's changes to the rendered output, starting with the current one. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (rel: string) => readFileSync(new URL(`../../../${rel}`, import.meta.url), "utf8");

describe("CHANGELOG.md", () => {
  const text = read("CHANGELOG.md");
  const versions = [...text.matchAll(/^## (\S+)/gm)].map((m) => m[1]!);

  it("has a section for the version in package.json, and it comes first", () => {
    const { version } = JSON.parse(read("package.json")) as { version: string };
    expect(versions[0]).toBe(version);
  });

  it("every version's section says what changes in the rendered output", () => {
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) {
      const body = text.slice(text.indexOf(`## ${v}\n`)).split(/^## /m)[1]!;
      expect(body, v).toMatch(/^### Rendered output\n\n- /m);
    }
  });

  it("ships in the package", () => {
    expect((JSON.parse(read("package.json")) as { files: string[] }).files).toContain("CHANGELOG.md");
  });
});
