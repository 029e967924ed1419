/**
 * One measured `gen` in a fresh process: prints JSON {ms, files, maxRssMiB}. Run by bench/run.ts so each size
 * starts cold, as a user's `npm run gen` does.
 */
import { runGen } from "../generator/cli/gen.js";

const [config, out] = process.argv.slice(2) as [string, string];
const sink = { write: () => true };
const t0 = performance.now();
const code = await runGen(["--config", config, "--out", out], { stdout: sink, stderr: process.stderr });
const ms = performance.now() - t0;
const { readFileSync } = await import("node:fs");
const manifest = JSON.parse(readFileSync(`${out}/.gitops/manifest.json`, "utf8")) as { files: Record<string, string> };
process.stdout.write(
  JSON.stringify({ code, ms, files: Object.keys(manifest.files).length + 1, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + "\n",
);
