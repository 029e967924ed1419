import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_LOCATIONS, SchemaRegistry, validatePaths } from "../../../generator/validate/index.js";
import { maxFlowDepth } from "../../../generator/validate/yaml/lexical.js";

// go-yaml v2 reads up to 10,000 nested flow levels (scannerc.go: max_flow_level); deeper is "exceeded max depth
// of 10000". Deeper than our stack allows, a document is validated on deep.ts's helper thread; a file that
// exhausts a limit gets its own error and the other files keep their results.
const app = (value: string) =>
  "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: app\nspec:\n  project: default\n  destination:\n    server: https://kubernetes.default.svc\n" +
  `  source:\n    repoURL: https://example.com/r.git\n    helm:\n      valuesObject:\n        k: ${value}\n`;
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

const dir = mkdtempSync(join(tmpdir(), "deep-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("deeply nested documents", () => {
  const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
  const options = { registry, strict: true, ignoreMissingSchemas: false, skip: new Set<string>(), reject: new Set<string>() };

  it("2,500, 5,000 and 9,000 levels are valid, 11,000 is an error, and a small file beside them keeps its result", () => {
    const files = [2500, 5000, 9000, 11000].map((d) => {
      const f = join(dir, `nested-${d}.yaml`);
      writeFileSync(f, app(nested(d)));
      return f;
    });
    const small = join(dir, "small.yaml");
    writeFileSync(small, app("1"));
    const results = validatePaths([...files, small], options);
    expect(results.map((r) => r.status)).toEqual(["valid", "valid", "valid", "error", "valid"]);
    expect(results[3]!.msg).toContain("exceeded max depth of 10000");
  }, 60_000);

  it("maxFlowDepth counts flow levels without recursion, outside strings", () => {
    expect(maxFlowDepth(`a: ${nested(20_000)}\n`)).toBe(20_000);
    expect(maxFlowDepth('a: "[[[["\nb: [{c: [1]}]\n')).toBe(3);
  });
});
