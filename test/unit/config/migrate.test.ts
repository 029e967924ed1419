import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runMigrate } from "../../../generator/cli/migrate.js";
import { migrateConfigText, MigrationError } from "../../../generator/config/migrate.js";
import { renderFromConfigText } from "../../../generator/pipeline.js";
import { REPO_ROOT } from "../../helpers/fixtures.js";
import { tempDir } from "../../helpers/tree.js";

const HEADER = "apiVersion: sidecar-gitops.dev/v1alpha1\nkind: GitOpsConfig\nmetadata:\n  name: demo\n\n";

/** The committed examples, each with its header taken out again (the root config is the user's: any valid one). */
const COMMITTED = readdirSync(join(REPO_ROOT, "examples")).filter((f) => f.endsWith(".config.yaml")).map((f) => `examples/${f}`);
const withoutHeader = (text: string) => text.replace(/^apiVersion: .*\nkind: .*\nmetadata:\n {2}name: .*\n\n/m, "");

function memoryIO() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: { write: (s: string) => (out.stdout += s) }, stderr: { write: (s: string) => (out.stderr += s) } } };
}

describe("migrateConfigText: the header inserted, every other byte kept", () => {
  it.each(COMMITTED)("%s: migrating the header-less form gives the committed file back, byte for byte", (file) => {
    const committed = readFileSync(join(REPO_ROOT, file), "utf8");
    const old = withoutHeader(committed);
    expect(old).not.toBe(committed); // the committed file has the header
    const m = migrateConfigText(old);
    expect(m.added).toEqual(["apiVersion", "kind", "metadata"]);
    expect(m.text).toBe(committed);
    // The original is the result with the one insertion taken out: nothing else moved.
    const { offset, text } = m.insertion!;
    expect(m.text.slice(0, offset) + m.text.slice(offset + text.length)).toBe(old);
    // It renders the same tree as before.
    const before = renderFromConfigText(file, old).files;
    const after = renderFromConfigText(file, m.text);
    expect(after.files).toEqual(before);
    expect(after.warnings).toEqual([]);
  });

  it("keeps comments, blank lines, flow maps, quoting, CRLF line breaks and a --- marker; inserts above the first key", () => {
    const old = '# yaml-language-server: $schema=x.json\r\n---\r\n# about the project\r\nproject: { name: "my-app" }   # flow, padded\r\n\r\napps:\r\n  - name: web # trailing\r\n';
    const m = migrateConfigText(old);
    expect(m.text).toBe('# yaml-language-server: $schema=x.json\r\n---\r\n# about the project\r\napiVersion: sidecar-gitops.dev/v1alpha1\r\nkind: GitOpsConfig\r\nmetadata:\r\n  name: my-app\r\n\r\nproject: { name: "my-app" }   # flow, padded\r\n\r\napps:\r\n  - name: web # trailing\r\n');
    expect(m.text.replace(m.insertion!.text, "")).toBe(old);
  });

  it("adds only the keys that are missing; a current config is returned as it is", () => {
    const partial = "apiVersion: sidecar-gitops.dev/v1alpha1\nproject: { name: demo }\napps: []\n";
    const m = migrateConfigText(partial);
    expect(m.added).toEqual(["kind", "metadata"]);
    expect(parse(m.text)).toEqual({ kind: "GitOpsConfig", metadata: { name: "demo" }, apiVersion: "sidecar-gitops.dev/v1alpha1", project: { name: "demo" }, apps: [] });
    const current = `${HEADER}project: { name: demo }\napps: []\n`;
    expect(migrateConfigText(current)).toEqual({ text: current, added: [] });
  });

  it("a project name that YAML would misread is written quoted by the one emitter", () => {
    const m = migrateConfigText('project: { name: "yes" }\napps: []\n');
    expect(m.text).toContain('metadata:\n  name: "yes"\n');
    expect((parse(m.text) as { metadata: { name: unknown } }).metadata.name).toBe("yes");
  });

  it("refuses a top level it cannot insert a block into", () => {
    expect(() => migrateConfigText("{ project: { name: demo }, apps: [] }\n")).toThrow(MigrationError);
    expect(() => migrateConfigText("- a\n- b\n")).toThrow(MigrationError);
    expect(() => migrateConfigText("project: [\n")).toThrow(/YAML errors/);
  });
});

describe("npx sidecar-gitops migrate", () => {
  const OLD = "# yaml-language-server: $schema=./schemas/gitops.config.schema.json\n# my comment\nproject:\n  name: demo   # the name\napps:\n  - name: web\n    main: { name: app, image: nginx, tag: \"1.27\", resources: { requests: { cpu: 10m, memory: 16Mi }, limits: { cpu: 100m, memory: 32Mi } } }\n";

  it("writes the header in place; a second run changes nothing", async () => {
    const dir = tempDir();
    const file = join(dir, "gitops.config.yaml");
    writeFileSync(file, OLD);
    const { out, io } = memoryIO();
    expect(await runMigrate(["--config", file], io)).toBe(0);
    const migrated = readFileSync(file, "utf8");
    expect(migrated).toBe(OLD.replace("project:\n", `${HEADER}project:\n`));
    expect(out.stdout).toContain("migrate: added apiVersion, kind, metadata to");
    const again = memoryIO();
    expect(await runMigrate(["--config", file], again.io)).toBe(0);
    expect(again.out.stdout).toBe(`migrate: ${file} is already sidecar-gitops.dev/v1alpha1; nothing to change\n`);
    expect(readFileSync(file, "utf8")).toBe(migrated);
  });

  it("--check exits 1 and --dry-run exits 0, both printing the lines and writing nothing", async () => {
    const dir = tempDir();
    const file = join(dir, "c.yaml");
    writeFileSync(file, OLD);
    const check = memoryIO();
    expect(await runMigrate(["--config", file, "--check"], check.io)).toBe(1);
    expect(check.out.stdout).toBe("+ apiVersion: sidecar-gitops.dev/v1alpha1\n+ kind: GitOpsConfig\n+ metadata:\n+   name: demo\n+\n");
    expect(check.out.stderr).toMatch(/^migrate --check: .* has no apiVersion, kind, metadata; run `npx sidecar-gitops migrate`/);
    const dry = memoryIO();
    expect(await runMigrate(["--config", file, "--dry-run"], dry.io)).toBe(0);
    expect(dry.out.stdout).toMatch(/nothing written\n$/);
    expect(readFileSync(file, "utf8")).toBe(OLD);
  });

  it("a newer apiVersion: the CFG032 error with the upgrade hint, exit 1, nothing written", async () => {
    const dir = tempDir();
    const file = join(dir, "c.yaml");
    const text = `apiVersion: sidecar-gitops.dev/v2\nkind: GitOpsConfig\n${OLD}`;
    writeFileSync(file, text);
    const { out, io } = memoryIO();
    expect(await runMigrate(["--config", file], io)).toBe(1);
    expect(out.stderr).toMatch(/:1:13: error CFG032 \/apiVersion: apiVersion "sidecar-gitops\.dev\/v2" is newer than this generator \(sidecar-gitops [0-9.]+\) reads sidecar-gitops\.dev\/v1alpha1\n {2}hint: upgrade the generator/);
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("a flow-style top level: CFG034, exit 1, nothing written", async () => {
    const dir = tempDir();
    const file = join(dir, "c.yaml");
    writeFileSync(file, "{ project: { name: demo }, apps: [] }\n");
    const { out, io } = memoryIO();
    expect(await runMigrate(["--config", file], io)).toBe(1);
    expect(out.stderr).toMatch(/error CFG034: cannot migrate: the config's top level is not a block mapping/);
    expect(readFileSync(file, "utf8")).toBe("{ project: { name: demo }, apps: [] }\n");
  });
});
