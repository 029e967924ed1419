/**
 * How a scaffolded repository's package.json names the generator: the same package the running CLI came
 * from, pinned. npm records where it installed a package from in the hidden lock file
 * (node_modules/.package-lock.json): a registry install pins the exact version, a git install its git URL at
 * the commit, a tarball or folder install its `file:` path (made relative to the new repository).
 */
import { isAbsolute, relative, resolve, sep } from "node:path";

export interface InstalledFrom {
  /** The generator's version (its package.json). */
  version: string;
  /** `resolved` of node_modules/sidecar-gitops in the installing project's hidden lock file, if any. */
  resolved?: string;
  /** The installing project's root (the folder holding node_modules/), to read a relative `file:` path from. */
  projectRoot?: string;
}

/** The devDependency spec for the generator in a repository scaffolded at `targetDir`. */
export function generatorDependency(from: InstalledFrom, targetDir: string): string {
  const r = from.resolved;
  if (r === undefined || /^https?:\/\//.test(r)) return from.version; // the registry (npm may omit its URLs)
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(r)) return r; // a git URL, at the commit npm resolved
  if (r.startsWith("file:") && from.projectRoot) {
    const path = r.slice("file:".length);
    const abs = isAbsolute(path) ? path : resolve(from.projectRoot, path);
    const rel = relative(targetDir, abs).split(sep).join("/");
    return `file:${rel.startsWith(".") ? rel : `./${rel}`}`;
  }
  return from.version;
}

/** A valid npm package name from a folder name ("My GitOps" → "my-gitops"), "gitops" when none is left. */
export function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._~-]+|[._~-]+$/g, "")
    .slice(0, 214);
  return name === "" || name === "node_modules" || name === "favicon.ico" ? "gitops" : name;
}
