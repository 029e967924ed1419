import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { includeAppFiles } from "../config/app-files.js";
import { parseConfigText } from "../config/load.js";
import { imageEdits, inheritedDigest } from "../config/image-edits.js";
import { locate } from "../config/source.js";
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import { renderFromLoaded } from "../pipeline.js";
import { applyPlan, planWrites, summarizePlan, writeFileAtomic } from "../write/index.js";
import { editConfig, renderEdited } from "./config-edits.js";
import { assertConsent, reviewDeletions } from "../guard/destructive.js";
import { formatDeletionReport, terminalStyle } from "../guard/report.js";
import { checkOutDir, CONFIG_OPTIONS, printWarnings, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { imageText } from "./promote.js";
import { endWithReport, PROGRESS_OPTIONS, PROGRESS_USAGE, startProgress, withElapsed, type Progress } from "./progress.js";
import { generatorVersion } from "./version.js";

export const SET_IMAGE_USAGE = `usage: npm run set-image -- --env ENV --app APP [--container NAME] --tag TAG [--digest sha256:…] [--dry-run] [--allow-delete] [--config FILE] [--out DIR]

Sets the image one container runs in one environment (for pipelines): the environment's override
(environments.<env>.apps.<app>.containers.<container>.tag, and .digest) is edited in place, only its lines
change; the config is validated and rendered in memory, then written with the regenerated tree. Nothing
changes when the environment already runs that image.

  --env ENV         the environment
  --app APP         the app
  --container NAME  the container (default: the app's main container)
  --tag TAG         the image tag
  --digest DIGEST   pin the tag to this digest (sha256:<64 hex>); without it, a new tag drops the environment's digest
  --dry-run         print what would change; write nothing
  --allow-delete    write even when the regeneration deletes sync targets (a stale tree), as gen --allow-delete
${PROGRESS_USAGE}`;

// The OCI distribution spec's grammar for a tag and a sha256 digest (the config schema's imageTag and imageDigest).
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const DIGEST_PATTERN = /^sha256:[a-f0-9]{64}$/;

/** `set-image`: one container's tag (and digest) in one environment, then gen. */
export async function runSetImage(argv: string[], rawIO: CommandIO = processIO): Promise<number> {
  let io = rawIO;
  let progress: Progress | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...CONFIG_OPTIONS,
        env: { type: "string" },
        app: { type: "string" },
        container: { type: "string" },
        tag: { type: "string" },
        digest: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        "allow-delete": { type: "boolean", default: false },
        ...PROGRESS_OPTIONS,
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(SET_IMAGE_USAGE);
      return 0;
    }
    if (!values.env || !values.app || values.tag === undefined) throw new UsageError("set-image: --env ENV, --app APP and --tag TAG are required");
    if (!TAG_PATTERN.test(values.tag) || values.tag.toLowerCase() === "latest") {
      throw new UsageError(`set-image: --tag ${JSON.stringify(values.tag)} is not a pinned image tag (letters, digits, _ . -, at most 128, not starting with . or -, never latest)`);
    }
    if (values.digest !== undefined && !DIGEST_PATTERN.test(values.digest)) {
      throw new UsageError(`set-image: --digest ${JSON.stringify(values.digest)} is not a digest: write sha256: and 64 lower-case hex digits`);
    }
    checkOutDir("set-image", values.out);
    progress = startProgress("set-image", rawIO, { quiet: values.quiet });
    io = progress.io;
    progress.phase("render");
    const text = readFileSync(values.config, "utf8");
    // With its app files (appFiles) merged: their overrides are located in them, and left to them.
    const loaded = includeAppFiles(values.config, parseConfigText(values.config, text));
    const { model, warnings } = renderFromLoaded(values.config, loaded, values.out);
    printWarnings(io, warnings);
    const problem = (pointer: string, message: string, hint: string) =>
      new DiagnosticError([{ ...locate(loaded.source, pointer, true), code: "PRM001", severity: "error", message, hint }]);
    const env = model.environments.find((e) => e.name === values.env);
    if (!env) throw problem("/environments", `no environment "${values.env}" in ${values.config}`, `use one of: ${model.environments.map((e) => e.name).join(", ")}`);
    const app = model.apps.find((a) => a.name === values.app);
    if (!app) throw problem("/apps", `no app "${values.app}" in ${values.config}`, `use one of: ${model.apps.map((a) => a.name).join(", ")}`);
    const appIndex = model.apps.indexOf(app);
    const container = values.container ?? app.containers[0]!.name;
    if (!app.containers.some((c) => c.name === container)) {
      throw problem(`/apps/${appIndex}`, `app "${app.name}" has no container "${container}"`, `use one of: ${app.containers.map((c) => c.name).join(", ")}`);
    }
    const current = env.apps.find((a) => a.app === app.name)!.images.find((i) => i.container === container)!;
    // Without --digest: the same tag keeps the digest it runs; a new tag drops the environment's own.
    const digest = values.digest ?? (values.tag === current.tag ? current.digest : inheritedDigest(model, app.name, container, values.tag));
    const want = { tag: values.tag, ...(digest ? { digest } : {}) };
    const what = `${app.name}/${container} in ${env.name}`;
    const edits = imageEdits(model, env.name, app.name, container, want);
    if (edits.length === 0) {
      progress.stop();
      io.stdout.write(withElapsed(`set-image: ${what} already runs ${imageText(want)}; nothing changed\n`, progress.elapsedMs()));
      return 0;
    }
    const edited = editConfig(values.config, loaded.source, text, edits);
    // The edited config must render and pass the policy: any error leaves the config and the tree as they were.
    const { files, model: next, source: nextSource } = renderEdited(values.config, edited, values.out);
    progress.phase("plan");
    const plan = await planWrites(resolve(values.out), files, { force: false, version: generatorVersion() });
    // A stale tree can make the regeneration delete sync targets: the same consent as gen (guard/).
    const review = await reviewDeletions({ root: resolve(values.out), paths: files.map((f) => f.path), model: next, allowDelete: values["allow-delete"], oldPaths: Object.keys(plan.previous) });
    io.stdout.write(formatDeletionReport(review, terminalStyle(io.stdout as { isTTY?: boolean })));
    io.stdout.write(`${what}: ${imageText(current)} → ${imageText(want)}\n`);
    if (values["dry-run"]) {
      progress.stop();
      io.stdout.write(withElapsed(`set-image --dry-run: nothing written\n`, progress.elapsedMs()));
      return 0;
    }
    assertConsent(review, next, nextSource);
    progress.phase("write");
    await writeFileAtomic(dirname(resolve(values.config)), basename(values.config), edited);
    await applyPlan(plan, { onProgress: progress.reporter() });
    endWithReport(progress, summarizePlan(plan) + `set-image: ${values.config} and the tree updated\n`, {
      title: "set-image: what was written",
      verbose: values.verbose,
      changed: plan.files.filter((f) => f.action !== "unchanged").map((f) => f.path),
    });
    return 0;
  } catch (err) {
    return reportError(io, err, SET_IMAGE_USAGE);
  } finally {
    progress?.stop();
  }
}
