import { parseArgs } from "node:util";
import type { ConfigEdit, ConfigRemoval } from "../config/edit.js";
import { imageEdits } from "../config/image-edits.js";
import { positionOf } from "../config/source.js";
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import type { Model } from "../model/types.js";
import { editConfig, loadForEdit, writeEdited } from "./config-edits.js";
import { PROGRESS_OPTIONS, PROGRESS_USAGE, startProgress, withElapsed, type Progress } from "./progress.js";
import { checkOutDir, CONFIG_OPTIONS, processIO, reportError, UsageError, type CommandIO } from "./io.js";

export const PROMOTE_USAGE = `usage: npm run promote -- --from ENV --to ENV [--app APP] [--dry-run] [--force] [--config FILE] [--out DIR]

For every container of the selected apps, the image tag that --from runs (after its overrides) becomes --to's
override in the config (with its digest), edited in place: only the lines of the changed values change.
Then the tree is regenerated.

  --from ENV   the environment whose tags are promoted
  --to ENV     the environment that gets them
  --app APP    only this app (default: every app)
  --dry-run    print what would change; write nothing
  --force      promote past a step of the config's promotion order (e.g. dev → prod)
  --allow-delete  let the regeneration remove sync targets whose objects Argo CD or Flux then delete (as gen)
${PROGRESS_USAGE}`;

/** One tag that moves. */
export interface Promotion {
  app: string;
  container: string;
  from: string;
  to: string;
}

/**
 * The tags --from runs that --to does not, per app and container, and the config edits that make --to run
 * them. Throws located diagnostics for an unknown environment or app, --from equal to --to, or a step skipped
 * in the promotion order without force.
 */
export function planPromotion(model: Model, file: string, source: Parameters<typeof positionOf>[0], o: { from: string; to: string; app?: string; force: boolean }): { promotions: Promotion[]; edits: (ConfigEdit | ConfigRemoval)[] } {
  const envs = model.environments.map((e) => e.name);
  const problem = (pointer: string, message: string, hint: string) =>
    new DiagnosticError([{ file, ...positionOf(source, pointer, true), pointer, code: "PRM001", severity: "error", message, hint }]);
  for (const name of [o.from, o.to]) {
    if (!envs.includes(name)) throw problem("/environments", `no environment "${name}" in ${file}`, `use one of: ${envs.join(", ")}`);
  }
  if (o.from === o.to) throw problem(`/environments/${o.to}`, `--from and --to are both "${o.to}"`, "name two different environments: --from runs the tags that --to gets");
  if (o.app !== undefined && !model.apps.some((a) => a.name === o.app)) {
    throw problem("/apps", `no app "${o.app}" in ${file}`, `use one of: ${model.apps.map((a) => a.name).join(", ")}`);
  }
  const order = model.promotion;
  const fi = order.indexOf(o.from);
  const ti = order.indexOf(o.to);
  if (!o.force && fi >= 0 && ti > fi + 1) {
    throw problem("/promotion", `promoting ${o.from} → ${o.to} skips ${order.slice(fi + 1, ti).join(", ")} in the promotion order`, `promote ${o.from} → ${order[fi + 1]} first, or pass --force`);
  }
  const from = model.environments.find((e) => e.name === o.from)!;
  const to = model.environments.find((e) => e.name === o.to)!;
  const promotions: Promotion[] = [];
  const edits: (ConfigEdit | ConfigRemoval)[] = [];
  for (const ea of from.apps.filter((a) => o.app === undefined || a.app === o.app)) {
    const target = to.apps.find((a) => a.app === ea.app)!;
    for (const img of ea.images) {
      const current = target.images.find((i) => i.container === img.container)!;
      if (current.tag === img.tag && current.digest === img.digest) continue;
      promotions.push({ app: ea.app, container: img.container, from: imageText(current), to: imageText(img) });
      // The digest travels with the tag: --to runs exactly the image --from runs.
      edits.push(...imageEdits(model, o.to, ea.app, img.container, { tag: img.tag, ...(img.digest ? { digest: img.digest } : {}) }));
    }
  }
  return { promotions, edits };
}

/** A tag as promote and set-image print it: with its digest, shortened, when it has one. */
export function imageText(i: { tag: string; digest?: string }): string {
  return i.digest ? `${i.tag}@${i.digest.slice(0, 19)}…` : i.tag;
}

/** `promote`: edit the config in place, validate it, regenerate the tree in the same atomic way as gen. */
export async function runPromote(argv: string[], rawIO: CommandIO = processIO): Promise<number> {
  let io = rawIO;
  let progress: Progress | undefined;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...CONFIG_OPTIONS,
        from: { type: "string" },
        to: { type: "string" },
        app: { type: "string" },
        "dry-run": { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        "allow-delete": { type: "boolean", default: false },
        ...PROGRESS_OPTIONS,
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(PROMOTE_USAGE);
      return 0;
    }
    if (!values.from || !values.to) throw new UsageError("--from ENV and --to ENV are required");
    progress = startProgress("promote", rawIO, { quiet: values.quiet });
    io = progress.io;
    progress.phase("render");
    checkOutDir("promote", values.out);
    const { text, loaded, model } = loadForEdit(values.config, values.out, io);
    const source = loaded.source;
    const { promotions, edits } = planPromotion(model, values.config, source, { from: values.from, to: values.to, app: values.app, force: values.force });
    if (promotions.length === 0) {
      progress.stop();
      io.stdout.write(withElapsed(`promote: nothing to promote: ${values.to} already runs every tag of ${values.from}${values.app ? ` for ${values.app}` : ""}\n`, progress.elapsedMs()));
      return 0;
    }
    const edited = editConfig(values.config, source, text, edits);
    await writeEdited(
      {
        command: "promote",
        config: values.config,
        out: values.out,
        edited,
        changes: promotions.map((p) => `${p.app}/${p.container}: ${p.from} → ${p.to}`),
        dryRun: values["dry-run"],
        allowDelete: values["allow-delete"],
        verbose: values.verbose,
        dryRunLine: `promote --dry-run: ${promotions.length} tag(s) from ${values.from} to ${values.to}; nothing written`,
        doneLine: `promote: ${promotions.length} tag(s) from ${values.from} to ${values.to}; ${values.config} and the tree updated`,
      },
      io,
      progress,
    );
    return 0;
  } catch (err) {
    return reportError(io, err, PROMOTE_USAGE);
  } finally {
    progress?.stop();
  }
}
