import { describe, expect, it } from "vitest";
import { validateBuiltObjects } from "../../../generator/cli/validate-schemas.js";
import { formatDiagnostic } from "../../../generator/diagnostics/diagnostic.js";

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27.4
`;

describe("validateBuiltObjects (committed strict schemas)", () => {
  it("accepts a valid Deployment and a Service", async () => {
    const svc = "apiVersion: v1\nkind: Service\nmetadata: { name: s }\nspec:\n  ports: [{ port: 80, targetPort: http }]\n";
    expect(await validateBuiltObjects("build", `${DEPLOYMENT}---\n${svc}`, "1.33")).toEqual([]);
  });

  it("locates an unknown field at its key, with the JSON path", async () => {
    const out = await validateBuiltObjects("build", DEPLOYMENT.replace("          image:", "          imagePullPolcy: Always\n          image:"), "1.33");
    expect(out.map(formatDiagnostic)).toEqual([
      "build:14:11: error VAL004 /spec/template/spec/containers/0/imagePullPolcy: Deployment/web: additional properties 'imagePullPolcy' not allowed\n  hint: fix /spec/template/spec/containers/0/imagePullPolcy as the message says, in gitops.config.yaml (or undo a hand edit of the generated file); the schema is schemas/kubernetes/v1.33.0-standalone-strict/deployment-apps-v1.json",
    ]);
  });

  it("reports a wrong type and a kind without a schema", async () => {
    const out = await validateBuiltObjects("build", DEPLOYMENT.replace("spec:\n  selector", "spec:\n  replicas: \"3\"\n  selector") + "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n", "1.33");
    expect(out.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ["VAL004", "/spec/replicas", 6],
      ["VAL003", "", 17],
    ]);
  });

  it("validates Argo CD and Flux objects against the committed CRD schemas", async () => {
    const app = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: a }\nspec:\n  project: default\n  destination: { namespace: x, server: https://kubernetes.default.svc }\n  source: { repoURL: https://example.com/r.git, path: overlays/dev, targetRevision: main }\n";
    expect(await validateBuiltObjects("build", app, "1.33")).toEqual([]);
    const bad = await validateBuiltObjects("build", app.replace("  project: default\n", "  projcet: default\n"), "1.33");
    expect(bad.map((d) => d.code)).toContain("VAL004");
  });

  it("every code's hint says what to do (VAL003, VAL004, VAL005)", async () => {
    const { FIX } = await import("../../helpers/config.js");
    const out = await validateBuiltObjects(
      "build",
      DEPLOYMENT.replace("spec:\n  selector", "spec:\n  replicas: \"3\"\n  selector") + "---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\n---\nkind: [a\n",
      "1.33",
    );
    expect(out.map((d) => d.code).sort()).toEqual(["VAL003", "VAL004", "VAL005"]);
    for (const d of out) expect(d.hint, d.code).toMatch(FIX);
  });

  it("reports a document the validator cannot read as VAL005, located at the duplicate key (line 21 of the build), with the kubeconform message", async () => {
    const dup = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\ndata:\n  a: x\n  a: y\n";
    const out = await validateBuiltObjects("build", `${DEPLOYMENT}---\n${dup}`, "1.33");
    expect(out.map((d) => [d.code, d.line, d.pointer])).toEqual([["VAL005", 21, ""]]);
    expect(out[0]!.message).toBe('ConfigMap/c: error unmarshalling resource: error converting YAML to JSON: yaml: unmarshal errors:\n  line 6: key "a" already set in map');
    expect(out[0]!.hint).toBe("fix the manifest's YAML");
  });
});

