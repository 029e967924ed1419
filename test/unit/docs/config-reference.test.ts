import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configSchema } from "../../../generator/config/validate.js";
import { collectFields, renderConfigReference } from "../../../generator/docs/config-reference.js";
import { fileAt, renderFromText } from "../../helpers/config.js";
import { REFERENCE_CONFIG } from "../../helpers/fixture-configs.js";

describe("config reference", () => {
  it("docs/config-reference.md is up to date with the schema (run `npm run docs`)", () => {
    const committed = readFileSync(new URL("../../../docs/config-reference.md", import.meta.url), "utf8");
    expect(committed).toBe(renderConfigReference(configSchema()));
  });

  it("documents every field with a description, following $refs", () => {
    const fields = collectFields(configSchema() as never);
    const paths = fields.map((f) => f.path);
    for (const p of ["project.name", "apps[].main.tag", "apps[].sidecars[type=custom].command", "apps[].sidecars[type=log-shipper].output.host", "apps[].volumes[].emptyDir.sizeLimit", "environments.<name>.namespace"]) {
      expect(paths).toContain(p);
    }
    expect(fields.filter((f) => f.description === "").map((f) => f.path)).toEqual([]);
    expect(fields.find((f) => f.path === "apps[].kind")).toMatchObject({ default: '"Deployment"', required: false });
  });

  it("never lets a description break the table", () => {
    const md = renderConfigReference({ description: "x", type: "object", properties: { a: { type: "string", description: "has | pipe\nand newline" } } });
    expect(md).toContain("| `a` | string |  |  | has \\| pipe and newline |");
  });

  it("names a sidecar list by its catalog types, not as object | object | …", () => {
    const field = collectFields(configSchema() as never).find((f) => f.path === "apps[].sidecars");
    expect(field?.type).toBe("sidecar (type: `custom` \\| `date-logger` \\| `log-shipper` \\| `git-sync` \\| `config-reloader` \\| `nginx-exporter` \\| `ambassador`)[]");
  });

  it("documents the default probes (tcpSocket on http when none are given), as the model renders them", async () => {
    const field = collectFields(configSchema() as never).find((f) => f.path === "apps[].main.probes");
    expect(field?.description).toMatch(/tcpSocket\) on the port named "http"/);
    const { modelFromText, MINIMAL_CONFIG } = await import("../../helpers/config.js");
    const probes = modelFromText(MINIMAL_CONFIG).apps[0]!.containers[0]!.probes;
    expect(probes).toEqual({
      readiness: { handler: { kind: "tcpSocket", port: "http" }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
      liveness: { handler: { kind: "tcpSocket", port: "http" }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3 },
    });
  });
});

describe("the config reference and the README agree", () => {
  it("on ConfigMap naming: apps[].config is <app>-config under a stable name (no hash suffix), as the README says and gen renders", () => {
    const field = collectFields(configSchema() as never).find((f) => f.path === "apps[].config")!;
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const reference = readFileSync(new URL("../../../docs/config-reference.md", import.meta.url), "utf8");
    expect(readme).toMatch(/ConfigMaps keep stable names \(`web-config`, no kustomize hash suffix\)/);
    expect(field.description).toMatch(/<app>-config .*stable name \(no hash suffix\)/);
    expect(field.description).not.toMatch(/with a hash suffix/);
    expect(reference).toContain(field.description);
    // And the tree: the base's generator turns the suffix off, so the name is the one both documents give.
    const base = fileAt(renderFromText(REFERENCE_CONFIG), "base/web/kustomization.yaml");
    expect(base).toMatch(/configMapGenerator:\n {2}- name: web-config\n/);
    expect(base).toMatch(/generatorOptions:\n[\s\S]*?\n {2}disableNameSuffixHash: true\n/);
  });
});
