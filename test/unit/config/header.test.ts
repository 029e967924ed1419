import { describe, expect, it } from "vitest";
import { checkConfigHeader, CURRENT_API_VERSION, versionRank } from "../../../generator/config/header.js";
import { parseConfigText } from "../../../generator/config/load.js";
import { DiagnosticError, type Diagnostic } from "../../../generator/diagnostics/diagnostic.js";

const BODY = "project:\n  name: demo\napps: []\n";

/** The header check on config text: its warnings, or the one error it throws. */
function check(text: string): { warnings: Diagnostic[]; version?: string } | { error: Diagnostic } {
  const { source, data } = parseConfigText("gitops.config.yaml", text);
  try {
    const { header, warnings } = checkConfigHeader(source, data, "9.9.9");
    return { warnings, version: header.version };
  } catch (err) {
    if (!(err instanceof DiagnosticError)) throw err;
    expect(err.diagnostics).toHaveLength(1);
    return { error: err.diagnostics[0]! };
  }
}

describe("the config's version header", () => {
  it("a complete current header: no warning, read as v1alpha1", () => {
    expect(check(`apiVersion: ${CURRENT_API_VERSION}\nkind: GitOpsConfig\nmetadata:\n  name: demo\n${BODY}`)).toEqual({ warnings: [], version: "v1alpha1" });
  });

  it("no header: read as v1alpha1 with the CFG030 warning naming migrate and what it adds", () => {
    const r = check(BODY);
    expect("warnings" in r && r.version).toBe("v1alpha1");
    const [w] = (r as { warnings: Diagnostic[] }).warnings;
    expect(w).toMatchObject({ code: "CFG030", severity: "warning", line: 1, col: 1, pointer: "", message: "no apiVersion header: read as sidecar-gitops.dev/v1alpha1" });
    expect(w!.hint).toMatch(/npx sidecar-gitops migrate/);
    expect(w!.hint).toMatch(/apiVersion: sidecar-gitops\.dev\/v1alpha1, kind: GitOpsConfig and metadata\.name/);
  });

  it.each([
    ["sidecar-gitops.dev/v1beta1"],
    ["sidecar-gitops.dev/v1"],
    ["sidecar-gitops.dev/v1alpha2"],
    ["sidecar-gitops.dev/v2alpha1"],
  ])("a newer apiVersion (%s): CFG032 at its line, naming this generator and the upgrade", (apiVersion) => {
    const r = check(`# c\napiVersion: ${apiVersion}\nkind: GitOpsConfig\nmetadata: { name: demo }\n${BODY}`);
    expect(r).toMatchObject({ error: { code: "CFG032", line: 2, col: 13, pointer: "/apiVersion" } });
    const e = (r as { error: Diagnostic }).error;
    expect(e.message).toBe(`apiVersion "${apiVersion}" is newer than this generator (sidecar-gitops 9.9.9) reads sidecar-gitops.dev/v1alpha1`);
    expect(e.hint).toMatch(/bump|set the sidecar-gitops devDependency/);
  });

  it.each([
    ["apps/v1", "another group"],
    ["sidecar-gitops.dev/v0", "not a version"],
    ["sidecar-gitops.dev/latest", "not a version"],
    ["v1alpha1", "no group"],
    ["sidecar-gitops.io/v1alpha1", "a near-miss group"],
  ])("an unknown apiVersion (%s, %s): CFG031 naming what this generator reads", (apiVersion) => {
    const r = check(`apiVersion: ${apiVersion}\nkind: GitOpsConfig\nmetadata: { name: demo }\n${BODY}`);
    expect(r).toMatchObject({ error: { code: "CFG031", line: 1, pointer: "/apiVersion" } });
    expect((r as { error: Diagnostic }).error.message).toBe(`unknown apiVersion "${apiVersion}": this generator (sidecar-gitops 9.9.9) reads sidecar-gitops.dev/v1alpha1`);
  });

  it("a non-string apiVersion, another kind, and partial headers each get one located error", () => {
    expect(check(`apiVersion: 1\nkind: GitOpsConfig\nmetadata: { name: demo }\n${BODY}`)).toMatchObject({ error: { code: "CFG031", pointer: "/apiVersion" } });
    expect(check(`apiVersion: ${CURRENT_API_VERSION}\nkind: Config\nmetadata: { name: demo }\n${BODY}`)).toMatchObject({ error: { code: "CFG031", line: 2, pointer: "/kind", message: 'kind must be GitOpsConfig, got "Config"' } });
    expect(check(`kind: GitOpsConfig\n${BODY}`)).toMatchObject({ error: { code: "CFG033", line: 1, pointer: "/kind" } });
    expect(check(`metadata: { name: demo }\n${BODY}`)).toMatchObject({ error: { code: "CFG033", pointer: "/metadata" } });
    expect(check(`apiVersion: ${CURRENT_API_VERSION}\nmetadata: { name: demo }\n${BODY}`)).toMatchObject({ error: { code: "CFG033", message: '"kind" is missing: the header is incomplete' } });
    expect(check(`apiVersion: ${CURRENT_API_VERSION}\nkind: GitOpsConfig\n${BODY}`)).toMatchObject({ error: { code: "CFG033", message: '"metadata" is missing: the header is incomplete' } });
  });

  it("Kubernetes' version order: alpha < beta < GA, then the next major", () => {
    const order = ["v1alpha1", "v1alpha2", "v1beta1", "v1beta3", "v1", "v2alpha1", "v2", "v10"].map((v) => versionRank(v)!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(order.length);
    for (const bad of ["v0", "1", "v1gamma1", "v1alpha0", "V1", "v1alpha", ""]) expect(versionRank(bad), bad).toBeUndefined();
  });
});
