import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { cmp } from "../diagnostics/diagnostic.js";
import { diffEnvironments, renderDiffMarkdown } from "../review/diff-markdown.js";
import { BUILD_CACHE_DIR, buildKustomizations, type BuildGroup } from "../tools/kustomize-batch.js";
import { findKustomize } from "../tools/kustomize.js";
import { checkOutDir, processIO, reportError, UsageError, type CommandIO } from "./io.js";

const run = promisify(execFile);

export const DIFF_USAGE = `usage: npm run diff -- --base REF [--out DIR]

Builds every environment's sync targets with real kustomize at REF (a git worktree of it, no network) and in
the working tree, and prints per environment the unified diff of the built manifests, as markdown: a section
per environment (collapsed when long) and a one-line total. With no change it says so in one line.

  --base REF   the git ref to compare with (a branch, tag or commit, e.g. origin/main or HEAD~1)
  --out DIR    the folder holding overlays/ and base/, relative to the repository root (default: .)
`;

/** `diff`: the rendered effect of a change, per environment, for a pull-request comment. */
export async function runDiff(argv: string[], io: CommandIO = processIO): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { base: { type: "string" }, out: { type: "string", default: "." }, help: { type: "boolean", short: "h", default: false } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(DIFF_USAGE);
      return 0;
    }
    if (!values.base) throw new UsageError("--base REF is required");
    checkOutDir("diff", values.out);
    const head = resolve(values.out);
    const top = (await git(head, ["rev-parse", "--show-toplevel"])).trim();
    const sub = relative(top, head);
    const worktree = mkdtempSync(join(tmpdir(), "sidecar-gitops-diff-"));
    try {
      await git(top, ["worktree", "add", "--detach", "--quiet", worktree, values.base]);
      const kustomize = await findKustomize();
      const [before, after] = [await builtEnvironments(kustomize, join(worktree, sub)), await builtEnvironments(kustomize, head)];
      io.stdout.write(renderDiffMarkdown(diffEnvironments(before, after), values.base));
      return 0;
    } finally {
      await git(top, ["worktree", "remove", "--force", worktree]).catch(() => undefined);
      rmSync(worktree, { recursive: true, force: true });
    }
  } catch (err) {
    return reportError(io, err, DIFF_USAGE);
  }

  /** Every environment's sync targets built, joined in path order: env → manifests. */
  async function builtEnvironments(kustomize: Awaited<ReturnType<typeof findKustomize>>, root: string): Promise<Map<string, string>> {
    const envs = existsSync(join(root, "overlays")) ? dirs(join(root, "overlays")) : [];
    const byEnv = new Map<string, string[]>();
    const groups: BuildGroup[] = [];
    for (const env of envs) {
      // A sync target per app (overlays/<env>/<app>/); a tree from before targets has the environment's folder.
      const targets = dirs(join(root, "overlays", env)).filter((t) => existsSync(join(root, "overlays", env, t, "kustomization.yaml")));
      const paths = targets.length > 0 ? targets.map((t) => `overlays/${env}/${t}`) : existsSync(join(root, "overlays", env, "kustomization.yaml")) ? [`overlays/${env}`] : [];
      byEnv.set(env, paths);
      groups.push({ items: paths.map((dir) => ({ dir, inputs: [dir, ...(dir.split("/").length > 2 ? [`base/${dir.split("/")[2]}`] : ["base"])] })) });
    }
    const built = await buildKustomizations(kustomize, root, groups, { cacheDir: BUILD_CACHE_DIR });
    const out = new Map<string, string>();
    for (const [env, paths] of byEnv) {
      out.set(env, paths.map((p) => { const r = built.get(p)!; return r.output ?? `# ${p}: kustomize build failed: ${r.error}\n`; }).join("---\n"));
    }
    return out;
  }
}

function dirs(path: string): string[] {
  return readdirSync(path, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort(cmp);
}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new UsageError(`git ${args[0]} failed: ${(e.stderr || e.message).trim().split("\n")[0]}`);
  }
}
