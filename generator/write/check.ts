import { readFile } from "node:fs/promises";
import { createTwoFilesPatch } from "diff";
import { cmp } from "../diagnostics/diagnostic.js";
import type { GeneratedFile } from "../render/generated-file.js";
import { buildManifest, hashContent, MANIFEST_PATH, readManifest, serializeManifest } from "./manifest.js";
import { resolveUnder } from "./paths.js";

export interface TreeCheck {
  clean: boolean;
  changes: { path: string; action: "create" | "update" | "delete" }[];
  /** Unified diff of every difference, `a/` = on disk, `b/` = what the config renders. */
  diff: string;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined;
  }
}

/**
 * Compares the tree on disk with what would be written, manifest included, and writes nothing: what
 * `gen --check` runs in CI.
 */
export async function checkTree(outDir: string, files: GeneratedFile[], options: { version: string }): Promise<TreeCheck> {
  const old = await readManifest(outDir);
  const wanted = new Map(files.map((f) => [f.path, f.content]));
  wanted.set(MANIFEST_PATH, serializeManifest(buildManifest(Object.fromEntries(files.map((f) => [f.path, hashContent(f.content)])), options.version)));
  const changes: TreeCheck["changes"] = [];
  const patches: string[] = [];
  for (const [path, content] of [...wanted.entries()].sort(([a], [b]) => cmp(a, b))) {
    const current = await readIfExists(resolveUnder(outDir, path));
    if (current === content) continue;
    changes.push({ path, action: current === undefined ? "create" : "update" });
    patches.push(createTwoFilesPatch(current === undefined ? "/dev/null" : `a/${path}`, `b/${path}`, current ?? "", content, undefined, undefined, { context: 3 }));
  }
  for (const path of Object.keys(old?.files ?? {}).sort(cmp)) {
    if (wanted.has(path)) continue;
    const current = await readIfExists(resolveUnder(outDir, path));
    if (current === undefined) continue;
    changes.push({ path, action: "delete" });
    patches.push(createTwoFilesPatch(`a/${path}`, "/dev/null", current, "", undefined, undefined, { context: 3 }));
  }
  // The diff package starts each patch with an "Index:"-less "===" line; keep only the unified diff proper.
  const diff = patches.map((p) => p.replace(/^=+\n/m, "")).map((p) => (p.endsWith("\n") ? p : p + "\n")).join("");
  return { clean: changes.length === 0, changes, diff };
}
