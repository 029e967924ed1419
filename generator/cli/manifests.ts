import { parseArgs } from "node:util";
import { renderFromConfigFile } from "../pipeline.js";
import { BUILD_CACHE_DIR, buildKustomizations } from "../tools/kustomize-batch.js";
import { findKustomize } from "../tools/kustomize.js";
import { checkOutDir, CONFIG_OPTIONS, printWarnings, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { validationUnits } from "./validate.js";

export const MANIFESTS_USAGE = `usage: npm run -s manifests -- (--env NAME | --delivery) [--config FILE] [--out DIR]

Prints the built manifests of every sync target of one environment (--env), or of every Argo CD and Flux
kustomization (--delivery), as one YAML stream: what a controller applies, for other tools such as the real
kubeconform (npm run -s manifests -- --env dev | kubeconform -strict -summary ... -).
`;

/** `manifests`: every target of an environment built with real kustomize (batched, cached), to stdout. */
export async function runManifests(argv: string[], io: CommandIO = processIO): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: { ...CONFIG_OPTIONS, env: { type: "string" }, delivery: { type: "boolean", default: false } },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(MANIFESTS_USAGE);
      return 0;
    }
    if ((values.env === undefined) === !values.delivery) throw new UsageError("give one of --env NAME and --delivery");
    checkOutDir("manifests", values.out);
    const { model, files, warnings } = await renderFromConfigFile(values.config, values.out);
    printWarnings(io, warnings);
    if (values.env !== undefined && !model.environments.some((e) => e.name === values.env)) {
      throw new UsageError(`unknown environment "${values.env}": use one of ${model.environments.map((e) => e.name).join(", ")}`);
    }
    const all = validationUnits(model, files, values.env);
    const list = all.list.filter((u) => (values.delivery ? u.env === undefined : u.env === values.env));
    const built = await buildKustomizations(await findKustomize(), values.out, all.groups.filter((g) => g.items.some((i) => list.some((u) => u.dir === i.dir))), { cacheDir: BUILD_CACHE_DIR });
    let failed = 0;
    for (const u of list) {
      const r = built.get(u.dir)!;
      if (r.output === undefined) {
        failed++;
        io.stderr.write(`${u.dir}: ${r.error}\n`);
      } else {
        io.stdout.write(`---\n# Source: ${u.dir}\n${r.output}`);
      }
    }
    return failed > 0 ? 1 : 0;
  } catch (err) {
    return reportError(io, err, MANIFESTS_USAGE);
  }
}
