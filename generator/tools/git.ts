/**
 * The few git operations `diff` needs, through the git CLI (no network): the repository root, the default
 * base (the merge base with the default branch), and a throwaway worktree of a ref.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A git failure the user can fix (an unknown ref, not a repository): printed without a stack, exit 2. */
export class GitError extends Error {}

export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new GitError(`git ${args[0]} failed: ${(e.stderr || e.message).trim().split("\n")[0]}`);
  }
}

async function tryGit(cwd: string, args: string[]): Promise<string | undefined> {
  return git(cwd, args).then((s) => s.trim() || undefined, () => undefined);
}

export interface BaseRef {
  /** What to check out: a commit or ref. */
  ref: string;
  /** How to name it to a reader (markdown). */
  label: string;
}

/**
 * The default base of a diff: on a branch, its merge base with the default branch (origin's HEAD, else a
 * local main or master), i.e. what a pull request of this branch is compared with; outside a branch
 * (detached HEAD) or without a default branch, HEAD.
 */
export async function defaultBase(cwd: string): Promise<BaseRef> {
  const branch = await tryGit(cwd, ["symbolic-ref", "-q", "--short", "HEAD"]);
  if (!branch) return { ref: "HEAD", label: "`HEAD`" };
  const candidates = [await tryGit(cwd, ["symbolic-ref", "-q", "--short", "refs/remotes/origin/HEAD"]), "main", "master"];
  for (const c of candidates) {
    if (!c || !(await tryGit(cwd, ["rev-parse", "-q", "--verify", `${c}^{commit}`]))) continue;
    const base = await tryGit(cwd, ["merge-base", "HEAD", c]);
    if (!base) continue;
    return { ref: base, label: `\`${c}\` (merge base ${base.slice(0, 7)})` };
  }
  return { ref: "HEAD", label: "`HEAD`" };
}

/** Runs fn on a detached worktree of ref (under the temp folder), then removes the worktree. */
export async function withWorktree<T>(top: string, ref: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "sidecar-gitops-diff-"));
  try {
    await git(top, ["worktree", "add", "--detach", "--quiet", dir, ref]);
    return await fn(dir);
  } finally {
    await git(top, ["worktree", "remove", "--force", dir]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
