/**
 * Where the generator's own files are, as a source checkout and as an installed package. Every module that
 * reads a file of the package (schemas/, package.json, examples/) or keeps a cache goes through here, so
 * the layouts differ in one place only.
 *
 * Modules sit two folders below the package root (generator/<stage>/x.ts), and so do the compiled bundles
 * (dist/cli/main.mjs, dist/validate/worker.mjs): `../../` from the module's URL is the root either way, also
 * inside a bundle, whose modules all share the bundle's URL.
 */
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Set to true by the package build (scripts/build-dist.mjs, esbuild `define`); absent in the sources. */
declare const __SIDECAR_GITOPS_DIST__: boolean | undefined;

/** The package root: this checkout, or node_modules/sidecar-gitops of a project that installed it. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** True when running the compiled package (dist/), false when running the TypeScript sources. */
export const IS_DIST = typeof __SIDECAR_GITOPS_DIST__ !== "undefined" && __SIDECAR_GITOPS_DIST__ === true;

/** A file of the package, by its path from the package root ("schemas/gitops.config.schema.json"). */
export function packageFile(path: string): string {
  return join(PACKAGE_ROOT, path);
}

/**
 * The cache folder (ajv compiles, kustomize outputs, the extracted kubectl, bundles). In a checkout:
 * node_modules/.cache/sidecar-gitops, so `npm ci` starts clean. Installed as a package: the installing
 * project's node_modules/.cache/sidecar-gitops (find-cache-dir's convention), not a node_modules inside the
 * package, so a reinstall starts clean too and nothing is written into the package's own folder.
 */
export function cacheDir(root = PACKAGE_ROOT): string {
  const parent = dirname(root.replace(/[\\/]+$/, ""));
  if (basename(parent) === "node_modules") return join(parent, ".cache", "sidecar-gitops");
  return join(root, "node_modules", ".cache", "sidecar-gitops");
}

/** The compiled validation worker in the package (dist/validate/worker.mjs: -n, and deep.ts's helper). */
export function distWorker(name: "worker"): string {
  return join(PACKAGE_ROOT, "dist", "validate", `${name}.mjs`);
}
