/**
 * Crash injection: for a transition from tree A to tree B, kill -9 the writer after every step of the write
 * protocol. GIVEN tree A on disk, WHEN a run towards B dies at step S, THEN the tree is A, or B, or carries a
 * journal; AND a normal run (no --force) afterwards succeeds and leaves exactly B, with no stray files.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../generator/render/generated-file.js";
import { writeTree } from "../../generator/write/index.js";
import { REPO_ROOT as ROOT, runTs } from "../helpers/cli.js";
import { readTree, tempDir } from "../helpers/tree.js";

const CHILD = join(ROOT, "test", "helpers", "write-child.ts");
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
  { path: "overlays/new/kustomization.yaml", content: "namespace: new\n" }, // create, new nested dir
  { path: "overlays/new/patches/p.yaml", content: "p: 2\n" }, // create
  // overlays/old/** deleted
];

function runChild(root: string, files: GeneratedFile[], crashAt?: string) {
  return runTs(CHILD, [JSON.stringify({ root, files, crashAt })], ROOT);
}

async function treeOf(files: GeneratedFile[]): Promise<Record<string, string>> {
  const dir = tempDir();
  await writeTree(dir, files, V);
  return readTree(dir);
}

describe("a write killed at any step", async () => {
  const expectedA = await treeOf(A);
  const expectedB = await treeOf(B);

  // Enumerate the steps from one uninterrupted run.
  const probe = tempDir();
  await writeTree(probe, A, V);
  const full = runChild(probe, B);
  const steps = JSON.parse(full.stdout || "[]") as string[];

  it("has a step for the journal, every write, every delete, the manifest and the end", () => {
    expect(full.code, full.stderr).toBe(0);
    expect(steps).toEqual([
      "journal",
      "write:base/web/deployment.yaml",
      "write:overlays/new/kustomization.yaml",
      "write:overlays/new/patches/p.yaml",
      "delete:overlays/old/kustomization.yaml",
      "delete:overlays/old/patches/p.yaml",
      "manifest",
      "done",
    ]);
    expect(readTree(probe)).toEqual(expectedB);
  });

  it.each(steps)("after %s: old, new or journaled; the next run repairs it to exactly B", async (step) => {
    const root = tempDir();
    await writeTree(root, A, V);
    const r = runChild(root, B, step);
    expect(r.signal).toBe("SIGKILL");
    const after = readTree(root);
    const journaled = ".gitops/manifest.pending.json" in after;
    expect(journaled || JSON.stringify(after) === JSON.stringify(expectedA) || JSON.stringify(after) === JSON.stringify(expectedB)).toBe(true);
    // Recovery: a plain run, no --force, finishes the job.
    await writeTree(root, B, V);
    expect(readTree(root)).toEqual(expectedB);
  });

  it("a run killed on the way to B and then re-run towards A (config reverted) gets exactly A", async () => {
    const root = tempDir();
    await writeTree(root, A, V);
    expect(runChild(root, B, steps[3]).signal).toBe("SIGKILL");
    await writeTree(root, A, V);
    expect(readTree(root)).toEqual(expectedA);
  });
});
