/**
 * The semantic corpus (test/fixtures/semantic, issue 11): manifests the API server refuses although
 * kubeconform accepts them, and valid look-alikes, taken from the Kubernetes v1.33 validation tests. Every
 * case must be valid under the strict schemas (the kubeconform mode says valid), and checkSemantics must
 * give exactly the expected (code, field) pairs, no more and no fewer. The real kube-apiserver's verdicts on
 * the same files are checked by test/oracles/apiserver-semantic.test.ts.
 */
import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { checkSemantics, formatFieldError } from "../../../../generator/validate/semantic/index.js";
import { DEFAULT_LOCATIONS, loadCelStage, SchemaRegistry, validateYamlText } from "../../../../generator/validate/index.js";
import { loadSemanticCorpus, pairKey, parseCase, SEMANTIC_CORPUS } from "../../../helpers/semantic-corpus.js";

const corpus = loadSemanticCorpus();
const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
const kubeconformMode = { registry, strict: true, ignoreMissingSchemas: false, skip: new Set<string>(), reject: new Set<string>() };
const SEMANTIC_DIR = new URL("../../../../generator/validate/semantic/", import.meta.url);

/** Every rule code the semantic module can emit, read from its sources. */
function moduleCodes(): string[] {
  const codes = new Set<string>();
  for (const f of readdirSync(SEMANTIC_DIR).filter((f) => f.endsWith(".ts"))) {
    for (const m of readFileSync(new URL(f, SEMANTIC_DIR), "utf8").matchAll(/"(API\d{3})"/g)) codes.add(m[1]!);
  }
  return [...codes].sort();
}

describe("the semantic corpus", () => {
  beforeAll(() => loadCelStage());
  it("has the cases and folders the README describes", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(140);
    expect(new Set(corpus.map((c) => c.name.split("/")[0]))).toEqual(new Set(["meta", "pod", "workloads", "service", "config-data"]));
    expect(readFileSync(new URL("README.md", `file://${SEMANTIC_CORPUS}`), "utf8")).toContain("Apache-2.0");
  });

  it("covers every code the module emits with a refused case and a valid look-alike", () => {
    const codes = moduleCodes();
    expect(codes.length).toBeGreaterThanOrEqual(36);
    for (const code of codes) {
      const refused = corpus.filter((c) => c.expected.some((e) => e.code === code));
      const lookAlikes = corpus.filter((c) => c.expected.length === 0 && c.name.split("/")[1]!.startsWith(`${code.toLowerCase()}-`));
      expect(refused.length, `${code}: no refused case`).toBeGreaterThan(0);
      expect(lookAlikes.length, `${code}: no valid look-alike (a file named ${code.toLowerCase()}-...-valid.yaml)`).toBeGreaterThan(0);
    }
  });

  it("counts the cases per code in the README as they are", () => {
    const readme = readFileSync(new URL("README.md", `file://${SEMANTIC_CORPUS}`), "utf8");
    const rows = [...readme.matchAll(/^\| (API\d{3}) \| .* \| (\d+) \| (\d+) \|$/gm)].map((m) => [m[1], Number(m[2]), Number(m[3])]);
    const counted = moduleCodes().map((code) => [
      code,
      corpus.filter((c) => c.expected.some((e) => e.code === code)).length,
      corpus.filter((c) => c.expected.length === 0 && c.name.split("/")[1]!.startsWith(`${code.toLowerCase()}-`)).length,
    ]);
    expect(rows).toEqual(counted);
    const valid = corpus.filter((c) => c.expected.length === 0).length;
    expect(readme).toContain(`${corpus.length} cases: ${corpus.length - valid} refused, ${valid} valid.`);
  });

  it("names valid cases *-valid.yaml and nothing else so", () => {
    for (const c of corpus) expect(c.name.endsWith("-valid.yaml"), c.name).toBe(c.expected.length === 0);
  });

  it("cites an upstream source in every case", () => {
    for (const c of corpus) expect(c.source, c.name).toMatch(/\.go\b|encoding\/(json|base64)/);
  });

  it("reads the header: expect lines, expect-server, and refuses a malformed one", () => {
    const c = parseCase(`${SEMANTIC_CORPUS}x/y.yaml`, "# source: s\n# expect: API019 a.b[c]\n# expect: API019 a.b[c]\n# expect-server: refused text here\nkind: X\n");
    expect(c).toMatchObject({ name: "x/y.yaml", expected: [{ code: "API019", field: "a.b[c]" }, { code: "API019", field: "a.b[c]" }], server: { verdict: "refused", text: "text here" } });
    expect(() => parseCase("f.yaml", "# expect: valid\n")).toThrow(/source/);
    expect(() => parseCase("f.yaml", "# source: s\n")).toThrow(/expect/);
    expect(() => parseCase("f.yaml", "# source: s\n# expect: valid\n# expect: API001 metadata.name\n")).toThrow(/valid/);
    expect(() => parseCase("f.yaml", "# source: s\n# expect: API1 x\n")).toThrow(/bad expect/);
    expect(() => parseCase("f.yaml", "# source: s\n# expect: valid\n# expect-server: refused\n")).toThrow(/text/);
  });
});

describe.each(corpus.map((c) => [c.name, c] as const))("%s", (_name, c) => {
  it("is valid under the strict schemas (kubeconform mode, no semantic stage)", () => {
    const results = validateYamlText(c.name, c.text, kubeconformMode);
    expect(results.map((r) => [r.status, r.msg])).toEqual([["valid", ""]]);
  });

  it("gives exactly the expected (code, field) pairs", () => {
    const docs = parseAllDocuments(c.text, { version: "1.1" });
    expect(docs).toHaveLength(1);
    const errors = checkSemantics(docs[0]!.toJS());
    const got = errors.map(pairKey).sort();
    expect(got, errors.map(formatFieldError).join("\n")).toEqual(c.expected.map(pairKey).sort());
  });

  it("is refused by the semantic stage of the validator exactly when errors are expected", () => {
    const [r] = validateYamlText(c.name, c.text, { ...kubeconformMode, semantic: true });
    expect(r!.status).toBe(c.expected.length === 0 ? "valid" : "invalid");
    expect(r!.validationErrors.map((e) => e.code).sort()).toEqual(c.expected.map((e) => e.code).sort());
  });
});
