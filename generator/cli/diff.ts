import { appendFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { reviewDeletions } from "../guard/destructive.js";
import { formatDeletionReport } from "../guard/report.js";
import { renderFromConfigFile } from "../pipeline.js";
import { summarizeEnvironments } from "../render/summary.js";
import { diffEnvironments, GITHUB_COMMENT_LIMIT, renderDiffMarkdown, type DiffReport } from "../review/diff-markdown.js";
import { objectsOf, type BuiltObject } from "../review/objects.js";
import { buildRenderedTree, buildTreeOnDisk, type BuiltTree } from "../tools/build-trees.js";
import { defaultBase, git, GitError, withWorktree, type BaseRef } from "../tools/git.js";
import { findKustomize } from "../tools/kustomize.js";
import { checkTree, readManifest } from "../write/index.js";
import { checkOutDir, CONFIG_OPTIONS, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { generatorVersion } from "./version.js";
import { buildTimings } from "./build-report.js";
import { PROGRESS_OPTIONS, PROGRESS_USAGE, startProgress, withElapsed, type Progress } from "./progress.js";

export const DIFF_USAGE = `usage: npm run diff -- [--base REF] [--committed] [--config FILE] [--out DIR] [--summary FILE] [--max-chars N]

What the config will do, per environment, as markdown for a pull-request comment: renders the config in
memory, builds every sync target with real kustomize, and compares the objects with the base's committed
tree (a git worktree of it, no network): a one-line summary of created, changed and deleted objects, the
deletions first and in bold, then a section per environment with a header per resource. A committed tree
that is not what the config renders is reported as stale.

  --base REF       what to compare with (a branch, tag or commit, e.g. origin/main or HEAD~1); default: the merge
                   base of HEAD with the default branch (origin's HEAD, else main or master), or HEAD outside a branch
  --committed      compare the tree on disk (base/, overlays/ as committed) instead of what the config renders
  --config FILE    the config (default: gitops.config.yaml)
  --out DIR        the folder holding overlays/ and base/, relative to the repository root (default: .)
  --summary FILE   also append the whole diff to FILE (CI: "$GITHUB_STEP_SUMMARY")
  --max-chars N    cut stdout at N characters, whole resources at a time, with a pointer to the full diff
                   (default: ${GITHUB_COMMENT_LIMIT}, GitHub's comment limit; 0: no limit)
${PROGRESS_USAGE}
The markdown goes to stdout; the progress line, the log groups, --verbose and the closing line with the
elapsed time go to stderr.
`;

/** GitHub's job summary holds 1 MiB per step: the summary copy is cut below it. */
const SUMMARY_LIMIT = 1_000_000;

/** `diff`: the rendered effect of a change, per environment, for a pull-request comment. */
export async function runDiff(argv: string[], rawIO: CommandIO = processIO): Promise<number> {
  let io = rawIO;
  let progress: Progress | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...CONFIG_OPTIONS,
        base: { type: "string" },
        committed: { type: "boolean", default: false },
        summary: { type: "string" },
        "max-chars": { type: "string" },
        ...PROGRESS_OPTIONS,
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(DIFF_USAGE);
      return 0;
    }
    const maxChars = values["max-chars"] === undefined ? GITHUB_COMMENT_LIMIT : Number(values["max-chars"]);
    if (!Number.isInteger(maxChars) || maxChars < 0) throw new UsageError(`--max-chars must be a whole number of characters, not ${JSON.stringify(values["max-chars"])}`);
    // stdout is the markdown (a pull-request comment): the log groups go to stderr.
    progress = startProgress("diff", rawIO, { quiet: values.quiet, logStream: "stderr" });
    io = progress.io;
    checkOutDir("diff", values.out);
    const head = resolve(values.out);
    const top = (await git(head, ["rev-parse", "--show-toplevel"])).trim();
    const sub = relative(top, head);
    const base: BaseRef = values.base !== undefined ? { ref: values.base, label: `\`${values.base}\`` } : await defaultBase(head);

    // What the config renders (also in --committed mode: the stale-tree check needs it).
    progress.phase("render");
    const { model, files } = await renderFromConfigFile(values.config, values.out);
    progress.phase("drift check");
    const drift = await checkTree(head, files, { version: generatorVersion() });
    const kustomize = await findKustomize();
    const builds = treeBuilds(progress, values.verbose);
    const after: BuiltTree = await builds(values.committed ? "working tree" : "config", (on) =>
      values.committed ? buildTreeOnDisk(kustomize, head, on) : buildRenderedTree(kustomize, model, files, on),
    );
    const headPaths = values.committed ? Object.keys((await readManifest(head))?.files ?? {}) : files.map((f) => f.path);

    progress.phase("checkout");
    const report = await withWorktree(top, base.ref, async (worktree): Promise<DiffReport> => {
      const root = join(worktree, sub);
      const before = await builds(base.label.replace(/`/g, ""), (on) => buildTreeOnDisk(kustomize, root, on));
      // What leaves the tree, read from the base's files: the same report gen prints before it writes.
      const review = await reviewDeletions({ root, paths: headPaths, model, allowDelete: false });
      const deletions = formatDeletionReport({ ...review, staleAcknowledgements: [] }, "markdown");
      return {
        base: base.label,
        environments: diffEnvironments(objectsByEnv(before), objectsByEnv(after)),
        places: new Map(summarizeEnvironments(model).map((e) => [e.name, `cluster ${e.cluster}, namespace ${e.namespace}`])),
        ...(deletions ? { deletions } : {}),
      };
    });
    if (!drift.clean) {
      report.stale = values.committed
        ? `> **The committed tree is stale**: ${drift.changes.length} generated file(s) differ from what \`${values.config}\` renders, and this diff shows the committed tree. Run \`npm run gen\` and commit; \`npm run diff\` without --committed shows what the config will do.`
        : `> **The committed tree is stale**: ${drift.changes.length} generated file(s) differ from what \`${values.config}\` renders. This diff shows what the config renders; run \`npm run gen\` and commit it (\`npm run gen -- --check\` fails until then).`;
    }

    const full = renderDiffMarkdown(report);
    if (values.summary) appendFileSync(values.summary, renderDiffMarkdown(report, { maxChars: SUMMARY_LIMIT }));
    progress.stop();
    io.stdout.write(full.length <= maxChars || maxChars === 0 ? full : renderDiffMarkdown(report, { maxChars, fullDiffAt: fullDiffAt(values.summary) }));
    io.stderr.write(builds.verbose());
    io.stderr.write(withElapsed(`diff: ${report.environments.length} environment(s) changed against ${base.label.replace(/`/g, "")}\n`, progress.elapsedMs()));
    return 0;
  } catch (err) {
    if (err instanceof GitError) return reportError(io, new UsageError(err.message), DIFF_USAGE);
    return reportError(io, err, DIFF_USAGE);
  } finally {
    progress?.stop();
  }
}

/**
 * Each tree's builds as a progress phase ("build config", "build origin/main"), a folded group in a GitHub
 * log, and with --verbose per environment what was built (`verbose()`, both trees).
 */
function treeBuilds(progress: Progress, verbose: boolean) {
  let listing = "";
  const builds = async (tree: string, run: (onProgress: ReturnType<typeof buildTimings>["onProgress"]) => Promise<BuiltTree>): Promise<BuiltTree> => {
    const envOf = (dir: string) => dir.split("/")[1] ?? dir;
    const timing = buildTimings(progress, "diff", { groupOf: (dir) => `${tree} ${envOf(dir)}`, detail: (u) => envOf(u.dir), verbose });
    progress.phase(`build ${tree}`);
    progress.group(`diff: build ${tree}`);
    const built = await run(timing.onProgress);
    for (const env of built.keys()) progress.logLine(timing.tally(`${tree} ${env}`));
    progress.endGroup();
    if (verbose) listing += timing.verbose();
    return built;
  };
  return Object.assign(builds, { verbose: () => listing });
}

function objectsByEnv(tree: BuiltTree): Map<string, BuiltObject[]> {
  return new Map([...tree].map(([env, builds]) => [env, objectsOf(builds)]));
}

/** Where the uncut diff is: this run's job summary under GitHub Actions, else the summary file, else nowhere. */
function fullDiffAt(summary: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const run = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  if (summary && run) return `[the job summary of this run](${run})`;
  if (summary) return `\`${summary}\``;
  return run ? `the job summary of [this run](${run}) when the job passes \`--summary\`` : undefined;
}
