#!/usr/bin/env node
/**
 * The sidecar-gitops CLI (`npm run gen`, `validate`, `kubeconform`, `npx sidecar-gitops init`).
 *
 * Installed as a package (no generator/ sources beside it), it runs the compiled dist/cli/main.mjs that the
 * package build made (scripts/build-dist.mjs). In this repository it runs generator/cli/main.ts from a
 * cached esbuild bundle (bin/bundle.mjs); when none can be built, or with SIDECAR_GITOPS_NO_BUNDLE=1, it runs
 * the TypeScript through tsx instead. Either way the same code runs.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = join(root, "generator", "cli", "main.ts");
if (!existsSync(entry)) {
  await import(pathToFileURL(join(root, "dist", "cli", "main.mjs")).href);
} else {
  let bundle;
  if (process.env.SIDECAR_GITOPS_NO_BUNDLE !== "1") {
    try {
      const { cachedBundle, sourcesBelow } = await import("./bundle.mjs");
      bundle = await cachedBundle({ root, entry, name: "cli", sources: [...sourcesBelow(join(root, "generator")), join(root, "package.json")] });
    } catch {
      bundle = undefined;
    }
  }
  if (bundle) {
    await import(pathToFileURL(bundle).href);
  } else {
    const { register } = await import("tsx/esm/api");
    register();
    await import(pathToFileURL(entry).href);
  }
}
