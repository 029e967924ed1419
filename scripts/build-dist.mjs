#!/usr/bin/env node
/**
 * The package build (`prepare`, so `npm pack` and git-URL installs run it): the CLI and the validation
 * worker compiled by esbuild into dist/, plain JavaScript for Node 20+, which an installed package runs
 * with its runtime `dependencies` alone (they stay imports: `packages: "external"`).
 *
 *   dist/cli/main.mjs          generator/cli/main.ts (bin/sidecar-gitops.mjs runs it when there are no sources)
 *   dist/validate/worker.mjs   generator/validate/worker.ts (kubeconform -n, and deep.ts's helper thread for
 *                              documents nested past the main thread's stack, in its "deep" role)
 *
 * Each output sits two folders below the package root like the sources, so `new URL("../../", import.meta.url)`
 * is the root in both (generator/runtime/paths.ts). Built into a temp folder and renamed: a failed build
 * leaves the previous dist/ whole.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "dist");
const tmp = join(root, `dist.${process.pid}.tmp`);
rmSync(tmp, { recursive: true, force: true });
try {
  buildSync({
    entryPoints: {
      "cli/main": join(root, "generator", "cli", "main.ts"),
      "validate/worker": join(root, "generator", "validate", "worker.ts"),
    },
    outdir: tmp,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    legalComments: "none",
    logLevel: "warning",
    define: { __SIDECAR_GITOPS_DIST__: "true" },
    // A bundled module that calls require (the ajv standalone validator does) gets one in the ESM output.
    banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  });
  if (existsSync(out)) rmSync(out, { recursive: true, force: true });
  renameSync(tmp, out);
} catch (err) {
  rmSync(tmp, { recursive: true, force: true });
  throw err;
}
// stderr: `npm pack --json` prints its JSON on stdout, after the lifecycle scripts.
process.stderr.write(`built ${out}\n`);
