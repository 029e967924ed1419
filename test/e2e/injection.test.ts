import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { findKustomize } from "../../generator/tools/kustomize.js";
import { renderFromText } from "../helpers/config.js";
import { tempDir, writeFilesTo } from "../helpers/tree.js";

// Hostile strings a config value might carry: YAML structure, comments, document markers, aliases, templates,
// YAML 1.1 booleans and octals, shell and kustomize literal syntax. None may ever become structure.
const PAYLOADS = [
  "a: b",
  "# comment",
  "---\nkind: Secret",
  "line1\nline2",
  "x\n  indented: true",
  "'single' \"double\"",
  "{{ .Values.x }}",
  "*alias",
  "&anchor value",
  "!!binary AAAA",
  "yes",
  "off",
  "0775",
  "~",
  "- item",
  "[1, 2]",
  "{a: 1}",
  "key=value",
  '"quoted"',
  "trailing space ",
  "%TAG ! tag:x",
  "@at",
];

/** A config whose every free-form string field carries payload i. */
function hostileConfig(): string {
  const q = (s: unknown) => JSON.stringify(s); // JSON strings are valid YAML double-quoted scalars
  const env = PAYLOADS.map((p, i) => `          P${i}: ${q(p)}`).join("\n");
  const data = PAYLOADS.map((p, i) => `        K${i}: ${q(p)}`).join("\n");
  const labels = PAYLOADS.map((p, i) => `      l${i}: ${q(p)}`).join("\n");
  return `project:
  name: demo
apps:
  - name: web
    main:
      name: app
      image: nginxinc/nginx-unprivileged
      tag: "1.27.4-alpine"
      port: 8080
      command: ${q(PAYLOADS)}
      resources:
        requests: { cpu: 10m, memory: 16Mi }
        limits: { cpu: 100m, memory: 64Mi }
      mounts:
        - { volume: data, mountPath: ${q("/data/# not a comment/--- x")} }
    sidecars:
      - type: custom
        name: side
        image: busybox
        tag: "1.37.0"
        args: ${q(PAYLOADS)}
        env:
${env}
        resources:
          requests: { cpu: 10m, memory: 16Mi }
          limits: { cpu: 100m, memory: 64Mi }
    volumes:
      - name: data
        emptyDir: {}
    annotations:
${labels}
    config:
      data:
${data}
environments:
  dev:
    annotations:
${labels.replace(/^ {6}/gm, "      ")}
`;
}

/** Every string scalar in the parsed value, depth first. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === "object") Object.entries(v).forEach(([k, x]) => (out.push(k), strings(x, out)));
  return out;
}

describe("no YAML injection", () => {
  const files = renderFromText(hostileConfig());

  it("every generated YAML file parses as the same number of documents, with each payload a whole scalar", () => {
    const base = files.find((f) => f.path === "base/web/deployment.yaml")!;
    const docs = parseAllDocuments(base.content);
    expect(docs).toHaveLength(1);
    const deployment = (docs[0] as { toJS(): unknown }).toJS() as {
      spec: { template: { spec: Record<"containers" | "initContainers", { command?: string[]; args?: string[]; env?: { name: string; value: string }[] }[]> } };
      metadata: { annotations: Record<string, string> };
    };
    const [main] = deployment.spec.template.spec.containers;
    const [side] = deployment.spec.template.spec.initContainers; // a native sidecar
    expect(main!.command).toEqual(PAYLOADS);
    expect(side!.args).toEqual(PAYLOADS);
    expect(Object.fromEntries(side!.env!.map((e) => [e.name, e.value]))).toEqual(
      Object.fromEntries(PAYLOADS.map((p, i) => [`P${i}`, p])),
    );
    for (const [i, p] of PAYLOADS.entries()) expect(deployment.metadata.annotations[`l${i}`]).toBe(p);
    for (const f of files.filter((x) => x.path.endsWith(".yaml"))) {
      for (const d of parseAllDocuments(f.content)) {
        expect("errors" in d ? d.errors : [], f.path).toEqual([]);
        // No document may gain a kind it was not built with (e.g. an injected `kind: Secret`).
        expect(strings((d as { toJS(): unknown }).toJS()).filter((s) => s === "Secret")).toEqual([]);
      }
    }
  });

  it("kustomize reads the payloads back unchanged, config data included", async () => {
    const kustomize = await findKustomize();
    const dir = tempDir();
    writeFilesTo(dir, files);
    const out = await kustomize.build(join(dir, "overlays", "dev"));
    const objects = parseAllDocuments(out).map((d) => (d as { toJS(): unknown }).toJS() as { kind: string; data?: Record<string, string>; metadata: { annotations?: Record<string, string> } });
    expect(objects.map((o) => o.kind).sort()).toEqual(["ConfigMap", "Deployment", "Namespace", "Service", "ServiceAccount"]);
    const cm = objects.find((o) => o.kind === "ConfigMap")!;
    expect(cm.data).toEqual(Object.fromEntries(PAYLOADS.map((p, i) => [`K${i}`, p])));
    const dep = objects.find((o) => o.kind === "Deployment")!;
    for (const [i, p] of PAYLOADS.entries()) expect(dep.metadata.annotations![`l${i}`]).toBe(p);
  });
});
