/**
 * The semantic stage inside the validator (issue 11): off by default, so `npm run kubeconform` keeps
 * kubeconform's verdicts; `-semantic` turns it on, on the main thread and in -n workers alike.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runKubeconform } from "../../../generator/cli/kubeconform.js";
import { DEFAULT_LOCATIONS, loadCelStage, SchemaRegistry, validateYamlText } from "../../../generator/validate/index.js";
import { PARALLEL_MIN_BYTES } from "../../../generator/validate/parallel.js";
import { tempDir } from "../../helpers/tree.js";

/** Schema-valid; the API server refuses it: a request above its limit, and two containers named alike. */
const refused = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27.4
          resources: { requests: { cpu: "1" }, limits: { cpu: 500m } }
        - name: web
          image: busybox:1.36
`;

const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
const base = { registry, strict: true, ignoreMissingSchemas: false, skip: new Set<string>(), reject: new Set<string>() };

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runKubeconform(args, { stdin: process.stdin, stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } });
  return { code, out };
}

const gitRepository = (provider: string) =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: { name: repo, namespace: flux-system }\nspec:\n  interval: 5m\n  url: https://github.com/example/gitops\n  provider: ${provider}\n  serviceAccountName: flux-git\n`;

// First in the file: the CEL stage is loaded on demand (it costs every thread several MB), by each entry point.
describe("the CEL stage, before and after loadCelStage()", () => {
  it("validating a CRD with CEL rules under semantic before loading it is an internal error; loaded, its rules apply", async () => {
    expect(() => validateYamlText("g.yaml", gitRepository("generic"), { ...base, semantic: true })).toThrow(/loadCelStage/);
    // Kinds without CEL rules never need it.
    expect(validateYamlText("d.yaml", refused("web"), { ...base, semantic: true }).map((r) => r.status)).toEqual(["invalid"]);
    await loadCelStage();
    expect(validateYamlText("g.yaml", gitRepository("generic"), { ...base, semantic: true }).map((r) => r.status)).toEqual(["invalid"]);
  });
});

describe("the semantic stage in the validator", () => {
  beforeAll(() => loadCelStage());
  it("is off by default: kubeconform's verdict (valid) stands", () => {
    expect(validateYamlText("d.yaml", refused("web"), base).map((r) => r.status)).toEqual(["valid"]);
  });

  it("with semantic: invalid, each finding with its code, the server's message and its line", () => {
    const [r] = validateYamlText("d.yaml", refused("web"), { ...base, semantic: true });
    expect(r!.status).toBe("invalid");
    expect(r!.validationErrors).toEqual([
      { path: "/spec/template/spec/containers/0/resources/requests/cpu", code: "API019", line: 13, col: 41, msg: 'spec.template.spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m' },
      { path: "/spec/template/spec/containers/1/name", code: "API011", line: 14, col: 17, msg: 'spec.template.spec.containers[1].name: Duplicate value: "web"' },
    ]);
  });

  it("leaves schema-invalid objects to the schema's message (the semantic stage never sees them)", () => {
    const [r] = validateYamlText("d.yaml", refused("web").replace("image: busybox:1.36", "image: busybox:1.36\n          imagePullPolcy: Always"), { ...base, semantic: true });
    expect(r!.status).toBe("invalid");
    expect(r!.validationErrors.map((e) => e.code)).toEqual([undefined]);
    expect(r!.msg).toContain("additional properties 'imagePullPolcy' not allowed");
  });
});

describe("the CRD CEL rules in the semantic stage", () => {
  beforeAll(() => loadCelStage());

  it("evaluates the committed Flux schema's rule: refused for the generic provider, admitted for azure", () => {
    const [bad] = validateYamlText("g.yaml", gitRepository("generic"), { ...base, semantic: true });
    expect(bad!.status).toBe("invalid");
    expect(bad!.validationErrors).toEqual([
      { path: "/spec", code: "CEL001", line: 5, col: 3, msg: `spec: Invalid value: "object": serviceAccountName can only be set when provider is 'azure' or 'aws'` },
    ]);
    expect(validateYamlText("g.yaml", gitRepository("azure"), { ...base, semantic: true }).map((r) => r.status)).toEqual(["valid"]);
    // Without the stage, kubeconform's verdict: valid.
    expect(validateYamlText("g.yaml", gitRepository("generic"), base).map((r) => r.status)).toEqual(["valid"]);
  });

  it("a rule it cannot evaluate is reported as skipped with its reason, never passed (kubeconform -semantic: on stderr)", async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "widget_v1.json"),
      JSON.stringify({ type: "object", properties: { spec: { type: "object", properties: { url: { type: "string" } }, "x-kubernetes-validations": [{ rule: "isURL(self.url)", message: "url" }] } } }),
    );
    const file = join(dir, "w.yaml");
    writeFileSync(file, "apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w }\nspec: { url: x }\n");
    let out = "";
    let err = "";
    const io = { stdin: process.stdin, stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } };
    const code = await runKubeconform(["-semantic", "-summary", "-schema-location", join(dir, "{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"), file], io);
    expect(code).toBe(0);
    expect(out).toContain("Valid: 1");
    expect(err).toBe(`${file} - Widget w: CEL101 rule not checked: isURL(self.url): isURL() (Kubernetes CEL library: urls) is not supported\n`);
  });
});

describe("npm run kubeconform -- -semantic", () => {
  it("keeps kubeconform's verdicts without the flag, reports the server's refusals with it", async () => {
    const dir = tempDir();
    const file = join(dir, "d.yaml");
    writeFileSync(file, refused("web"));
    expect(await run(["-strict", "-summary", file])).toMatchObject({ code: 0 });
    const on = await run(["-strict", "-semantic", file]);
    expect(on.code).toBe(1);
    expect(on.out).toContain(`${file} - Deployment web is invalid: API019 spec.template.spec.containers[0].resources.requests: Invalid value: "1"`);
  });

  it("gives the same results from -n workers as on one thread", async () => {
    const dir = tempDir();
    const perFile = Math.ceil(PARALLEL_MIN_BYTES / 3 / refused("x").length) + 10;
    for (const f of [0, 1, 2, 3]) {
      writeFileSync(join(dir, `part-${f}.yaml`), Array.from({ length: perFile }, (_, i) => (f === 2 && i === 5 ? refused(`bad-${i}`) : refused(`ok-${f}-${i}`).replace('"1"', "100m").replace("- name: web\n          image: busybox", "- name: side\n          image: busybox"))).join("---\n"));
    }
    const one = await run(["-strict", "-semantic", "-summary", "-n", "1", dir]);
    const many = await run(["-strict", "-semantic", "-summary", "-n", "2", dir]);
    expect(one.code).toBe(1);
    expect(many).toEqual(one);
    expect(one.out).toContain("Deployment bad-5 is invalid: API019");
    expect(one.out).toMatch(/Invalid: 1, Errors: 0/);
  });
});
