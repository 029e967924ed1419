// The CRD CEL rules in the committed schemas come from the real CRDs (schema-sources/crds, copies of
// test/oracles/crds with the same provenance), at the same places, and nowhere else.
import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { mergeCelRules, readCrdRules, RULES_KEY } from "../../../generator/schemas/cel-rules.js";
import { CRD_KINDS, crdFileName } from "../../../generator/schemas/kinds.js";
import { CRDS_DIR, REPO_ROOT } from "./helpers.js";

const SOURCES = join(REPO_ROOT, "schema-sources");
const ORACLE_CRDS = join(REPO_ROOT, "test", "oracles", "crds");

type Entry = { file: string; sha256: string };
const provenance = (dir: string) => (JSON.parse(readFileSync(join(dir, "provenance.json"), "utf8")) as { crds: Entry[] }).crds;

/** Every x-kubernetes-validations list in a JSON tree, by path of keys. */
function sitesOf(node: unknown, path: string[] = [], out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(node)) node.forEach((x, i) => sitesOf(x, [...path, String(i)], out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === RULES_KEY) out.set(`/${path.join("/")}`, v);
      else sitesOf(v, [...path, k], out);
    }
  }
  return out;
}

describe("CRD CEL rules in the schema build", () => {
  it("schema-sources/crds holds byte copies of the vendored oracle CRDs, with the same provenance and sha256", () => {
    const ours = provenance(join(SOURCES, "crds"));
    const oracle = provenance(ORACLE_CRDS);
    expect(ours.length).toBeGreaterThan(0);
    for (const c of ours) {
      expect(oracle.find((o) => o.file === c.file), c.file).toEqual(c);
      const bytes = readFileSync(join(SOURCES, "crds", c.file));
      expect(createHash("sha256").update(bytes).digest("hex"), c.file).toBe(c.sha256);
      expect(bytes.equals(readFileSync(join(ORACLE_CRDS, c.file))), c.file).toBe(true);
    }
  });

  it("every vendored oracle CRD with rules is among the sources (none is left out)", () => {
    const withRules = provenance(ORACLE_CRDS).filter((c) => readFileSync(join(ORACLE_CRDS, c.file), "utf8").includes(`${RULES_KEY}:`));
    expect(withRules.map((c) => c.file).sort()).toEqual(provenance(join(SOURCES, "crds")).map((c) => c.file).sort());
  });

  it("the committed CRD schemas carry exactly the real CRDs' rules, at the real paths", () => {
    const rules = readCrdRules(SOURCES);
    expect([...rules.keys()].sort()).toEqual(["kustomize.toolkit.fluxcd.io/Kustomization/v1", "source.toolkit.fluxcd.io/GitRepository/v1"]);
    let total = 0;
    for (const k of CRD_KINDS) {
      const committed = sitesOf(JSON.parse(readFileSync(join(CRDS_DIR, crdFileName(k)), "utf8")));
      const real = rules.get(`${k.group}/${k.kind}/${k.version}`);
      const expected = new Map((real?.sites ?? []).map((s) => [`/${s.path.join("/")}`, s.rules]));
      expect(committed, crdFileName(k)).toEqual(expected);
      total += [...committed.values()].flat().length;
    }
    expect(total).toBe(3);
    // The rules as published (the YAML), e.g. Kustomization's spec.kubeConfig pair.
    const crd = parse(readFileSync(join(ORACLE_CRDS, "kustomize.toolkit.fluxcd.io_kustomizations.yaml"), "utf8"));
    const kubeConfig = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.kubeConfig;
    expect(rules.get("kustomize.toolkit.fluxcd.io/Kustomization/v1")!.sites).toEqual([{ path: ["properties", "spec", "properties", "kubeConfig"], rules: kubeConfig[RULES_KEY] }]);
  });

  it("fails the build on a file whose sha256 differs from its provenance", () => {
    const dir = mkdtempSync(join(tmpdir(), "cel-rules-"));
    try {
      cpSync(join(SOURCES, "crds"), join(dir, "crds"), { recursive: true });
      const file = join(dir, "crds", provenance(join(SOURCES, "crds"))[0]!.file);
      writeFileSync(file, readFileSync(file, "utf8") + "\n# edited\n");
      expect(() => readCrdRules(dir)).toThrow(/sha256/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails the build on a rule whose place the built schema does not have, and keeps additionalProperties last", () => {
    const kind = CRD_KINDS.find((k) => k.kind === "GitRepository")!;
    const rules = { source: "test", sites: [{ path: ["properties", "spec", "properties", "nope"], rules: [{ rule: "true" }] }] };
    expect(() => mergeCelRules({ properties: { spec: { type: "object" } } }, kind, rules)).toThrow(/does not have/);
    const merged = mergeCelRules(
      { properties: { spec: { type: "object", properties: {}, additionalProperties: false } } },
      kind,
      { source: "test", sites: [{ path: ["properties", "spec"], rules: [{ rule: "true", message: "m" }] }] },
    );
    const spec = (merged.properties as Record<string, Record<string, unknown>>).spec!;
    expect(Object.keys(spec)).toEqual(["properties", "type", RULES_KEY, "additionalProperties"]);
    expect(Object.keys((spec[RULES_KEY] as object[])[0]!)).toEqual(["message", "rule"]);
  });
});
