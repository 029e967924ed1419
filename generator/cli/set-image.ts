import { parseArgs } from "node:util";
import { imageEdits, inheritedDigest } from "../config/image-edits.js";
import { locate } from "../config/source.js";
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import { editConfig, loadForEdit, writeEdited } from "./config-edits.js";
import { checkOutDir, CONFIG_OPTIONS, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { imageText } from "./promote.js";
import { PROGRESS_OPTIONS, PROGRESS_USAGE, startProgress, withElapsed, type Progress } from "./progress.js";

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
    const { text, loaded, model } = loadForEdit(values.config, values.out, io);
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
    await writeEdited(
      {
        command: "set-image",
        config: values.config,
        out: values.out,
        edited,
        changes: [`${what}: ${imageText(current)} → ${imageText(want)}`],
        dryRun: values["dry-run"],
        allowDelete: values["allow-delete"],
        verbose: values.verbose,
        dryRunLine: "set-image --dry-run: nothing written",
        doneLine: `set-image: ${values.config} and the tree updated`,
      },
      io,
      progress,
    );
    return 0;
  } catch (err) {
    return reportError(io, err, SET_IMAGE_USAGE);
  } finally {
    progress?.stop();
  }
}
