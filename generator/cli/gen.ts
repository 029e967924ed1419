import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderFromConfigFile } from "../pipeline.js";
import { applyPlan, checkTree, driftAdvice, planWrites, summarizePlan } from "../write/index.js";
import { CONFIG_OPTIONS, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { PROGRESS_OPTIONS, PROGRESS_USAGE, endWithReport, startProgress, withElapsed, type Progress } from "./progress.js";
import { generatorVersion } from "./version.js";

export const GEN_USAGE = `usage: npm run gen -- [--config FILE] [--out DIR] [--check | --dry-run] [--force]

  --config FILE  the config to render (default: gitops.config.yaml)
  --out DIR      the root to write base/, overlays/ and .gitops/ under (default: the current directory)
  --check        write nothing; exit 1 and print a unified diff if the tree differs from what the config renders
  --dry-run      write nothing; list what would be created, updated, deleted and adopted (not with --check)
  --force        overwrite generated files that were edited by hand (never files the generator did not write)
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
    const outDir = resolve(values.out);
    progress.phase("render");
    const { files } = await renderFromConfigFile(values.config, values.out);
    const version = generatorVersion();

    if (values.check) {
      progress.phase("check");
      const result = await checkTree(outDir, files, { version });
      progress.stop();
      if (result.clean) {
        io.stdout.write(withElapsed(`gen --check: ${values.out} is up to date with ${values.config} (${files.length} files)\n`, progress.elapsedMs()));
        return 0;
      }
      io.stdout.write(result.diff);
      io.stderr.write(
        withElapsed(`gen --check: ${result.changes.length} generated file(s) differ from ${values.config}; ${driftAdvice(result.changes, values.config)}\n`, progress.elapsedMs()),
      );
      return 1;
    }

    progress.phase("plan");
    const plan = await planWrites(outDir, files, { force: values.force, version });
    if (!values["dry-run"]) {
      progress.phase("write");
      await applyPlan(plan, { onProgress: progress.reporter() });
    }
    endWithReport(progress, summarizePlan(plan), {
      title: values["dry-run"] ? "gen --dry-run: what gen would write" : "gen: what was written",
      verbose: values.verbose,
      changed: plan.files.filter((f) => f.action !== "unchanged").map((f) => f.path),
    });
    return 0;
  } catch (err) {
    return reportError(io, err, GEN_USAGE);
  } finally {
    progress?.stop();
  }
}
