import { describe, expect, it } from "vitest";
import { DEFAULT_LOCATIONS, expandTemplate, resolveLocations, SchemaLocationError, SchemaRegistry, templateValues } from "../../../generator/validate/registry.js";
import { validateYamlText } from "../../../generator/validate/index.js";

describe("schema locations", () => {
  it.each([
    ["v1", "Service", { ResourceKind: "service", KindSuffix: "-v1", ResourceAPIVersion: "v1", Group: "v1" }],
    ["apps/v1", "Deployment", { ResourceKind: "deployment", KindSuffix: "-apps-v1", ResourceAPIVersion: "v1", Group: "apps" }],
    ["argoproj.io/v1alpha1", "Application", { ResourceKind: "application", KindSuffix: "-argoproj-v1alpha1", ResourceAPIVersion: "v1alpha1", Group: "argoproj.io" }],
  ])("fills kubeconform's template variables for %s %s", (apiVersion, kind, expected) => {
    expect(templateValues(kind, apiVersion, "1.33.0", true)).toEqual({ ...expected, NormalizedKubernetesVersion: "v1.33.0", StrictSuffix: "-strict" });
    expect(templateValues(kind, apiVersion, "master", false)).toMatchObject({ NormalizedKubernetesVersion: "master", StrictSuffix: "" });
  });

  it("expands templates with or without spaces inside the braces", () => {
    expect(expandTemplate("s/{{.ResourceKind}}{{ .KindSuffix }}.json", { ResourceKind: "pod", KindSuffix: "-v1" })).toBe("s/pod-v1.json");
  });

  it("maps default to the committed schemas, a plain folder to kubernetes-json-schema's layout, and refuses URLs", () => {
    expect(resolveLocations([])).toEqual(DEFAULT_LOCATIONS);
    expect(resolveLocations(["default"])).toEqual(DEFAULT_LOCATIONS);
    expect(resolveLocations(["schemas"], "/r")).toEqual(["/r/schemas/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"]);
    expect(() => resolveLocations(["https://example.com/{{.ResourceKind}}.json"])).toThrow(/offline/);
  });

  it("finds committed schemas for every kind the issue names, compiling each file once", () => {
    const reg = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
    const kinds: [string, string][] = [
      ["v1", "Pod"], ["apps/v1", "Deployment"], ["v1", "Service"], ["v1", "ConfigMap"], ["v1", "Secret"], ["v1", "ServiceAccount"],
      ["v1", "Namespace"], ["policy/v1", "PodDisruptionBudget"], ["autoscaling/v2", "HorizontalPodAutoscaler"],
      ["networking.k8s.io/v1", "NetworkPolicy"], ["networking.k8s.io/v1", "Ingress"], ["apps/v1", "StatefulSet"], ["apps/v1", "DaemonSet"],
      ["batch/v1", "Job"], ["batch/v1", "CronJob"], ["argoproj.io/v1alpha1", "Application"], ["argoproj.io/v1alpha1", "ApplicationSet"],
      ["argoproj.io/v1alpha1", "AppProject"], ["source.toolkit.fluxcd.io/v1", "GitRepository"], ["source.toolkit.fluxcd.io/v1", "OCIRepository"],
      ["kustomize.toolkit.fluxcd.io/v1", "Kustomization"],
    ];
    for (const [v, k] of kinds) expect(reg.schemaFor(k, v), `${v} ${k}`).toBeDefined();
    expect(reg.schemaFor("Pod", "v1")).toBe(reg.schemaFor("Pod", "v1"));
    expect(reg.schemaFor("Widget", "example.com/v1")).toBeUndefined();
  }, 60_000);
});

describe("non-strict lookups on the committed (strict-only) schemas", () => {
  it("derive the non-strict schema: unknown fields pass, wrong types still fail", () => {
    const loose = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", false).schemaFor("Service", "v1")!;
    const strict = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true).schemaFor("Service", "v1")!;
    const extra = { apiVersion: "v1", kind: "Service", metadata: { name: "s" }, spec: { ports: [{ port: 80, extra: 1 }] } };
    expect(loose.validate(extra)).toBe(true);
    expect(strict.validate(extra)).toBe(false);
    expect(loose.validate({ ...extra, spec: { ports: [{ port: "80" }] } })).toBe(false);
  });
});

describe("the parsed schema a LoadedSchema exposes", () => {
  it("is the schema as compiled: the relaxed copy for a non-strict lookup, without $schema", () => {
    const strict = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true).schemaFor("Service", "v1")!;
    const loose = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", false).schemaFor("Service", "v1")!;
    expect(strict.schema.additionalProperties).toBe(false);
    expect(loose.schema.additionalProperties).toBeUndefined();
    expect(strict.schema.$schema).toBeUndefined();
    expect(strict.schema).toBe(strict.schema);
    expect(strict.hasCelRules).toBe(false);
    expect(new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true).schemaFor("GitRepository", "source.toolkit.fluxcd.io/v1")!.hasCelRules).toBe(true);
  });
});

describe("locations Go's url.Parse refuses (kubeconform's FileLoader.ToFile)", () => {
  const reg = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
  it.each([
    ["a kind ending in a line break", "Namespace\n", "invalid control character in URL"],
    ["a kind with a tab", "Name\tspace", "invalid control character in URL"],
    ["a kind with a bad percent escape", "a%zz", "invalid URL escape"],
  ])("%s is an error, not a missing schema", (_name, kind, message) => {
    expect(() => reg.schemaFor(kind, "v1")).toThrow(SchemaLocationError);
    expect(() => reg.schemaFor(kind, "v1")).toThrow(message);
  });
  it("a kind with a valid escape or a space is only missing", () => {
    expect(reg.schemaFor("a%20b", "v1")).toBeUndefined();
    expect(reg.schemaFor("a b", "v1")).toBeUndefined();
  });
  it("with -ignore-missing-schemas such a resource is still an error", () => {
    const options = { registry: reg, strict: true, ignoreMissingSchemas: true, skip: new Set<string>(), reject: new Set<string>() };
    const [r] = validateYamlText("f.yaml", "apiVersion: v1\nkind: |\n  Namespace\nmetadata:\n  name: a\n", options);
    expect(r).toMatchObject({ status: "error", signature: { kind: "Namespace\n" } });
    const [skipped] = validateYamlText("f.yaml", "apiVersion: v1\nkind: Widget\nmetadata:\n  name: a\n", options);
    expect(skipped!.status).toBe("skipped");
  });
});
