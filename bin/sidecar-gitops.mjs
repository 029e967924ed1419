#!/usr/bin/env node
/**
 * The sidecar-gitops CLI (`npm run gen`, `validate`, `kubeconform`). Runs generator/cli/main.ts from a cached
 * esbuild bundle (bin/bundle.mjs); when none can be built, or with SIDECAR_GITOPS_NO_BUNDLE=1, runs the
 * TypeScript through tsx instead. Either way the same code runs.
 */
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cachedBundle, sourcesBelow } from "./bundle.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = join(root, "generator", "cli", "main.ts");
let bundle;
if (process.env.SIDECAR_GITOPS_NO_BUNDLE !== "1") {
  try {
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
