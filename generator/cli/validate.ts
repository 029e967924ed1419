import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { LineCounter, parseAllDocuments } from "yaml";
import { positionOf } from "../config/source.js";
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { EnvironmentModel } from "../model/types.js";
import { FIXES } from "../config-policy.js";
import { renderFromConfigFile } from "../pipeline.js";
import { findKustomize } from "../tools/kustomize.js";
import { checkPolicy } from "../validate/policy/check-policy.js";
import { checkTree, driftAdvice } from "../write/index.js";
import { generatorVersion } from "./gen.js";
import { CONFIG_OPTIONS, printDiagnostics, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { validateBuiltObjects } from "./validate-schemas.js";

export const VALIDATE_USAGE = `usage: npm run validate -- [--config FILE] [--out DIR] [--env NAME] [--no-policy]

Validates the whole repo: the config against its schema, the committed tree against what the config
renders, every overlay built with real kustomize against the strict Kubernetes schemas, and the policy
(Pod Security, resources, pinned images, probes) configured per environment.

  --config FILE  the config (default: gitops.config.yaml)
  --out DIR      the root holding base/ and overlays/ (default: the current directory)
  --env NAME     build and check only this environment's overlay (the config and the drift check stay whole)
  --no-policy    schema validation only
  --version      print the version
`;

interface EnvSummary {
  env: string;
  resources: number;
  schemaErrors: number;
  policyFindings: number;
}

/** `validate`: config → drift → kustomize build per environment → schemas → policy. Exit 1 on any finding. */
export async function runValidate(argv: string[], io: CommandIO = processIO): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...CONFIG_OPTIONS,
        "no-policy": { type: "boolean", default: false },
        env: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(VALIDATE_USAGE);
      return 0;
    }
    const root = values.out;
    const { model, files } = await renderFromConfigFile(values.config);
    const names = model.environments.map((e) => e.name);
    if (values.env !== undefined && !names.includes(values.env)) {
      throw new UsageError(`validate: --env ${values.env}: ${values.config} has no environment "${values.env}"; use one of: ${names.join(", ")}`);
    }
    const environments = model.environments.filter((e) => values.env === undefined || e.name === values.env);
    io.stdout.write(`config     ${values.config}: valid (${model.apps.length} app(s), ${model.environments.length} environment(s))\n`);

    const findings: Diagnostic[] = [];
    const drift = await checkTree(root, files, { version: generatorVersion() });
    if (drift.clean) {
      io.stdout.write(`tree       up to date (${files.length} generated files)\n`);
    } else {
      for (const c of drift.changes) {
        const what = c.action === "create" ? "created" : c.action === "delete" ? "deleted" : "changed";
        const message =
          c.cause === "hand-edit"
            ? `generated file was edited by hand since gen wrote it (gen would ${c.action} it)`
            : c.cause === "not-ours"
              ? "a file gen did not write stands where gen generates one"
              : `generated file would be ${what} by gen`;
        const hint =
          c.cause === "hand-edit"
            ? `move the change into ${values.config}, then run \`npm run gen -- --force\`: plain gen refuses (WRT002), --force overwrites ${c.path} (the hand edit is lost)`
            : c.cause === "not-ours"
              ? "move it away (gen never overwrites a file it did not write, even with --force), then run `npm run gen`"
              : "run `npm run gen` and commit the result (see `npm run gen -- --check` for the diff)";
        findings.push({ file: c.path, code: "VAL001", severity: "error", message, hint });
      }
      io.stdout.write(`tree       out of date: ${drift.changes.length} file(s) differ from what ${values.config} renders\n`);
    }

    const kustomize = await findKustomize();
    const summaries: EnvSummary[] = [];
    for (const env of environments) {
      const dir = join(root, "overlays", env.name);
      const label = relative(".", dir) || dir;
      let built: string;
      try {
        built = await kustomize.build(dir);
      } catch (err) {
        findings.push({ file: label, code: "VAL002", severity: "error", message: (err as Error).message.split("\n")[0]!, hint: "run `npm run gen`, then `kubectl kustomize " + label + "` to see the full error" });
        summaries.push({ env: env.name, resources: 0, schemaErrors: 1, policyFindings: 0 });
        continue;
      }
      summaries.push(await validateEnvironment(env, `${label} (kustomize build)`, built, model.project.kubernetesVersion, !values["no-policy"], findings));
    }
    for (const s of summaries) {
      const env = model.environments.find((e) => e.name === s.env)!;
      const policy = values["no-policy"] ? "policy off" : `policy (${env.policy.podSecurity}): ${s.policyFindings} finding(s)`;
      io.stdout.write(`${s.env.padEnd(10)} ${s.resources} resource(s); schemas: ${s.schemaErrors} error(s); ${policy}\n`);
    }
    if (findings.length > 0) {
      printDiagnostics(io, sortDiagnostics(findings));
      io.stderr.write(`validate: ${findings.length} problem(s)\n`);
      return 1;
    }
    io.stdout.write(`validate: ok (kustomize ${kustomize.version} from ${kustomize.source})\n`);
    return 0;
  } catch (err) {
    return reportError(io, err, VALIDATE_USAGE);
  }
}

/** Schema and policy checks of one environment's built manifests; findings are located in the build output. */
async function validateEnvironment(
  env: EnvironmentModel,
  file: string,
  built: string,
  kubernetesVersion: string,
  policy: boolean,
  findings: Diagnostic[],
): Promise<EnvSummary> {
  const lines = new LineCounter();
  const docs = parseAllDocuments(built, { lineCounter: lines });
  const objects = docs.map((doc) => ({ doc, object: doc.toJS() as unknown }));
  const schemaFindings = await validateBuiltObjects(file, built, kubernetesVersion);
  findings.push(...schemaFindings);
  let policyFindings = 0;
  if (policy) {
    for (const { doc, object } of objects) {
      for (const f of checkPolicy(object, env.policy)) {
        policyFindings++;
        findings.push({
          file,
          ...positionOf({ file, doc, lines }, f.pointer),
          pointer: f.pointer,
          code: "POL001",
          severity: "error",
          message: `${f.rule}: ${f.resource}: ${f.message}`,
          hint: `${FIXES[f.rule] ?? "fix it as the message says"} (in gitops.config.yaml, or undo a hand edit of the generated file); or set environments.${env.name}.policy (see docs/policy.md)`,
        });
      }
    }
  }
  return { env: env.name, resources: objects.length, schemaErrors: schemaFindings.length, policyFindings };
}
