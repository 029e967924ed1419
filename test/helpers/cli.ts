import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** tsx's ESM loader by absolute URL, so the CLI runs from any cwd (a bare `--import tsx` resolves from cwd). */
export const TSX_LOADER = pathToFileURL(join(REPO_ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
export const LAUNCHER = join(REPO_ROOT, "bin", "sidecar-gitops.mjs");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point under node + tsx, the way the npm scripts do. */
export function runTs(script: string, args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, ["--import", TSX_LOADER, script, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GITHUB_ACTIONS: "", ...env },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the real CLI (`npm run <command>` without npm: bin/sidecar-gitops.mjs) in cwd. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd, encoding: "utf8", env: { ...process.env, GITHUB_ACTIONS: "", ...env } });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The elapsed time a summary line ends with: " (1.2 s)", or ", 1.2 s)" inside a parenthesis it already had. */
export const ELAPSED = /(?: \(\d+\.\d s\)|, \d+\.\d s(\)))$/gm;

/** Output with the elapsed times of its summary lines taken out (they differ from run to run). */
export const withoutElapsed = (s: string) => s.replace(ELAPSED, "$1");
