import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { CompileCache } from "../../../generator/validate/compile-cache.js";
import { tempDir } from "../../helpers/tree.js";

const SCHEMA_TEXT = JSON.stringify({
  type: "object",
  additionalProperties: false,
  required: ["kind"],
  properties: { kind: { type: "string" }, replicas: { type: "integer", minimum: 0 }, spec: { $ref: "#/definitions/spec" } },
  definitions: { spec: { type: "object", properties: { name: { type: "string", pattern: "^[a-z]+$" } } } },
});
const ajv = () => new Ajv({ allErrors: true, strict: false, verbose: true, code: { source: true } });
const DOCS = [{ kind: "A" }, { kind: "A", replicas: -1, extra: 1 }, { spec: { name: "X1" } }, { kind: 3, replicas: "2" }];

describe("the schema compile cache", () => {
  it("stores a compiled validator once and loads one that gives the same verdicts and errors", () => {
    const dir = tempDir();
    const first = new CompileCache(dir, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
    expect(readdirSync(dir).filter((f) => f.endsWith(".cjs"))).toHaveLength(1);
    const second = new CompileCache(dir, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
    expect(second).not.toBe(first);
    for (const doc of DOCS) {
      expect(second(doc)).toBe(first(doc));
      const strip = (errs: typeof first.errors) => (errs ?? []).map((e) => [e.instancePath, e.keyword, e.message, e.params]);
      expect(strip(second.errors)).toEqual(strip(first.errors));
    }
    expect(first(DOCS[1])).toBe(false);
  });

  it("keys on the schema bytes, the variant and the options", () => {
    const dir = tempDir();
    new CompileCache(dir, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
    new CompileCache(dir, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "relaxed");
    new CompileCache(dir, "other").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
    new CompileCache(dir, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), `${SCHEMA_TEXT} `, "as-is");
    expect(readdirSync(dir).filter((f) => f.endsWith(".cjs"))).toHaveLength(4);
  });

  it("recompiles over a damaged entry, and works without a cache folder", () => {
    const dir = tempDir();
    new CompileCache(dir, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
    const [entry] = readdirSync(dir);
    writeFileSync(join(dir, entry!), "this is not javascript {");
    const v = new CompileCache(dir, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
    expect([v({ kind: "A" }), v({})]).toEqual([true, false]);
    const none = new CompileCache(undefined, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
    expect([none({ kind: "A" }), none({})]).toEqual([true, false]);
  });

  it("forProject: under node_modules/.cache/sidecar-gitops/ajv, and nothing at all with SIDECAR_GITOPS_NO_CACHE=1", () => {
    const saved = process.env.SIDECAR_GITOPS_NO_CACHE;
    const cacheOf = (root: string) => join(root, "node_modules", ".cache", "sidecar-gitops", "ajv");
    try {
      const off = tempDir();
      process.env.SIDECAR_GITOPS_NO_CACHE = "1";
      const v = CompileCache.forProject(off, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
      expect([v({ kind: "A" }), v({})]).toEqual([true, false]);
      expect(existsSync(join(off, "node_modules"))).toBe(false);

      const on = tempDir();
      process.env.SIDECAR_GITOPS_NO_CACHE = "0";
      CompileCache.forProject(on, "opts").compile(ajv(), JSON.parse(SCHEMA_TEXT), SCHEMA_TEXT, "as-is");
      expect(readdirSync(cacheOf(on)).filter((f) => f.endsWith(".cjs"))).toHaveLength(1);
    } finally {
      if (saved === undefined) delete process.env.SIDECAR_GITOPS_NO_CACHE;
      else process.env.SIDECAR_GITOPS_NO_CACHE = saved;
    }
  });
});

describe("compileLazily", () => {
  it("prepares the schema only when the cache misses (a hit reads no schema)", () => {
    const dir = tempDir();
    let prepared = 0;
    const prepare = () => {
      prepared++;
      return { ajv: ajv(), schema: JSON.parse(SCHEMA_TEXT) as object };
    };
    const first = new CompileCache(dir, "opts").compileLazily(SCHEMA_TEXT, "as-is", prepare);
    const second = new CompileCache(dir, "opts").compileLazily(SCHEMA_TEXT, "as-is", prepare);
    expect(prepared).toBe(1);
    for (const doc of DOCS) expect(second(doc)).toBe(first(doc));
    // Without a cache folder it prepares every time.
    new CompileCache(undefined, "opts").compileLazily(SCHEMA_TEXT, "as-is", prepare);
    expect(prepared).toBe(2);
  });
});
