// npm run schemas [-- --check] [-- --kubernetes-version 1.33]
// Writes (or with --check, compares) the offline kubeconform-layout schemas under schemas/.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildSchemas, configuredKubernetesVersion, differences, staleFiles } from "./build.js";
import { REPO_ROOT } from "./common.js";

const args = process.argv.slice(2);
let check = false;
let kubernetesVersion: string | undefined;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === "--check") check = true;
  else if (a === "--kubernetes-version") kubernetesVersion = args[++i];
  else if (a?.startsWith("--kubernetes-version=")) kubernetesVersion = a.slice("--kubernetes-version=".length);
  else if (a === "-h" || a === "--help") {
    console.log("usage: npm run schemas [-- --check] [-- --kubernetes-version 1.33]");
    process.exit(0);
  } else {
    console.error(`schemas: unknown argument ${a}`);
    process.exit(2);
  }
}

try {
  const result = await buildSchemas({ kubernetesVersion: kubernetesVersion ?? configuredKubernetesVersion() });
  if (check) {
    const diff = differences(result);
    if (diff.length > 0) {
      console.error(`schemas: ${diff.length} file(s) differ from the generator's output (run npm run schemas):`);
      for (const d of diff) console.error(`  ${d}`);
      process.exit(1);
    }
    console.log(`schemas: ${result.files.size} files up to date (Kubernetes ${result.kubernetesVersion})`);
  } else {
    for (const stale of staleFiles(result)) rmSync(join(REPO_ROOT, stale));
    for (const [path, text] of result.files) {
      const file = join(REPO_ROOT, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    console.log(`schemas: wrote ${result.files.size} files (Kubernetes ${result.kubernetesVersion})`);
  }
} catch (err) {
  console.error(`schemas: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
