/** Every write-stage error's hint says what to do (docs/errors.md: "hint: <one concrete fix>"). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DiagnosticError, type Diagnostic } from "../../../generator/diagnostics/diagnostic.js";
import { checkRenderedFiles } from "../../../generator/pipeline.js";
import type { GeneratedFile } from "../../../generator/render/generated-file.js";
import { planWrites, writeTree } from "../../../generator/write/index.js";
import { FIX } from "../../helpers/config.js";
import { tempDir } from "../../helpers/write-tree.js";

const V = { version: "0.0.0-test" };
const A: GeneratedFile[] = [{ path: "base/app/a.yaml", content: "a: 1\n" }];

async function problems(p: Promise<unknown> | (() => unknown)): Promise<Diagnostic[]> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostics;
    throw err;
  }
  throw new Error("expected a DiagnosticError");
}

async function tree(): Promise<string> {
  const root = tempDir();
  await writeTree(root, A, V);
  return root;
}

describe("write and render hints say what to do", () => {
  it.each<[string, string, () => Promise<Diagnostic[]>, RegExp]>([
    ["WRT001", "a file gen did not write", async () => {
      const root = tempDir();
      mkdirSync(join(root, "base/app"), { recursive: true });
      writeFileSync(join(root, "base/app/a.yaml"), "mine\n");
      return problems(planWrites(root, A, V));
    }, /^move it away or delete it/],
    ["WRT002", "a hand edit", async () => {
      const root = await tree();
      writeFileSync(join(root, "base/app/a.yaml"), "a: 2\n");
      return problems(planWrites(root, [{ path: "base/app/a.yaml", content: "a: 3\n" }], V));
    }, /^move your change into gitops\.config\.yaml, then run `npm run gen -- --force`, which overwrites base\/app\/a\.yaml/],
    ["WRT002", "a hand-edited file no longer generated", async () => {
      const root = await tree();
      writeFileSync(join(root, "base/app/a.yaml"), "a: 2\n");
      return problems(planWrites(root, [], V));
    }, /^move it elsewhere to keep it, or run `npm run gen -- --force`, which deletes base\/app\/a\.yaml/],
    ["WRT003", "a folder where a file goes", async () => {
      const root = tempDir();
      mkdirSync(join(root, "base/app/a.yaml"), { recursive: true });
      return problems(planWrites(root, A, V));
    }, /^move that path out of the way/],
    ["WRT004", "an unsafe generated path", async () => problems(planWrites(tempDir(), [{ path: "../x.yaml", content: "x: 1\n" }], V)), /^report it as a generator bug/],
    ["WRT005", "someone's temp file", async () => {
      const root = tempDir();
      mkdirSync(join(root, "base/app"), { recursive: true });
      writeFileSync(join(root, "base/app/a.yaml.gitops-tmp"), "mine\n");
      return problems(planWrites(root, A, V));
    }, /^move it away or delete it/],
    ["WRT010", "a manifest that is not JSON", async () => {
      const root = await tree();
      writeFileSync(join(root, ".gitops/manifest.json"), "{");
      return problems(planWrites(root, A, V));
    }, /^restore it from git: git checkout -- \.gitops\/manifest\.json/],
    ["WRT011", "a manifest entry that escapes the root", async () => {
      const root = await tree();
      writeFileSync(join(root, ".gitops/manifest.json"), JSON.stringify({ generator: "sidecar-gitops", version: "0", files: { "../x": `sha256:${"0".repeat(64)}` } }));
      return problems(planWrites(root, A, V));
    }, /^remove the entry, or restore it from git/],
    ["WRT012", "a manifest that is a folder", async () => {
      const root = tempDir();
      mkdirSync(join(root, ".gitops/manifest.json"), { recursive: true });
      return problems(planWrites(root, A, V));
    }, /^replace it with a real folder and file/],
    ["RND001", "a malformed rendered file", async () => problems(() => checkRenderedFiles([{ path: "x.yaml", content: "a: 1" }])), /^report it as a generator bug/],
  ])("%s (%s)", async (code, _what, run, hint) => {
    const [first] = await run();
    expect(first!.code).toBe(code);
    expect(first!.hint).toMatch(FIX);
    expect(first!.hint).toMatch(hint);
  });
});
