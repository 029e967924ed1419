/**
 * Cached esbuild bundles of the TypeScript generator, for the CLI launcher and the -n validation workers.
 * Loading generator/ module by module through tsx costs about half a second per process; one bundle loads in
 * a tenth of that. A bundle lives in node_modules/.cache/sidecar-gitops/, named by a hash of its sources and
 * the lock file, so any edit or install makes a new one (built in ~0.3 s) and stale ones are removed.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * The bundle of `entry` (a module two folders below `root`, like generator/cli/main.ts), built when missing.
 * Throws when it cannot be built (no esbuild, read-only node_modules): callers fall back to tsx.
 * @param {{ root: string, entry: string, name: string, sources: string[] }} options
 * @returns {Promise<string>} the bundle's path
 */
export async function cachedBundle({ root, entry, name, sources }) {
  const hash = createHash("sha256");
  for (const file of [...sources].sort().concat(join(root, "package-lock.json"), new URL(import.meta.url).pathname)) {
    hash.update(file).update(existsSync(file) ? readFileSync(file) : "");
  }
  const dir = join(root, "node_modules", ".cache", "sidecar-gitops");
  const bundle = join(dir, `${name}-${hash.digest("hex").slice(0, 16)}.mjs`);
  if (existsSync(bundle)) return bundle;
  const { buildSync } = await import("esbuild");
  mkdirSync(dir, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: tmp,
    logLevel: "silent",
    // esbuild's own JS API stays a runtime import: bundled, it cannot find its service (it needs __filename),
    // so the CLI bundle could not build the -n workers' bundle and they fell back to tsx (a second slower).
    external: ["esbuild"],
    // Modules find the repo (schemas/, package.json) and node_modules from import.meta.url, two folders
    // below the root: the entry's URL keeps those paths right.
    define: { "import.meta.url": JSON.stringify(pathToFileURL(entry).href) },
    // Bundled CommonJS (ajv) calls require: give the ESM bundle one.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  });
  renameSync(tmp, bundle); // atomic: a concurrent run sees the old state or the whole bundle
  for (const old of readdirSync(dir)) {
    if (old.startsWith(`${name}-`) && old.endsWith(".mjs") && join(dir, old) !== bundle) rmSync(join(dir, old), { force: true });
  }
  return bundle;
}

/** Every .ts/.mts/.js file below dir. */
export function sourcesBelow(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js)$/.test(e.name))
    .map((e) => join(e.parentPath ?? e.path, e.name));
}
