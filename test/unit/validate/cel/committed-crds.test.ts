// Every CEL rule of the committed CRD schemas (schemas/crds: the Flux GitRepository and Kustomization rules,
// from the real CRDs), found through the registry the validator uses, with failing and passing inputs.
// test/oracles/cel-rules.test.ts checks the same verdicts and messages against a real kube-apiserver.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkCelRules } from "../../../../generator/validate/cel/index.js";
import { DEFAULT_LOCATIONS, SchemaRegistry } from "../../../../generator/validate/registry.js";
import { REPO_ROOT } from "../../../helpers/fixtures.js";

const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
const schemaOf = (kind: string, apiVersion: string) => {
  const loaded = registry.schemaFor(kind, apiVersion)!;
  expect(loaded.hasCelRules).toBe(true);
  return loaded.schema;
};

const GIT_MESSAGE = `spec: Invalid value: "object": serviceAccountName can only be set when provider is 'azure' or 'aws'`;
const KUBECONFIG_MESSAGE = 'spec.kubeConfig: Invalid value: "object": exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified';

function gitRepository(spec: Record<string, unknown>) {
  return { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", metadata: { name: "g", namespace: "flux-system" }, spec: { interval: "5m", url: "https://github.com/example/gitops", ...spec } };
}
function kustomization(spec: Record<string, unknown>) {
  return {
    apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", metadata: { name: "k", namespace: "flux-system" },
    spec: { interval: "5m", prune: true, sourceRef: { kind: "GitRepository", name: "g" }, ...spec },
  };
}

describe("the committed CRD schemas' CEL rules", () => {
  it("the registry gives the parsed schema and tells which files carry rules", () => {
    expect(registry.schemaFor("Deployment", "apps/v1")!.hasCelRules).toBe(false);
    expect(registry.schemaFor("Application", "argoproj.io/v1alpha1")!.hasCelRules).toBe(false);
    const git = registry.schemaFor("GitRepository", "source.toolkit.fluxcd.io/v1")!;
    expect(git.schema).toBe(git.schema); // parsed once
    expect((git.schema.properties as Record<string, Record<string, unknown>>).spec!["x-kubernetes-validations"]).toHaveLength(1);
  });

  describe("GitRepository spec: !has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))", () => {
    it.each([
      ["serviceAccountName with provider generic", { provider: "generic", serviceAccountName: "sa" }, [GIT_MESSAGE]],
      ["serviceAccountName without a provider", { serviceAccountName: "sa" }, [GIT_MESSAGE]],
      ["serviceAccountName with provider github", { provider: "github", serviceAccountName: "sa" }, [GIT_MESSAGE]],
      ["serviceAccountName with provider azure", { provider: "azure", serviceAccountName: "sa" }, []],
      ["serviceAccountName with provider aws", { provider: "aws", serviceAccountName: "sa" }, []],
      ["no serviceAccountName", { provider: "generic" }, []],
      ["nothing optional", {}, []],
    ])("%s", (_t, spec, expected) => {
      const r = checkCelRules(gitRepository(spec), schemaOf("GitRepository", "source.toolkit.fluxcd.io/v1"));
      expect(r.findings.map((f) => f.message)).toEqual(expected);
      expect(r.skipped).toEqual([]);
    });

    it("the corpus manifest that breaks the rule (kubeconform: valid) is refused, located at /spec", () => {
      const obj = parse(readFileSync(join(REPO_ROOT, "test/fixtures/corpus/crds/flux-gitrepository-cel-rule.yaml"), "utf8"));
      const { findings } = checkCelRules(obj, schemaOf("GitRepository", "source.toolkit.fluxcd.io/v1"));
      expect(findings).toEqual([
        {
          code: "CEL001", pointer: "/spec", path: "spec", message: GIT_MESSAGE, detail: "serviceAccountName can only be set when provider is 'azure' or 'aws'",
          reason: "FieldValueInvalid", rule: "!has(self.serviceAccountName) || (has(self.provider) && (self.provider == 'azure' || self.provider == 'aws'))",
          schemaPointer: "/properties/spec/x-kubernetes-validations/0",
        },
      ]);
    });
  });

  describe("Kustomization spec.kubeConfig: exactly one of configMapRef or secretRef", () => {
    it.each([
      ["an empty kubeConfig (has(self.configMapRef) || has(self.secretRef) fails)", {}, [KUBECONFIG_MESSAGE]],
      ["both refs (!has(self.configMapRef) || !has(self.secretRef) fails)", { configMapRef: { name: "a" }, secretRef: { name: "b" } }, [KUBECONFIG_MESSAGE]],
      ["only secretRef", { secretRef: { name: "b" } }, []],
      ["only configMapRef", { configMapRef: { name: "a" } }, []],
    ])("%s", (_t, kubeConfig, expected) => {
      const { findings } = checkCelRules(kustomization({ kubeConfig }), schemaOf("Kustomization", "kustomize.toolkit.fluxcd.io/v1"));
      expect(findings.map((f) => f.message)).toEqual(expected);
      for (const f of findings) expect([f.pointer, f.path, f.code]).toEqual(["/spec/kubeConfig", "spec.kubeConfig", "CEL001"]);
    });

    it("each of the two rules fails on its own input (schemaPointer tells them apart)", () => {
      const schema = schemaOf("Kustomization", "kustomize.toolkit.fluxcd.io/v1");
      const at = "/properties/spec/properties/kubeConfig/x-kubernetes-validations/";
      expect(checkCelRules(kustomization({ kubeConfig: {} }), schema).findings.map((f) => f.schemaPointer)).toEqual([`${at}0`]);
      expect(checkCelRules(kustomization({ kubeConfig: { configMapRef: { name: "a" }, secretRef: { name: "b" } } }), schema).findings.map((f) => f.schemaPointer)).toEqual([`${at}1`]);
    });

    it("an absent kubeConfig runs no rule (rules on a node run only when it is present), nor does a null one", () => {
      const schema = schemaOf("Kustomization", "kustomize.toolkit.fluxcd.io/v1");
      expect(checkCelRules(kustomization({}), schema)).toEqual({ findings: [], skipped: [] });
      expect(checkCelRules(kustomization({ kubeConfig: null }), schema)).toEqual({ findings: [], skipped: [] });
    });
  });

  it("schemas without rules: nothing to report", () => {
    const deployment = registry.schemaFor("Deployment", "apps/v1")!.schema;
    expect(checkCelRules({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replicas: -1 } }, deployment)).toEqual({ findings: [], skipped: [] });
  });
});
