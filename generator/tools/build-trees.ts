/**
 * Every environment's sync targets built with real kustomize, from a tree on disk (a committed tree, or a
 * git worktree of a base) or from files rendered in memory (written to a temp folder only to be built).
 * Builds are batched and cached by input hash (tools/kustomize-batch.ts), so an unchanged target costs a
 * cache read.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cmp } from "../diagnostics/diagnostic.js";
import type { Model } from "../model/types.js";
import type { GeneratedFile } from "../render/generated-file.js";
import { allSyncTargets } from "../render/targets.js";
import type { TargetBuild } from "../review/objects.js";
import type { OnProgress } from "../progress.js";
import { BUILD_CACHE_DIR, buildKustomizations, type BuildGroup, type BuildResult } from "./kustomize-batch.js";
import type { KustomizeRunner } from "./kustomize.js";

/** Environment → its targets' builds, in target path order. */
export type BuiltTree = Map<string, TargetBuild[]>;

/** The targets of a tree on disk, found by its folders: overlays/<env>/<name>/kustomization.yaml (or, in a tree from before targets, overlays/<env>/). */
/** Reported as each target is built (or read from the cache). */
export type OnBuilt = OnProgress<{ dir: string; result: BuildResult }>;

export async function buildTreeOnDisk(kustomize: KustomizeRunner, root: string, onProgress?: OnBuilt): Promise<BuiltTree> {
  const envs = existsSync(join(root, "overlays")) ? dirs(join(root, "overlays")) : [];
  const byEnv = new Map<string, string[]>();
  for (const env of envs) {
    const targets = dirs(join(root, "overlays", env)).filter((t) => existsSync(join(root, "overlays", env, t, "kustomization.yaml")));
    const paths = targets.length > 0 ? targets.map((t) => `overlays/${env}/${t}`) : existsSync(join(root, "overlays", env, "kustomization.yaml")) ? [`overlays/${env}`] : [];
    byEnv.set(env, paths);
  }
  return build(kustomize, root, byEnv, onProgress);
}

/** The targets a model renders, built from its files (base/ and overlays/ written to a temp folder, removed after). */
export async function buildRenderedTree(kustomize: KustomizeRunner, model: Model, files: GeneratedFile[], onProgress?: OnBuilt): Promise<BuiltTree> {
  const tmp = mkdtempSync(join(tmpdir(), "sidecar-gitops-rendered-"));
  try {
    for (const f of files) {
      if (!f.path.startsWith("base/") && !f.path.startsWith("overlays/")) continue;
      const target = join(tmp, ...f.path.split("/"));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, f.content);
    }
    const byEnv = new Map<string, string[]>();
    for (const t of allSyncTargets(model)) byEnv.set(t.env, [...(byEnv.get(t.env) ?? []), t.path]);
    for (const [env, paths] of byEnv) byEnv.set(env, paths.sort(cmp));
    return await build(kustomize, tmp, byEnv, onProgress);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function build(kustomize: KustomizeRunner, root: string, byEnv: Map<string, string[]>, onProgress?: OnBuilt): Promise<BuiltTree> {
  const groups: BuildGroup[] = [...byEnv.values()].map((paths) => ({
    // An app's target reads its overlay and base/<app>; the namespace target (and an old env-wide overlay) its own folder and base/.
    items: paths.map((dir) => ({ dir, inputs: [dir, ...(dir.split("/").length > 2 ? [`base/${dir.split("/")[2]}`] : ["base"])] })),
  }));
  const built = await buildKustomizations(kustomize, root, groups, { cacheDir: BUILD_CACHE_DIR, onProgress });
  const out: BuiltTree = new Map();
  for (const [env, paths] of [...byEnv].sort(([a], [b]) => cmp(a, b))) {
    out.set(env, paths.map((dir) => ({ dir, ...pick(built.get(dir)) })));
  }
  return out;
}

function pick(r: { output?: string; error?: string } | undefined): { output?: string; error?: string } {
  if (!r) return { error: "not built" };
  return r.output !== undefined ? { output: r.output } : { error: r.error ?? "kustomize build failed" };
}

function dirs(path: string): string[] {
  return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort(cmp);
}
