/**
 * validateResource's messages, in the words kubeconform's jsonschema library uses, and its error collapsing.
 * Mutation testing showed these were only checked by status before: a changed word or a dropped branch passed.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCATIONS, SchemaRegistry, validateYamlText } from "../../../generator/validate/index.js";

const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
const options = { registry, strict: true, ignoreMissingSchemas: false, skip: new Set<string>(), reject: new Set<string>() };
const one = (text: string, opts: Partial<typeof options> = {}) => validateYamlText("f.yaml", text, { ...options, ...opts })[0]!;
const errorsOf = (text: string) => one(text).validationErrors.map((e) => [e.path, e.msg, e.line, e.col]);

describe("validateResource: kubeconform's messages", () => {
  it.each<[string, string, (string | number)[][]]>([
    [
      "a missing required property, at its parent",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {}\n",
      [["/spec/template/spec", "missing property 'containers'", 8, 11]],
    ],
    [
      "int-or-string: the oneOf umbrella, not its branches",
      "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetPort: [1]}]\n",
      [["/spec/ports/0/targetPort", "'[1]' does not match any of the allowed types", 5, 34]],
    ],
    [
      "a quantity: the umbrella too",
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: b, resources: {limits: {cpu: [1]}}}]\n",
      [["/spec/containers/0/resources/limits/cpu", "'[1]' does not match any of the allowed types", 5, 62]],
    ],
    [
      "an unknown key, at the key, with / escaped in the pointer",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, x/y: 1}\n",
      [["/metadata/x~1y", "additional properties 'x/y' not allowed", 3, 21]],
    ],
    [
      "wrong types: number, object, boolean, array; 'or null' for nullable fields",
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: [1], annotations: true}\ndata: {a: 1.5, b: null}\nimmutable: {}\n",
      [
        ["/data/a", "got number, want string or null", 4, 11],
        ["/immutable", "got object, want boolean or null", 5, 12],
        ["/metadata/annotations", "got boolean, want object or null", 3, 47],
        ["/metadata/labels", "got array, want object or null", 3, 29],
      ],
    ],
    [
      "an enum (a CRD's), listing the allowed values",
      "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: k, namespace: f}\nspec:\n  interval: 5m\n  prune: true\n  sourceRef: {kind: HelmRepository, name: x}\n",
      [["/spec/sourceRef/kind", 'value must be one of "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"', 7, 21]],
    ],
  ])("%s", (_name, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
    const r = one(text);
    expect(r.status).toBe("invalid");
    expect(r.msg).toBe(
      `problem validating schema. Check JSON formatting: jsonschema validation failed with '${r.msg.split("'")[1]}' ${expected.map(([p, m]) => `- at '${p}': ${m}`).join(" ")}`,
    );
    expect(r.msg.split("'")[1]).toMatch(/^.*\/schemas\/(kubernetes\/v1\.33\.0-standalone-strict|crds)\/.*\.json#$/);
    expect([r.line, r.col]).toEqual([expected[0]![2], expected[0]![3]]);
  });

  it.each<[string, string]>([
    ["null", "null"],
    ["[true]", "array"],
    ["1", "number"],
    ["1.5", "number"],
    ["{a: 1}", "object"],
    ['"yes"', "string"],
  ])("names the JSON type of a wrong value: prune: %s is %s", (value, type) => {
    const ks = `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: k, namespace: f}\nspec:\n  interval: 5m\n  prune: ${value}\n  sourceRef: {kind: GitRepository, name: x}\n`;
    expect(errorsOf(ks)).toEqual([["/spec/prune", `got ${type}, want boolean`, 6, 10]]);
  });

  it("words skipped, rejected, missing-schema and empty results as kubeconform does", () => {
    const cm = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n";
    const widget = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n";
    expect(one(cm, { skip: new Set(["ConfigMap"]) })).toMatchObject({ status: "skipped", msg: "" });
    expect(one(cm, { skip: new Set(["v1/ConfigMap"]) })).toMatchObject({ status: "skipped", msg: "" });
    expect(one(cm, { skip: new Set(["apps/v1/ConfigMap"]) })).toMatchObject({ status: "valid", msg: "" });
    expect(one(cm, { reject: new Set(["ConfigMap"]) })).toMatchObject({ status: "error", msg: "prohibited resource kind ConfigMap" });
    expect(one(cm, { reject: new Set(["v1/ConfigMap"]) })).toMatchObject({ status: "error", msg: "prohibited resource kind ConfigMap" });
    expect(one(widget)).toMatchObject({ status: "error", msg: "could not find schema for Widget" });
    expect(one(widget, { ignoreMissingSchemas: true })).toMatchObject({ status: "skipped", msg: "" });
    expect(one("# nothing\n")).toMatchObject({ status: "empty", msg: "" });
    expect(one(cm)).toMatchObject({ status: "valid", msg: "", validationErrors: [] });
  });
});
