/**
 * Crash injection: for a transition from tree A to tree B, kill -9 the writer after every step of the write
 * protocol (see generator/write/apply.ts). GIVEN tree A on disk, WHEN a run towards B dies at step S, THEN
 * (temp files aside) the tree is exactly A, exactly B, or carries the journal; AND a normal run (no --force)
 * afterwards succeeds and leaves exactly B, with no stray temp or journal file; AND a run towards A instead
 * (the config was reverted meanwhile) leaves exactly A.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../generator/render/generated-file.js";
import { JOURNAL_PATH, writeTree } from "../../generator/write/index.js";
import { REPO_ROOT, runTs } from "../helpers/cli.js";
import { copyTree, readTree, tempDir, withoutTemps } from "../helpers/write-tree.js";

const CHILD = join(REPO_ROOT, "test", "helpers", "write-child.ts");
const V = { version: "0.0.0-test" };

const A: GeneratedFile[] = [
  { path: "base/web/deployment.yaml", content: "replicas: 1\n" },
  { path: "base/web/kustomization.yaml", content: "resources: [deployment.yaml]\n" },
  { path: "overlays/old/kustomization.yaml", content: "namespace: old\n" },
  { path: "overlays/old/patches/p.yaml", content: "p: 1\n" },
];
const B: GeneratedFile[] = [
  { path: "base/web/deployment.yaml", content: "replicas: 2\n" }, // update
  { path: "base/web/kustomization.yaml", content: "resources: [deployment.yaml]\n" }, // unchanged
  { path: "overlays/new/kustomization.yaml", content: "namespace: new\n" }, // create, new nested folder
  { path: "overlays/new/patches/p.yaml", content: "p: 2\n" }, // create, deeper
  // overlays/old/** deleted, and its folders pruned
];

function runChild(outDir: string, files: GeneratedFile[], crashAt?: string) {
  return runTs(CHILD, [JSON.stringify({ outDir, files, crashAt })], REPO_ROOT);
}

async function treeOf(files: GeneratedFile[]): Promise<Record<string, string>> {
  const dir = tempDir();
  await writeTree(dir, files, V);
  return readTree(dir);
}

async function treeA(): Promise<string> {
  const root = tempDir();
  await writeTree(root, A, V);
  return root;
}

describe("a write killed at any step", async () => {
  const expectedA = await treeOf(A);
  const expectedB = await treeOf(B);

  // Enumerate the steps from one uninterrupted run in a child process.
  const probe = await treeA();
  const full = runChild(probe, B);
  const steps = JSON.parse(full.stdout || "[]") as string[];

  it("reports a step for the journal, every temp file, write and delete, the manifest and the end", () => {
    expect(full.code, full.stderr).toBe(0);
    expect(steps).toEqual([
      `tmp:${JOURNAL_PATH}`,
      "journal",
      "tmp:base/web/deployment.yaml",
      "write:base/web/deployment.yaml",
      "tmp:overlays/new/kustomization.yaml",
      "write:overlays/new/kustomization.yaml",
      "tmp:overlays/new/patches/p.yaml",
      "write:overlays/new/patches/p.yaml",
      "delete:overlays/old/kustomization.yaml",
      "delete:overlays/old/patches/p.yaml",
      "tmp:.gitops/manifest.json",
      "manifest",
      "done",
    ]);
    expect(readTree(probe)).toEqual(expectedB);
  });

  it.each(steps)("killed after %s: A, B or journaled; then a plain run gives exactly B (or A)", async (step) => {
    const root = await treeA();
    const r = runChild(root, B, step);
    expect(r.signal, r.stderr).toBe("SIGKILL");

    // THEN every file is whole: the visible tree is A, B, or carries the journal that explains it.
    const after = readTree(root);
    const visible = withoutTemps(after);
    const journaled = JOURNAL_PATH in visible;
    expect(journaled || isEqual(visible, expectedA) || isEqual(visible, expectedB), JSON.stringify(after, null, 1)).toBe(true);
    // A temp file without a journal can only be the journal's own, written before the journal exists.
    if (!journaled) expect(Object.keys(after).filter((p) => p.endsWith(".gitops-tmp"))).toEqual(Object.keys(after).filter((p) => p === `${JOURNAL_PATH}.gitops-tmp`));

    const reverted = copyTree(root);
    // Recovery: a plain run, no --force, finishes the job...
    await writeTree(root, B, V);
    expect(readTree(root)).toEqual(expectedB);
    // ...or, if the config went back to A meanwhile, undoes it without mistaking B's files for hand edits.
    await writeTree(reverted, A, V);
    expect(readTree(reverted)).toEqual(expectedA);
  });

  it("survives being killed again during recovery", async () => {
    // GIVEN a run towards B killed mid-write, WHEN the recovery run towards B is killed after its own first
    // write too, THEN a third, plain run still ends at exactly B.
    const root = await treeA();
    expect(runChild(root, B, "write:overlays/new/kustomization.yaml").signal).toBe("SIGKILL");
    const again = runChild(root, A, "write:base/web/deployment.yaml"); // recovery towards A this time
    expect(again.signal, again.stderr).toBe("SIGKILL");
    await writeTree(root, B, V);
    expect(readTree(root)).toEqual(expectedB);
  });
});

function isEqual(a: Record<string, string>, b: Record<string, string>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
