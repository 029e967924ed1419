/**
 * Shared helpers for `npm run test:oracles`: where the oracle binaries live (.oracles/bin, built by
 * `npm run oracles`), skipping when one is missing (failing instead under CI=true), and process helpers.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const ORACLE_BIN = join(REPO_ROOT, ".oracles", "bin");
export const CLI = join(REPO_ROOT, "bin", "sidecar-gitops.mjs");
export const IN_CI = process.env.CI === "true" || process.env.CI === "1";

/**
 * The path of an oracle binary, or undefined when it is not built (the caller skips). Under CI=true a
 * missing oracle throws: CI must never pass by skipping.
 */
export function oracle(name: string): string | undefined {
  const path = join(ORACLE_BIN, name);
  if (existsSync(path)) return path;
  if (IN_CI) throw new Error(`oracle ${name} is missing from .oracles/bin: run \`npm run oracles\` first (CI=true forbids skipping)`);
  console.warn(`[oracles] skipping: ${path} is missing (run \`npm run oracles\`)`);
  return undefined;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion with a hard timeout (SIGKILL), collecting its output. */
export function run(cmd: string, args: string[], opts: { cwd?: string; input?: string | Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 300_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") });
    });
    child.stdin.on("error", () => {});
    child.stdin.end(opts.input ?? "");
  });
}

/** Runs tasks with at most `limit` in flight, results in input order. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}
