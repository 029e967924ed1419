/**
 * The write path makes its data durable: every temp file is fsynced before its rename, and every folder whose
 * entries changed (renames, the journal, the manifest) is fsynced after. A crash test cannot see a missing
 * fsync (a killed process loses nothing the kernel already has; only a power cut does), so this test watches
 * the calls: fs.fsync on each file descriptor gen opens, FileHandle.sync on each folder it opens.
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../../generator/render/generated-file.js";
import { tempDir } from "../../helpers/tree.js";

const fdPaths = new Map<number, string>();
const handlePaths = new WeakMap<object, string>();
/** What was synced, in order: file paths (fs.fsync) and folder paths (FileHandle.sync). */
const synced: string[] = [];
/** Temp files at the moment they were renamed: each must have been synced before. */
const renamedUnsynced: string[] = [];

const saved = { openSync: fs.openSync, fsync: fs.fsync, renameSync: fs.renameSync, open: fs.promises.open };
let sync: ((this: object) => Promise<void>) | undefined;
let proto: { sync: (this: object) => Promise<void> } | undefined;

beforeAll(async () => {
  fs.openSync = ((p: fs.PathLike, ...rest: unknown[]) => {
    const fd = (saved.openSync as (...a: unknown[]) => number)(p, ...rest);
    fdPaths.set(fd, String(p));
    return fd;
  }) as typeof fs.openSync;
  fs.fsync = ((fd: number, cb: fs.NoParamCallback) => {
    synced.push(fdPaths.get(fd) ?? `fd ${fd}`);
    return saved.fsync(fd, cb);
  }) as typeof fs.fsync;
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    if (!synced.includes(String(from))) renamedUnsynced.push(String(from));
    return saved.renameSync(from, to);
  }) as typeof fs.renameSync;
  fs.promises.open = (async (p: fs.PathLike, ...rest: unknown[]) => {
    const fh = await (saved.open as (...a: unknown[]) => Promise<fs.promises.FileHandle>)(p, ...rest);
    handlePaths.set(fh, String(p));
    return fh;
  }) as typeof fs.promises.open;
  // FileHandle.sync is on the class prototype: find it through a handle.
  const probe = await saved.open(tempDir(), "r");
  proto = Object.getPrototypeOf(probe) as { sync: (this: object) => Promise<void> };
  await probe.close();
  sync = proto.sync;
  proto.sync = function (this: object) {
    synced.push(handlePaths.get(this) ?? "?");
    return sync!.call(this);
  };
  // node:fs's named ESM exports (what generator/write imports) follow the patched properties only after this.
  syncBuiltinESMExports();
});

afterAll(() => {
  Object.assign(fs, { openSync: saved.openSync, fsync: saved.fsync, renameSync: saved.renameSync });
  fs.promises.open = saved.open;
  if (proto && sync) proto.sync = sync;
  syncBuiltinESMExports();
});

const FILES: GeneratedFile[] = [
  { path: "base/web/deployment.yaml", content: "replicas: 1\n" },
  { path: "base/web/kustomization.yaml", content: "resources: [deployment.yaml]\n" },
  { path: "overlays/dev/kustomization.yaml", content: "namespace: dev\n" },
];

describe("the write path syncs files and folders", () => {
  it("fsyncs every temp file before its rename, then the folders that hold the renamed files, the journal and the manifest", async () => {
    const { writeTree } = await import("../../../generator/write/index.js");
    const root = tempDir();
    synced.length = 0;
    renamedUnsynced.length = 0;
    await writeTree(root, FILES, { version: "0.0.0-test" });

    for (const f of FILES) expect(synced, `temp of ${f.path} fsynced`).toContain(join(root, `${f.path}.gitops-tmp`));
    expect(synced).toContain(join(root, ".gitops/manifest.json.gitops-tmp"));
    expect(synced).toContain(join(root, ".gitops/manifest.pending.json.gitops-tmp"));
    expect(renamedUnsynced, "renamed before fsync").toEqual([]);
    for (const dir of ["base/web", "overlays/dev", ".gitops"]) expect(synced, `folder ${dir} fsynced`).toContain(join(root, dir));
    // The manifest's folder is synced after the manifest's own temp file (its rename is the commit point).
    expect(synced.lastIndexOf(join(root, ".gitops"))).toBeGreaterThan(synced.indexOf(join(root, ".gitops/manifest.json.gitops-tmp")));
    // Every file gen wrote was synced by the time its folder was: no folder sync comes before a file sync in it.
    const firstDirSync = synced.indexOf(join(root, "base/web"));
    expect(firstDirSync).toBeGreaterThan(synced.indexOf(join(root, "base/web/deployment.yaml.gitops-tmp")));
  });

  it("syncs the folder of a delete, so the unlink is durable before the manifest forgets the file", async () => {
    const { writeTree } = await import("../../../generator/write/index.js");
    const root = tempDir();
    await writeTree(root, FILES, { version: "0.0.0-test" });
    synced.length = 0;
    await writeTree(root, FILES.filter((f) => f.path !== "base/web/kustomization.yaml"), { version: "0.0.0-test" });
    expect(synced).toContain(join(root, "base/web"));
    expect(synced.indexOf(join(root, "base/web"))).toBeLessThan(synced.indexOf(join(root, ".gitops/manifest.json.gitops-tmp")));
  });
});
