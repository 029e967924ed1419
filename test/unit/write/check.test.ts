import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../../generator/render/generated-file.js";
import { checkTree, JOURNAL_PATH, MANIFEST_PATH, writeTree } from "../../../generator/write/index.js";
import { readTree, rejectedWith, tempDir } from "../../helpers/write-tree.js";

const V = { version: "0.0.0-test" };
const A: GeneratedFile[] = [
  { path: "base/web/deployment.yaml", content: "kind: Deployment\nreplicas: 1\nimage: nginx\n" },
  { path: "base/web/kustomization.yaml", content: "resources:\n  - deployment.yaml\n" },
  { path: "overlays/dev/kustomization.yaml", content: "resources:\n  - ../../base/web\n" },
];

async function treeWith(files: GeneratedFile[]): Promise<string> {
  const root = tempDir();
  await writeTree(root, files, V);
  return root;
}

describe("checkTree", () => {
  it("is clean, with an empty diff, when the tree is what the files render", async () => {
    const root = await treeWith(A);
    expect(await checkTree(root, A, V)).toEqual({ clean: true, changes: [], diff: "" });
  });

  it("shows a changed file as a unified diff with a/ and b/ paths and -/+ lines, and the manifest change", async () => {
    const root = await treeWith(A);
    const before = readTree(root);
    const next = A.map((f) => (f.path === "base/web/deployment.yaml" ? { ...f, content: f.content.replace("replicas: 1", "replicas: 3") } : f));
    const r = await checkTree(root, next, V);
    expect(r.clean).toBe(false);
    expect(r.changes).toEqual([
      { path: MANIFEST_PATH, action: "update" },
      { path: "base/web/deployment.yaml", action: "update" },
    ]);
    expect(r.diff).toContain(
      "--- a/base/web/deployment.yaml\n+++ b/base/web/deployment.yaml\n@@ -1,3 +1,3 @@\n kind: Deployment\n-replicas: 1\n+replicas: 3\n image: nginx\n",
    );
    expect(r.diff).toMatch(/^--- a\/\.gitops\/manifest\.json\n\+\+\+ b\/\.gitops\/manifest\.json\n@@ /);
    expect(r.diff).toMatch(/^-    "base\/web\/deployment\.yaml": "sha256:[0-9a-f]{64}",$/m);
    expect(r.diff).not.toContain("====");
    expect(readTree(root)).toEqual(before); // writes nothing
  });

  it("shows a missing file as created and an owned file no longer generated as deleted", async () => {
    const root = await treeWith(A);
    rmSync(join(root, "base/web/kustomization.yaml"));
    const r = await checkTree(root, A.slice(0, 2), V);
    expect(r.changes).toEqual([
      { path: MANIFEST_PATH, action: "update" },
      { path: "base/web/kustomization.yaml", action: "create" },
      { path: "overlays/dev/kustomization.yaml", action: "delete" },
    ]);
    expect(r.diff).toContain("--- /dev/null\n+++ b/base/web/kustomization.yaml\n@@ -0,0 +1,2 @@\n+resources:\n+  - deployment.yaml\n");
    expect(r.diff).toContain("--- a/overlays/dev/kustomization.yaml\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-resources:\n-  - ../../base/web\n");
  });

  it("reports everything, manifest included, on an empty folder, and creates nothing", async () => {
    const root = tempDir();
    const r = await checkTree(root, A, V);
    expect(r.changes.map((c) => `${c.action} ${c.path}`)).toEqual([
      "create .gitops/manifest.json",
      "create base/web/deployment.yaml",
      "create base/web/kustomization.yaml",
      "create overlays/dev/kustomization.yaml",
    ]);
    expect(readTree(root)).toEqual({});
  });

  it("is not clean while the journal of an interrupted run is there", async () => {
    const root = await treeWith(A);
    writeFileSync(join(root, JOURNAL_PATH), "{}\n");
    const r = await checkTree(root, A, V);
    expect(r.changes).toEqual([{ path: JOURNAL_PATH, action: "delete" }]);
  });

  it("never reads through a symlink, so a file outside the root cannot leak into the diff", async () => {
    const root = await treeWith(A);
    const outside = tempDir();
    writeFileSync(join(outside, "kustomization.yaml"), "SECRET\n");
    symlinkSync(outside, join(root, "overlays/prod"));
    const r = await checkTree(root, [...A, { path: "overlays/prod/kustomization.yaml", content: "resources: []\n" }], V);
    expect(r.changes).toEqual([
      { path: MANIFEST_PATH, action: "update" },
      { path: "overlays/prod/kustomization.yaml", action: "update" },
    ]);
    expect(r.diff).toContain("--- a/overlays/prod/kustomization.yaml\t(overlays/prod is a symlink)\n+++ b/overlays/prod/kustomization.yaml\n@@ -0,0 +1,1 @@\n+resources: []\n");
    expect(r.diff).not.toContain("SECRET");
  });

  it("refuses a hostile manifest like planWrites does", async () => {
    const root = tempDir();
    mkdirSync(join(root, ".gitops"));
    writeFileSync(join(root, MANIFEST_PATH), JSON.stringify({ generator: "sidecar-gitops", version: "1", files: { "../x": "sha256:" + "0".repeat(64) } }));
    expect((await rejectedWith(checkTree(root, A, V)))[0]).toMatch(/WRT011/);
  });
});
