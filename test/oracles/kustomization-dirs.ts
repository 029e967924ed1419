import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";

/** Kustomization roots the repo syncs from: every directory under these top-level folders with a kustomization file. */
export const SYNC_ROOTS = ["overlays", "clusters", "argocd"];
const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

/** Every directory under `roots` (relative to `repo`) that holds a kustomization file, sorted; found, not hard-coded. */
export function findKustomizationDirs(repo: string, roots: string[] = SYNC_ROOTS): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && KUSTOMIZATION_FILES.includes(e.name))) found.push(relative(repo, dir));
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith(".")) walk(join(dir, e.name));
  };
  for (const root of roots) if (existsSync(join(repo, root))) walk(join(repo, root));
  return found.sort();
}
