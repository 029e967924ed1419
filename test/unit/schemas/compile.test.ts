import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ajvClassFor, compileFile, CRDS_DIR, KUBERNETES_DIR, listJson } from "./helpers.js";

const files = [...listJson(KUBERNETES_DIR).map((f) => join(KUBERNETES_DIR, f)), ...listJson(CRDS_DIR).map((f) => join(CRDS_DIR, f))];

describe("committed schemas compile with ajv", () => {
  it("there are 24 of them", () => {
    expect(files.length).toBe(24);
  });

  for (const file of files) {
    const name = file.slice(file.indexOf("schemas/"));
    it(`${name} compiles`, () => {
      const schema = JSON.parse(readFileSync(file, "utf8")) as { $schema?: string; type?: unknown };
      expect(ajvClassFor(schema)).toBe("draft-07");
      expect(typeof compileFile(file)).toBe("function");
      expect(schema.type).toBe("object");
    }, 60_000);
  }
});
