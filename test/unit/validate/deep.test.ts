import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deepHelperCode } from "../../../generator/validate/deep.js";
import { DEFAULT_LOCATIONS, SchemaRegistry, validatePaths, validateYamlText } from "../../../generator/validate/index.js";
import type { Result } from "../../../generator/validate/validator.js";
import { maxFlowDepth } from "../../../generator/validate/yaml/lexical.js";

// go-yaml v2 reads up to 10,000 nested flow levels (scannerc.go: max_flow_level); deeper is "exceeded max depth
// of 10000". Deeper than our stack allows, a document is validated on deep.ts's helper thread; a file that
// exhausts a limit gets its own error and the other files keep their results.
const app = (value: string) =>
  "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: app\nspec:\n  project: default\n  destination:\n    server: https://kubernetes.default.svc\n" +
  `  source:\n    repoURL: https://example.com/r.git\n    helm:\n      valuesObject:\n        k: ${value}\n`;
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedMap = (depth: number) => `${"{a: ".repeat(depth)}1${"}".repeat(depth)}`;

const dir = mkdtempSync(join(tmpdir(), "deep-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("deeply nested documents", () => {
  const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
  const options = { registry, strict: true, ignoreMissingSchemas: false, skip: new Set<string>(), reject: new Set<string>() };

  // At each limit's edge, with real kubeconform v0.7.0's verdicts and messages: go-yaml's 10,000 flow levels, and
  // Go's encoding/json's 10,000 levels of maps and sequences together (the Application's own five levels
  // included), which kubeconform's YAML -> JSON round trip meets first.
  it("the flow and JSON depth limits, just under and just over, and a small file beside them keeps its result", () => {
    const cases: Array<[string, string, string]> = [
      ["json-9995", app(nested(9995)), "valid"],
      ["json-9996", app(nested(9996)), "error unmarshalling resource: error unmarshaling JSON: while decoding JSON: invalid character '[' exceeded max depth"],
      ["json-map-9995", app(nestedMap(9995)), "valid"],
      ["json-map-9996", app(nestedMap(9996)), "error unmarshalling resource: error unmarshaling JSON: while decoding JSON: invalid character '{' exceeded max depth"],
      ["flow-10000", app(nested(10000)), "error unmarshalling resource: error unmarshaling JSON: while decoding JSON: invalid character '[' exceeded max depth"],
      ["flow-10001", app(nested(10001)), "error unmarshalling resource: error converting YAML to JSON: yaml: line 13: exceeded max depth of 10000"],
      ["root-10000", `${nested(10000)}\n`, "error unmarshalling resource: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"],
      ["root-10001", `${nested(10001)}\n`, "error unmarshalling resource: error converting YAML to JSON: yaml: exceeded max depth of 10000"],
      ["small", app("1"), "valid"],
    ];
    const files = cases.map(([name, text]) => {
      const f = join(dir, `${name}.yaml`);
      writeFileSync(f, text);
      return f;
    });
    const results = validatePaths(files, options);
    expect(results.map((r) => [r.resource.path.slice(dir.length + 1), r.status === "valid" ? "valid" : r.msg])).toEqual(cases.map(([name, , want]) => [`${name}.yaml`, want]));
  }, 120_000);

  // The helper thread used to load the TypeScript through tsx and to validate with the schema only. A document
  // deep enough to need it must get exactly what the same document, shallow, gets on this thread.
  it("the helper runs the -n workers' bundle and the same stages: schema, semantic, CEL and policy", () => {
    const fields = (depth: number) => `${"{f: ".repeat(depth)}{}${"}".repeat(depth)}`;
    const managed = (depth: number) => `  managedFields:\n    - manager: m\n      operation: Apply\n      fieldsType: FieldsV1\n      fieldsV1: ${fields(depth)}\n`;
    // A semantic finding (an invalid name), a CEL one (kubeConfig needs one of its refs) and a policy one (a Pod
    // that is not restricted), each beside managedFields nested `depth` levels deep.
    const docs = (depth: number) => [
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: Bad_Name\n  namespace: flux-system\n${managed(depth)}spec:\n  interval: 5m\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: repo\n  kubeConfig: {}\n`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${managed(depth)}spec:\n  containers:\n    - name: c\n      image: nginx:1.27\n`,
    ];
    const policy = { fixes: { "run-as-non-root": "set runAsNonRoot" }, fallback: "fix it", suffix: "(policy)" };
    const opts = { ...options, semantic: true, policy };
    const strip = (r: Result) => [r.status, r.signature.kind, r.validationErrors.map((e) => [e.code, e.path, e.msg, e.hint])];
    const shallow = docs(2).flatMap((d) => validateYamlText("f.yaml", d, opts)).map(strip);
    const deep = docs(5000).flatMap((d) => validateYamlText("f.yaml", d, opts)).map(strip);
    expect(deepHelperCode()).toBe("bundle");
    const codes = shallow.flatMap((r) => (r[2] as string[][]).map((e) => e[0]!.slice(0, 3)));
    expect(new Set(codes)).toEqual(new Set(["API", "CEL", "POL"]));
    expect(deep).toEqual(shallow);
  }, 120_000);

  it("maxFlowDepth counts flow levels without recursion, outside strings", () => {
    expect(maxFlowDepth(`a: ${nested(20_000)}\n`)).toBe(20_000);
    expect(maxFlowDepth('a: "[[[["\nb: [{c: [1]}]\n')).toBe(3);
  });
});
