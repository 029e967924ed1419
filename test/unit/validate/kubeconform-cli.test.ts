import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseFlags, runKubeconform } from "../../../generator/cli/kubeconform.js";
import { tempDir } from "../../helpers/tree.js";

const SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n";
const BAD = SERVICE.replace("port: 80", 'port: "80"');
const UNKNOWN = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n";

async function run(args: string[], stdin = "") {
  let stdout = "";
  let stderr = "";
  const code = await runKubeconform(args, {
    stdin: Readable.from([stdin]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

function files(): string {
  const dir = tempDir();
  writeFileSync(join(dir, "a.yaml"), `${SERVICE}---\n${BAD}`);
  writeFileSync(join(dir, "b.yaml"), UNKNOWN);
  writeFileSync(join(dir, "notes.txt"), "not a manifest");
  return dir;
}

describe("kubeconform CLI", () => {
  it("parses Go-style flags: single or double dash, =value or separate value, repeatable locations", () => {
    const f = parseFlags(["-strict", "--summary", "-output=json", "-schema-location", "a", "--schema-location=b", "-skip", "A,apps/v1/B", "x.yaml"]);
    expect(f).toMatchObject({ strict: true, summary: true, output: "json", locations: ["a", "b"], paths: ["x.yaml"] });
    expect([...(f as { skip: Set<string> }).skip]).toEqual(["A", "apps/v1/B"]);
    expect(() => parseFlags(["-nope"])).toThrow("flag provided but not defined: -nope");
  });

  it("text output: only problems, then the summary; exit 1", async () => {
    const dir = files();
    const r = await run(["-strict", "-summary", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `${dir}/a.yaml - Service web is invalid: problem validating schema. Check JSON formatting: jsonschema validation failed with '${process.cwd()}/schemas/kubernetes/v1.33.0-standalone-strict/service-v1.json#' - at '/spec/ports/0/port': got string, want integer\n` +
        `${dir}/b.yaml - Widget w failed validation: could not find schema for Widget\n` +
        `Summary: 3 resources found in 2 files - Valid: 1, Invalid: 1, Errors: 1, Skipped: 0\n`,
    );
  });

  it("-verbose adds valid resources; -ignore-missing-schemas skips unknown kinds; -skip and -reject by kind", async () => {
    const dir = files();
    const verbose = await run(["-verbose", "-ignore-missing-schemas", join(dir, "b.yaml"), join(dir, "a.yaml")]);
    expect(verbose.stdout).toContain(`${dir}/b.yaml - w Widget skipped\n`);
    expect(verbose.stdout).toContain(`${dir}/a.yaml - Service web is valid\n`);
    const skipped = await run(["-skip", "Service,Widget", dir]);
    expect(skipped).toMatchObject({ code: 0, stdout: "" });
    const rejected = await run(["-reject", "Service", join(dir, "a.yaml")]);
    expect(rejected.stdout).toContain("failed validation: prohibited resource kind Service");
  });

  it("json output has kubeconform's shape; -verbose decides which resources appear", async () => {
    const r = await run(["-output", "json", "-summary", "-"], `${SERVICE}---\n${BAD}`);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ valid: 1, invalid: 1, errors: 0, skipped: 0 });
    expect(out.resources).toHaveLength(1);
    expect(Object.keys(out.resources[0])).toEqual(["filename", "kind", "name", "version", "status", "msg", "validationErrors"]);
    expect(out.resources[0]).toMatchObject({ filename: "stdin", kind: "Service", status: "statusInvalid", validationErrors: [{ path: "/spec/ports/0/port", msg: "got string, want integer" }] });
    const verbose = JSON.parse((await run(["-output", "json", "-verbose", "-"], SERVICE)).stdout);
    expect(verbose).toEqual({ resources: [{ filename: "stdin", kind: "Service", name: "web", version: "v1", status: "statusValid", msg: "" }] });
  });

  it("tap, junit and pretty outputs", async () => {
    const tap = await run(["-output", "tap", "-"], `${SERVICE}---\n${BAD}`);
    expect(tap.stdout).toMatch(/^TAP version 13\nok 1 - stdin \(v1\/Service\/\/web\)\nnot ok 2 - stdin \(v1\/Service\/\/web\) - problem validating schema.*\n1\.\.2\n$/);
    const junit = await run(["-output", "junit", "-"], BAD);
    expect(junit.stdout).toContain('<testsuites name="kubeconform" time="0" tests="1" failures="1" disabled="0" errors="0">');
    expect(junit.stdout).toContain('<failure message="problem validating schema.');
    const pretty = await run(["-output", "pretty", "-summary", "-"], `${SERVICE}---\n${BAD}`);
    expect(pretty.stdout).toBe(
      "stdin:15:13 [document 1] - Service web is invalid:\n  stdin:15:13 /spec/ports/0/port: got string, want integer\nSummary: 2 resources found parsing stdin - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n".replace("Valid: 1, Invalid: 0", "Valid: 1, Invalid: 1"),
    );
  });

  it("-exit-on-error stops at the first problem", async () => {
    const dir = files();
    const r = await run(["-exit-on-error", "-output", "json", "-verbose", dir]);
    expect(JSON.parse(r.stdout).resources.map((x: { status: string }) => x.status)).toEqual(["statusValid", "statusInvalid"]);
    expect(r.code).toBe(1);
  });

  it("-ignore-filename-pattern skips matching files; an empty stdin is one empty resource and exit 0", async () => {
    const dir = files();
    expect((await run(["-ignore-filename-pattern", "a\\.yaml$", "-summary", dir])).stdout).toContain("Summary: 1 resource found in 1 file");
    expect(await run(["-summary", "-"], "")).toMatchObject({ code: 0, stdout: "Summary: 0 resource found parsing stdin - Valid: 0, Invalid: 0, Errors: 0, Skipped: 0\n" });
  });

  // kubeconform v0.7.0 reports a path it cannot walk as an error result for that path and goes on with the
  // others (test/oracles/kubeconform-parity.test.ts compares with the real binary); -exit-on-error stops there.
  it.each([1, 2])("a missing path among several is reported and the others are validated (-n %i)", async (n) => {
    const dir = files();
    const [a, b, missing, folder] = [join(dir, "a.yaml"), join(dir, "b.yaml"), join(dir, "missing.yaml"), join(dir, "no-folder")];
    const r = await run(["-strict", "-summary", "-n", String(n), a, missing, b, folder]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      expect.stringMatching(new RegExp(`^${a} - Service web is invalid: `)),
      `${missing} - failed validation: lstat ${missing}: no such file or directory`,
      `${b} - Widget w failed validation: could not find schema for Widget`,
      `${folder} - failed validation: lstat ${folder}: no such file or directory`,
      "Summary: 5 resources found in 4 files - Valid: 1, Invalid: 1, Errors: 3, Skipped: 0",
      "",
    ]);
    const stop = await run(["-strict", "-exit-on-error", missing, a]);
    expect(stop).toMatchObject({ code: 1, stdout: `${missing} - failed validation: lstat ${missing}: no such file or directory\n` });
  });

  it("refuses remote schema locations (offline) and unknown flags, with exit code 1", async () => {
    expect(await run(["-schema-location", "https://example.com", "-"])).toMatchObject({ code: 1, stderr: expect.stringContaining("offline") });
    expect(await run(["-bogus"])).toMatchObject({ code: 1, stderr: expect.stringContaining("flag provided but not defined: -bogus") });
  });
});
