import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { cmp } from "../diagnostics/diagnostic.js";
import { diffEnvironments, renderDiffMarkdown } from "../review/diff-markdown.js";
import { BUILD_CACHE_DIR, buildKustomizations, type BuildGroup } from "../tools/kustomize-batch.js";
import { findKustomize } from "../tools/kustomize.js";
import { processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { PROGRESS_OPTIONS, PROGRESS_USAGE, startProgress, withElapsed, type Progress } from "./progress.js";
import { buildTimings } from "./build-report.js";

const run = promisify(execFile);

export const DIFF_USAGE = `usage: npm run diff -- --base REF [--out DIR]

Builds every environment's sync targets with real kustomize at REF (a git worktree of it, no network) and in
the working tree, and prints per environment the unified diff of the built manifests, as markdown: a section
per environment (collapsed when long) and a one-line total. With no change it says so in one line.

  --base REF   the git ref to compare with (a branch, tag or commit, e.g. origin/main or HEAD~1)
  --out DIR    the folder holding overlays/ and base/, relative to the repository root (default: .)
${PROGRESS_USAGE}
The markdown goes to stdout; progress, --verbose and the closing line with the elapsed time go to stderr.
`;

/** `diff`: the rendered effect of a change, per environment, for a pull-request comment. */
export async function runDiff(argv: string[], rawIO: CommandIO = processIO): Promise<number> {
  let io = rawIO;
  let progress: Progress | undefined;
  let verbose = "";
  try {
    const { values } = parseArgs({
      args: argv,
      options: { base: { type: "string" }, out: { type: "string", default: "." }, help: { type: "boolean", short: "h", default: false }, ...PROGRESS_OPTIONS },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(DIFF_USAGE);
      return 0;
    }
    if (!values.base) throw new UsageError("--base REF is required");
    // stdout is the markdown (a pull-request comment): the log groups go to stderr.
    progress = startProgress("diff", rawIO, { quiet: values.quiet, logStream: "stderr" });
    io = progress.io;
    const head = resolve(values.out);
    const top = (await git(head, ["rev-parse", "--show-toplevel"])).trim();
    const sub = relative(top, head);
    const worktree = mkdtempSync(join(tmpdir(), "sidecar-gitops-diff-"));
    try {
      progress.phase("checkout");
      await git(top, ["worktree", "add", "--detach", "--quiet", worktree, values.base]);
      const kustomize = await findKustomize();
      const before = await builtEnvironments(kustomize, join(worktree, sub), values.base, progress, values.verbose);
      const after = await builtEnvironments(kustomize, head, "working tree", progress, values.verbose);
      const diffs = diffEnvironments(before, after);
      progress.stop();
      io.stdout.write(renderDiffMarkdown(diffs, values.base));
      io.stderr.write(verbose);
      io.stderr.write(withElapsed(`diff: ${diffs.length} of ${new Set([...before.keys(), ...after.keys()]).size} environment(s) changed against ${values.base}\n`, progress.elapsedMs()));
      return 0;
    } finally {
      await git(top, ["worktree", "remove", "--force", worktree]).catch(() => undefined);
      rmSync(worktree, { recursive: true, force: true });
    }
  } catch (err) {
    return reportError(io, err, DIFF_USAGE);
  } finally {
    progress?.stop();
  }

  /** Every environment's sync targets built, joined in path order: env → manifests. */
  async function builtEnvironments(kustomize: Awaited<ReturnType<typeof findKustomize>>, root: string, tree: string, progress: Progress, wantVerbose: boolean): Promise<Map<string, string>> {
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
    const units = [...byEnv].flatMap(([env, paths]) => paths.map((dir) => ({ dir, group: `${tree} ${env}` })));
    const timing = buildTimings(progress, units, "diff: build", (u) => u.dir.split("/")[1]!);
    progress.phase(`build ${tree}`, units.length);
    const built = await buildKustomizations(kustomize, root, groups, { cacheDir: BUILD_CACHE_DIR, onProgress: timing.onProgress });
    if (wantVerbose) verbose += timing.verbose(built);
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
