import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { policyExceptionLines } from "../config-policy.js";
import { renderFromConfigFile } from "../pipeline.js";
import { applyPlan, checkTree, driftAdvice, planWrites, summarizePlan } from "../write/index.js";
import { assertConsent, deletionDiagnostics, reviewDeletions } from "../guard/destructive.js";
import { formatDeletionReport, terminalStyle } from "../guard/report.js";
import { endWithReport, PROGRESS_OPTIONS, PROGRESS_USAGE, startProgress, withElapsed, type Progress } from "./progress.js";
import { checkOutDir, CONFIG_OPTIONS, printDiagnostics, printWarnings, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { generatorVersion } from "./version.js";

export const GEN_USAGE = `usage: npm run gen -- [--config FILE] [--out DIR] [--check | --dry-run] [--force] [--allow-delete]

  --config FILE  the config to render (default: gitops.config.yaml)
  --out DIR      the root to write base/, overlays/ and .gitops/ under (default: the current directory)
  --check        write nothing; exit 1 and print a unified diff if the tree differs from what the config renders
  --dry-run      write nothing; list what would be created, updated, deleted and adopted (not with --check)
  --force        overwrite generated files that were edited by hand (never files the generator did not write)
  --allow-delete remove sync targets (an app in an environment, or an environment) whose objects Argo CD or
                 Flux then delete from the cluster; without it (or a \`removed:\` entry in the config) gen
                 prints what would go and stops (DEL001)
  --version      print the version
${PROGRESS_USAGE}`;

export { generatorVersion } from "./version.js";

/**
 * `gen`: load → validate → model → render → (check | plan → apply). Everything is rendered and checked in
 * memory before the first write, so a bad config or a conflict leaves the tree untouched.
 */
export async function runGen(argv: string[], rawIO: CommandIO = processIO): Promise<number> {
  let io = rawIO;
  let progress: Progress | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...CONFIG_OPTIONS,
        check: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        "allow-delete": { type: "boolean", default: false },
        ...PROGRESS_OPTIONS,
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(GEN_USAGE);
      return 0;
    }
    if (values.check && values["dry-run"]) {
      throw new UsageError("gen: --check and --dry-run cannot be combined (--check compares the tree, --dry-run lists what a run would write)");
    }
    progress = startProgress("gen", rawIO, { quiet: values.quiet });
    io = progress.io;
    checkOutDir("gen", values.out);
    const outDir = resolve(values.out);
    progress.phase("render");
    const { model, files, source, warnings } = await renderFromConfigFile(values.config, values.out);
    printWarnings(io, warnings);
    // Every policy rule the config skips, with its reason: reviewers see the exceptions on each run.
    for (const line of policyExceptionLines(model)) io.stdout.write(`${line}\n`);
    const version = generatorVersion();
    const style = terminalStyle(io.stdout as { isTTY?: boolean });
    // What the controllers would delete (guard/), printed first and in bold, before any diff or plan.
    const review = (oldPaths?: string[]) =>
      reviewDeletions({ root: outDir, paths: files.map((f) => f.path), model, allowDelete: values["allow-delete"], ...(oldPaths ? { oldPaths } : {}) });

    if (values.check) {
      progress.phase("check");
      const result = await checkTree(outDir, files, { version });
      if (result.clean) {
        progress.stop();
        io.stdout.write(withElapsed(`gen --check: ${values.out} is up to date with ${values.config} (${files.length} files)\n`, progress.elapsedMs()));
        return 0;
      }
      const report = formatDeletionReport(await review(), style);
      progress.stop();
      io.stdout.write(report + result.diff);
      io.stderr.write(
        withElapsed(`gen --check: ${result.changes.length} generated file(s) differ from ${values.config}; ${driftAdvice(result.changes, values.config)}\n`, progress.elapsedMs()),
      );
      return 1;
    }

    // The plan reads the manifest already (at 1,000 apps that read is most of the review's cost): the review reuses it.
    progress.phase("plan");
    const plan = await planWrites(outDir, files, { force: values.force, version });
    const deletions = await review(Object.keys(plan.previous));
    io.stdout.write(formatDeletionReport(deletions, style));
    const report = { verbose: values.verbose, changed: plan.files.filter((f) => f.action !== "unchanged").map((f) => f.path) };
    if (values["dry-run"]) {
      endWithReport(progress, summarizePlan(plan), { title: "gen --dry-run: what gen would write", ...report });
      // What a real run would refuse, as warnings: a dry run only looks.
      if (deletions.refused.length > 0) printDiagnostics(io, deletionDiagnostics(deletions, model, source).map((d) => ({ ...d, severity: "warning" as const })));
      return 0;
    }
    assertConsent(deletions, model, source);
    progress.phase("write");
    await applyPlan(plan, { onProgress: progress.reporter() });
    endWithReport(progress, summarizePlan(plan), { title: "gen: what was written", ...report });
    return 0;
  } catch (err) {
    return reportError(io, err, GEN_USAGE);
  } finally {
    progress?.stop();
  }
}
