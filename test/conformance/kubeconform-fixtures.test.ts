/**
 * kubeconform's own fixtures (vendored in test/fixtures/kubeconform-fixtures, see test/fixtures/PROVENANCE.md) with the verdicts real kubeconform v0.7.0
 * gave them: our CLI, run with the same flags, must give the same status for every resource of every file.
 * kubeconform validates files concurrently, so results are compared as a multiset per file.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKubeconform } from "../../generator/cli/kubeconform.js";
import { KUBECONFORM_FIXTURES as FIXTURES, UPSTREAM_SCHEMAS as UPSTREAM } from "../helpers/fixtures.js";

interface Row {
  filename: string;
  kind: string;
  name: string;
  version: string;
  status: string;
  msg: string;
}

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const code = await runKubeconform(args, {
    stdin: process.stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => true },
  });
  return { code, stdout };
}

const key = (r: Row) => JSON.stringify([r.kind, r.name, r.version, r.status]);

describe("kubeconform v0.7.0 verdicts on its own fixtures", () => {
  it("has the vendored fixtures and schemas (test/fixtures/PROVENANCE.md)", () => {
    expect(existsSync(join(FIXTURES, "expected.json")), FIXTURES).toBe(true);
    expect(existsSync(join(UPSTREAM, "kubernetes/master-standalone-strict/service-v1.json")), UPSTREAM).toBe(true);
    expect(readdirSync(FIXTURES).filter((f) => f.endsWith(".yaml")).length).toBeGreaterThanOrEqual(35);
  });

  it("gives the same status to every resource of every file, and the same summary and exit code", async () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as { resources: Row[]; summary: Record<string, number> };
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".yaml") || f === "valid.json").sort();
    const { code, stdout } = await run([
      "-strict", "-summary", "-verbose", "-output", "json",
      "-schema-location", `${UPSTREAM}/kubernetes/master-standalone-strict/{{.ResourceKind}}{{.KindSuffix}}.json`,
      "-schema-location", `${UPSTREAM}/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`,
      ...files.map((f) => join(FIXTURES, f)),
    ]);
    const ours = JSON.parse(stdout) as { resources: Row[]; summary: Record<string, number> };
    const byFile = (rows: Row[], base: (f: string) => string) => {
      const m = new Map<string, string[]>();
      for (const r of rows) {
        const f = base(r.filename);
        m.set(f, [...(m.get(f) ?? []), key(r)].sort());
      }
      return m;
    };
    const want = byFile(expected.resources, (f) => f);
    const got = byFile(ours.resources, (f) => f.slice(FIXTURES.length + 1));
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [file, rows] of want) expect(got.get(file), file).toEqual(rows);
    expect(ours.summary).toEqual(expected.summary);
    expect(code).toBe(1); // kubeconform exits 1 when anything is invalid or errored
  });

  it("words every resource's message as real kubeconform did (schema paths relative to upstream-schemas/)", async () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as { resources: Row[] };
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".yaml") || f === "valid.json").sort();
    const { stdout } = await run([
      "-strict", "-summary", "-verbose", "-output", "json",
      "-schema-location", `${UPSTREAM}/kubernetes/master-standalone-strict/{{.ResourceKind}}{{.KindSuffix}}.json`,
      "-schema-location", `${UPSTREAM}/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`,
      ...files.map((f) => join(FIXTURES, f)),
    ]);
    const withMsg = (rows: Row[], file: (f: string) => string, msg: (m: string) => string) =>
      rows.map((r) => JSON.stringify([file(r.filename), r.kind, r.name, r.status, msg(r.msg ?? "")])).sort();
    const ours = withMsg((JSON.parse(stdout) as { resources: Row[] }).resources, (f) => f.slice(FIXTURES.length + 1), (m) => m.split(`${UPSTREAM}/`).join("upstream-schemas/"));
    const theirs = withMsg(expected.resources, (f) => f, (m) => m);
    expect(ours.length).toBeGreaterThan(50);
    expect(ours).toEqual(theirs);
  });

  it("reports the invalid Service exactly as kubeconform words it", async () => {
    const { stdout } = await run([
      "-strict", "-output", "json",
      "-schema-location", `${UPSTREAM}/kubernetes/master-standalone-strict/{{.ResourceKind}}{{.KindSuffix}}.json`,
      join(FIXTURES, "multi_invalid.yaml"),
    ]);
    const invalid = (JSON.parse(stdout) as { resources: (Row & { validationErrors?: { path: string; msg: string }[] })[] }).resources.find((r) => r.status === "statusInvalid")!;
    expect(invalid.msg).toBe(
      `problem validating schema. Check JSON formatting: jsonschema validation failed with '${UPSTREAM}/kubernetes/master-standalone-strict/service-v1.json#' - at '/spec/ports/0/port': got string, want integer`,
    );
    expect(invalid.validationErrors).toEqual([{ path: "/spec/ports/0/port", msg: "got string, want integer" }]);
  });

  it("words a duplicate key under -strict as kubeconform does", async () => {
    const { stdout } = await run(["-strict", "-output", "json", join(FIXTURES, "duplicate_property.yaml")]);
    expect((JSON.parse(stdout) as { resources: Row[] }).resources[0]!.msg).toBe(
      'error unmarshalling resource: error converting YAML to JSON: yaml: unmarshal errors:\n  line 17: key "containers" already set in map',
    );
  });
});
