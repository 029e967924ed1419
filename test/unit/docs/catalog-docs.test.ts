import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../../generator/config/validate.js";
import { CATALOG_EXAMPLES, renderCatalogDocs } from "../../../generator/docs/catalog-docs.js";
import { REFERENCE_CONFIG } from "../../helpers/fixture-configs.js";

const ROOT = new URL("../../../", import.meta.url);
// The catalog shows date-logger from the demo's gitops.config.yaml: the reference fixture is that file as this
// repository ships it, so the docs are tested whatever config sits at the root (`npm run docs` reads the root one).
const fromRepo = (path: string) => readFileSync(new URL(path, ROOT), "utf8");
const readText = (path: string) => (path === "gitops.config.yaml" ? REFERENCE_CONFIG : fromRepo(path));

describe("docs/sidecar-catalog.md", () => {
  const md = renderCatalogDocs(configSchema(), readText);

  it("is up to date with the schema and the examples (run `npm run docs`)", () => {
    expect(readText("docs/sidecar-catalog.md")).toBe(md);
  });

  it("has a section for every sidecar type of the schema, each with its example and rendered container", () => {
    const defs = (configSchema() as { definitions: Record<string, { oneOf?: { $ref: string }[]; properties?: { type?: { const?: string } } }> }).definitions;
    const types = defs.sidecar!.oneOf!.map((r) => defs[r.$ref.split("/").pop()!]!.properties!.type!.const);
    expect(CATALOG_EXAMPLES.map((e) => e.type).sort()).toEqual([...types].sort());
    for (const ex of CATALOG_EXAMPLES) {
      const section = md.slice(md.indexOf(`## \`${ex.type}\``));
      expect(section).toContain(`In [${ex.config}]`);
      expect(section).toContain(`- name: ${ex.sidecar}\n`);
    }
    // Generated config files are shown as rendered.
    expect(md).toContain("[INPUT]\n    Name               tail");
    expect(md).toContain("listen upstream\n    bind 127.0.0.1:9000");
  });

  it("describes every field of every type's table (none left empty)", () => {
    const rows = md.split("\n").filter((l) => /^\| `[^`]+` \|/.test(l));
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((l) => l.endsWith("|  |")).map((l) => l.split("|")[1]!.trim())).toEqual([]);
    expect(md).toMatch(/\| `command` \|  \|  \| Overrides the image's entrypoint/);
  });
});
