/**
 * What the progress line (issue 28) costs at fleet size: `gen` (fresh tree) and `validate` (every build from
 * the cache, so the run is short and the line's share largest) in fresh processes, alternately off and forced
 * on to a terminal that discards the bytes. Prints each pair's wall times and, from the runs with it on, the
 * time spent inside the progress code itself as a share of the run. Run by bench/run.ts at 1,000 apps; alone:
 * `node --import tsx bench/progress.ts [APPS]` (default 1000).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { benchConfig } from "./gen-configs.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;

interface Run {
  code: number;
  ms: number;
  progressMs: number;
  draws: number;
  bytes: number;
}

function once(command: "gen" | "validate", config: string, out: string, mode: "on" | "off"): Run {
  const r = spawnSync(process.execPath, ["--import", TSX_LOADER, join(ROOT, "bench", "progress-once.ts"), command, config, out, mode], { encoding: "utf8", cwd: ROOT });
  if (r.status !== 0) throw new Error(`${command} (progress ${mode}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Run;
}

/** `built`: a config and its generated tree whose builds are cached already (run.ts's), to skip a cold validate. */
export function benchProgress(work: string, apps: number, built?: { config: string; tree: string }, rounds = 2): void {
  const config = built?.config ?? join(work, `progress-${apps}.config.yaml`);
  if (!built) writeFileSync(config, benchConfig(apps));
  const tree = built?.tree ?? join(work, `progress-${apps}`);
  const gens: Record<"on" | "off", Run[]> = { on: [], off: [] };
  for (let i = 0; i < rounds; i++) {
    for (const mode of ["off", "on"] as const) {
      const out = join(work, `progress-gen-${mode}-${i}`);
      gens[mode].push(once("gen", config, out, mode));
      rmSync(out, { recursive: true, force: true });
    }
  }
  if (!built) {
    once("gen", config, tree, "off");
    once("validate", config, tree, "off"); // fills the build cache: the measured runs read every build from it
  }
  const validates: Record<"on" | "off", Run[]> = { on: [], off: [] };
  for (let i = 0; i < rounds; i++) for (const mode of ["off", "on"] as const) validates[mode].push(once("validate", config, tree, mode));

  const best = (runs: Run[]) => Math.min(...runs.map((r) => r.ms));
  for (const [name, runs] of [["gen (fresh tree)", gens], ["validate (builds cached)", validates]] as const) {
    const on = runs.on;
    const share = Math.max(...on.map((r) => r.progressMs / r.ms));
    process.stdout.write(
      `progress ${apps}×3 ${name}: off ${best(runs.off).toFixed(0)} ms, on ${best(runs.on).toFixed(0)} ms (best of ${rounds}); ` +
        `the line's own time ${Math.max(...on.map((r) => r.progressMs)).toFixed(1)} ms in ${Math.max(...on.map((r) => r.draws))} draws = ${(100 * share).toFixed(3)}% of the run (at most ${on.length} runs)\n`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const work = mkdtempSync(join(tmpdir(), "sidecar-gitops-bench-progress-"));
  try {
    benchProgress(work, Number(process.argv[2] ?? 1000));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
