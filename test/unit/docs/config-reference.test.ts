import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../../generator/config/validate.js";
import { collectFields, renderConfigReference } from "../../../generator/docs/config-reference.js";

describe("config reference", () => {
  it("docs/config-reference.md is up to date with the schema (run `npm run docs`)", () => {
    const committed = readFileSync(new URL("../../../docs/config-reference.md", import.meta.url), "utf8");
    expect(committed).toBe(renderConfigReference(configSchema()));
  });

  it("documents every field with a description, following $refs", () => {
    const fields = collectFields(configSchema() as never);
    const paths = fields.map((f) => f.path);
    for (const p of ["project.name", "apps[].main.tag", "apps[].sidecars[type=custom].command", "apps[].sidecars[type=log-shipper].output.host", "apps[].volumes[].emptyDir.sizeLimit", "environments.<name>.namespace"]) {
      expect(paths).toContain(p);
    }
    expect(fields.filter((f) => f.description === "").map((f) => f.path)).toEqual([]);
    expect(fields.find((f) => f.path === "apps[].kind")).toMatchObject({ default: '"Deployment"', required: false });
  });

  it("never lets a description break the table", () => {
    const md = renderConfigReference({ description: "x", type: "object", properties: { a: { type: "string", description: "has | pipe\nand newline" } } });
    expect(md).toContain("| `a` | string |  |  | has \\| pipe and newline |");
  });
});
