import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { positionOf } from "../config/source.js";
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { EnvironmentModel, Model } from "../model/types.js";
import type { GeneratedFile } from "../render/generated-file.js";
import { syncTargets } from "../render/targets.js";
import { fluxShard } from "../render/flux.js";
import { BUILD_CACHE_DIR, buildKustomizations, diskBuildKey, splitKustomizeOutput, type BuildGroup, type BuildItem } from "../tools/kustomize-batch.js";
import { load } from "js-yaml";
import { FIXES } from "../config-policy.js";
import { renderFromConfigFile } from "../pipeline.js";
import { findKustomize } from "../tools/kustomize.js";
import { checkPolicy } from "../validate/policy/check-policy.js";
import { checkTree } from "../write/index.js";
import { generatorVersion } from "./gen.js";
import { CONFIG_OPTIONS, printDiagnostics, processIO, reportError, UsageError, type CommandIO } from "./io.js";
import { appendFileSync, writeFileSync } from "node:fs";
import { appsTable, summarizeEnvironments } from "../render/summary.js";
import { validateBuiltObjects } from "./validate-schemas.js";
import { RESULT_CACHE_FILE, renderedBuildKeys, validationKey, ValidationResultCache, validatorFingerprint } from "./validate-cache.js";
import { PATH_OUTPUTS, runValidatePaths, type PathOutput } from "./validate-paths.js";

export const VALIDATE_USAGE = `usage: npm run validate -- [--config FILE] [--out DIR] [--env NAME] [--no-policy]
       npm run validate -- [--no-policy] [--output text|json|junit] PATH...

Validates the whole repo: the config against its schema, the committed tree against what the config
renders, every sync target (overlays/<env>/<app>/, overlays/<env>/namespace/) and every Argo CD and Flux
kustomization built with real kustomize against the strict Kubernetes and CRD schemas, and the policy
(Pod Security, resources, pinned images, probes) configured per environment. Builds are batched, run two
at a time, and cached by their inputs in node_modules/.cache/sidecar-gitops/builds/; each build's findings
too (validate-results.json there), so after a change only the targets it touches are built and checked.

  --config FILE  the config (default: gitops.config.yaml)
  --out DIR      the root holding base/ and overlays/ (default: the current directory)
  --env NAME     build and check only this environment's sync targets (the config and the drift check stay
                 whole; no Argo CD or Flux builds)
  --no-policy    schema validation only
  --no-cache     rebuild and recheck every target, even when its inputs did not change (the caches are refreshed)
  --junit FILE   also write a JUnit report (one test case per build)
  --summary FILE append a markdown summary per environment (CI: "$GITHUB_STEP_SUMMARY")
  --version      print the version

With PATHs (files, folders, - for stdin), validates those manifests instead of the repo: the strict schemas,
then the API server's semantic rules (docs/validation.md), then the policy (restricted Pod Security and the
operational rules) unless --no-policy. Exit 0 when everything is valid, 1 on any finding, 2 on usage errors.

  --output FORMAT  text (default: findings as file:line:col on stderr), json or junit (on stdout)
`;

/** `validate`: config → drift → kustomize build per environment → schemas → policy. Exit 1 on any finding. */
export async function runValidate(argv: string[], io: CommandIO & { stdin?: NodeJS.ReadableStream } = processIO): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        ...CONFIG_OPTIONS,
        "no-policy": { type: "boolean", default: false },
        "no-cache": { type: "boolean", default: false },
        env: { type: "string" },
        junit: { type: "string" },
        summary: { type: "string" },
        output: { type: "string" },
      },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      io.stdout.write(VALIDATE_USAGE);
      return 0;
    }
    if (positionals.length > 0) {
      const repoOnly = (["env", "junit", "summary"] as const).filter((k) => values[k] !== undefined);
      if (repoOnly.length > 0) throw new UsageError(`validate: --${repoOnly[0]} is for the repo mode (no PATH); with PATHs use --output`);
      const output = values.output ?? "text";
      if (!(PATH_OUTPUTS as readonly string[]).includes(output)) throw new UsageError(`validate: --output must be one of ${PATH_OUTPUTS.join(", ")}`);
      return await runValidatePaths(positionals, { policy: !values["no-policy"], output: output as PathOutput, stdin: io.stdin ?? process.stdin }, io);
    }
    if (values.output !== undefined) throw new UsageError("validate: --output is for PATHs; the repo mode writes reports with --junit and --summary");
    const root = values.out;
    const { model, files } = await renderFromConfigFile(values.config, values.out);
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

    const names = model.environments.map((e) => e.name);
    if (values.env !== undefined && !names.includes(values.env)) {
      throw new UsageError(`validate: --env ${values.env}: ${values.config} has no environment "${values.env}"; use one of: ${names.join(", ")}`);
    }
    const kustomize = await findKustomize();
    const units = validationUnits(model, files, values.env);
    // Each build's validation is cached by its inputs and how it is validated (./validate-cache.ts): only the
    // targets whose inputs changed are built and validated again. Without drift the inputs are the rendered
    // files, hashed in memory; with drift, the files on disk.
    const keyOf = drift.clean ? renderedBuildKeys(kustomize, files) : (item: BuildItem) => diskBuildKey(kustomize, root, item);
    const cache = new ValidationResultCache(RESULT_CACHE_FILE, !values["no-cache"]);
    const fingerprint = validatorFingerprint();
    const items = new Map(units.groups.flatMap((g) => g.items.map((item) => [item.dir, item] as const)));
    const plan = units.list.map((unit) => {
      const env = unit.env ? model.environments.find((e) => e.name === unit.env) : undefined;
      const label = relative(".", join(root, unit.dir)) || unit.dir;
      const buildKey = keyOf(items.get(unit.dir)!);
      const settings = { label, kubernetesVersion: model.project.kubernetesVersion, policy: !values["no-policy"] && env ? env.policy : false };
      const key = validationKey(buildKey, settings, fingerprint);
      return { unit, env, label, key, hit: cache.get(key) };
    });
    const stale = new Set(plan.filter((p) => !p.hit).map((p) => p.unit.dir));
    const groups = units.groups.map((g) => ({ ...g, items: g.items.filter((item) => stale.has(item.dir)) })).filter((g) => g.items.length > 0);
    const built = await buildKustomizations(kustomize, root, groups, { cacheDir: BUILD_CACHE_DIR, readCache: !values["no-cache"], keyOf });
    const summaries: UnitSummary[] = [];
    for (const { unit, env, label, key, hit } of plan) {
      if (hit) {
        findings.push(...hit.findings);
        summaries.push({ group: unit.group, targets: 1, ...hit.counts, cached: 1 });
        continue;
      }
      const result = built.get(unit.dir)!;
      if (result.output === undefined) {
        findings.push({ file: label, code: "VAL002", severity: "error", message: result.error!.split("\n")[0]!, hint: "run `npm run gen`, then `kubectl kustomize " + label + "` to see the full error" });
        summaries.push({ group: unit.group, targets: 1, resources: 0, schemaErrors: 1, serverRefusals: 0, policyFindings: 0, cached: 0, kinds: {} });
        continue;
      }
      const mine: Diagnostic[] = [];
      const s = await validateBuild(env, `${label} (kustomize build)`, result.output, model.project.kubernetesVersion, !values["no-policy"], mine);
      cache.set(key, { counts: s, findings: mine });
      findings.push(...mine);
      summaries.push({ group: unit.group, targets: 1, ...s, cached: result.cached ? 1 : 0 });
    }
    cache.save();
    const byGroup = summarize(summaries);
    // Warnings (a CRD CEL rule this evaluator cannot run) are printed, not counted.
    const problems = findings.filter((f) => f.severity === "error");
    if (values.junit) writeFileSync(values.junit, renderJunit(units.list, problems, drift.changes.length));
    if (values.summary) appendFileSync(values.summary, renderJobSummary(model, byGroup, problems.length));
    for (const [group, s] of byGroup) {
      const env = model.environments.find((e) => e.name === group);
      const policy = !env ? "" : values["no-policy"] ? "; policy off" : `; policy (${env.policy.podSecurity}): ${s.policyFindings} finding(s)`;
      io.stdout.write(`${group.padEnd(12)} ${s.targets} target(s), ${s.resources} resource(s); schemas: ${s.schemaErrors} error(s); API server: ${s.serverRefusals} refusal(s)${policy}\n`);
    }
    const cached = summaries.reduce((n, s) => n + s.cached, 0);
    io.stdout.write(`kustomize  ${units.list.length} build(s), ${cached} from the cache (kustomize ${kustomize.version} from ${kustomize.source})\n`);
    if (problems.length < findings.length) printDiagnostics(io, sortDiagnostics(findings.filter((f) => f.severity !== "error")));
    if (problems.length > 0) {
      printDiagnostics(io, sortDiagnostics(problems));
      io.stderr.write(`validate: ${problems.length} problem(s)\n`);
      return 1;
    }
    io.stdout.write(`validate: ok\n`);
    return 0;
  } catch (err) {
    return reportError(io, err, VALIDATE_USAGE);
  }
}

interface UnitSummary {
  group: string;
  targets: number;
  resources: number;
  schemaErrors: number;
  /** Findings of the API server's semantic rules (API0xx). */
  serverRefusals: number;
  policyFindings: number;
  cached: number;
  /** Built resources by kind. */
  kinds: Record<string, number>;
}

interface ValidationUnit {
  dir: string;
  /** The summary line it counts in: its environment, "argocd" or "flux/<cluster>". */
  group: string;
  /** The environment whose policy applies. */
  env?: string;
}

/**
 * What `validate` builds: every sync target (an environment's targets build together in batches, each
 * built document attributed back to its target by its Namespace kind or its app label), and every
 * kustomization of the Argo CD and Flux objects.
 */
export function validationUnits(model: Model, files: GeneratedFile[], onlyEnv?: string): { list: ValidationUnit[]; groups: BuildGroup[] } {
  const list: ValidationUnit[] = [];
  const groups: BuildGroup[] = [];
  for (const env of model.environments.filter((e) => onlyEnv === undefined || e.name === onlyEnv)) {
    const targets = syncTargets(model, env);
    const byApp = new Map(targets.map((t) => [t.kind === "namespace" ? "" : t.name, t.path]));
    list.push(...targets.map((t) => ({ dir: t.path, group: env.name, env: env.name })));
    groups.push({
      items: targets.map((t) => ({ dir: t.path, inputs: t.sources })),
      // A document without the app label (a hand-added one, say) has no owner: the batch is then built target
      // by target, so it is validated (and cached) as part of the target that really holds it.
      owner: (meta) => {
        if (meta.kind === "Namespace") return byApp.get("");
        const app = meta.labels["app.kubernetes.io/name"];
        return app !== undefined && app !== "" && meta.namespace === env.namespace ? byApp.get(app) : undefined;
      },
    });
  }
  const deliveryDirs = files
    .map((f) => f.path)
    .filter((p) => /^(argocd|clusters)\/(.*\/)?kustomization\.yaml$/.test(p))
    .map((p) => p.slice(0, -"/kustomization.yaml".length));
  // Flux's shard folders (clusters/<cluster>/<project>/<env>/apps-<h>) build together per cluster: each app's
  // Kustomization is named <project>-<env>-<app>, which names its shard.
  const shardOf = new Map<string, string>();
  for (const env of model.environments) {
    for (const app of model.apps) shardOf.set(`${model.project.name}-${env.name}-${app.name}`, `clusters/${env.cluster}/${model.project.name}/${env.name}/${fluxShard(app.name)}`);
  }
  const shards = new Map<string, string[]>();
  for (const dir of onlyEnv === undefined ? deliveryDirs : []) {
    list.push({ dir, group: dir.startsWith("argocd") ? "argocd" : `flux/${dir.split("/")[1]}` });
    if (/^clusters\/[^/]+\/[^/]+\/[^/]+\/apps-[0-9a-f]$/.test(dir)) shards.set(dir.split("/")[1]!, [...(shards.get(dir.split("/")[1]!) ?? []), dir]);
    else groups.push({ items: [{ dir }] });
  }
  for (const dirs of shards.values()) groups.push({ items: dirs.map((dir) => ({ dir })), owner: (meta) => shardOf.get(meta.name) });
  return { list, groups };
}

function summarize(summaries: UnitSummary[]): Map<string, UnitSummary> {
  const out = new Map<string, UnitSummary>();
  for (const s of summaries) {
    const acc = out.get(s.group);
    if (!acc) out.set(s.group, { ...s, kinds: { ...s.kinds } });
    else {
      for (const k of ["targets", "resources", "schemaErrors", "serverRefusals", "policyFindings", "cached"] as const) acc[k] += s[k];
      for (const [kind, n] of Object.entries(s.kinds)) acc.kinds[kind] = (acc.kinds[kind] ?? 0) + n;
    }
  }
  return out;
}

/** Schema and policy checks of one build's manifests; findings are located in the build output. */
async function validateBuild(
  env: EnvironmentModel | undefined,
  file: string,
  built: string,
  kubernetesVersion: string,
  policy: boolean,
  findings: Diagnostic[],
): Promise<Omit<UnitSummary, "group" | "targets" | "cached">> {
  // The fast reader for the objects; positions (the yaml package's parser, ~10x slower) only for findings.
  const objects = splitKustomizeOutput(built).map((doc) => load(doc) as unknown);
  const schemaFindings = await validateBuiltObjects(file, built, kubernetesVersion);
  findings.push(...schemaFindings);
  let policyFindings = 0;
  if (policy && env) {
    let located: { lines: LineCounter; docs: ReturnType<typeof parseAllDocuments> } | undefined;
    objects.forEach((object, i) => {
      for (const f of checkPolicy(object, env.policy)) {
        policyFindings++;
        if (!located) {
          const lines = new LineCounter();
          located = { lines, docs: parseAllDocuments(built, { lineCounter: lines }) };
        }
        const doc = located.docs[i];
        findings.push({
          file,
          ...(doc ? positionOf({ file, doc: doc as Document.Parsed, lines: located.lines }, f.pointer) : {}),
          pointer: f.pointer,
          code: "POL001",
          severity: "error",
          message: `${f.rule}: ${f.resource}: ${f.message}`,
          hint: `${FIXES[f.rule] ?? "fix it as the message says"} (in gitops.config.yaml, or undo a hand edit of the generated file); or set environments.${env.name}.policy (see docs/policy.md)`,
        });
      }
    });
  }
  const kinds: Record<string, number> = {};
  for (const o of objects) {
    const kind = String((o as { kind?: unknown } | null)?.kind ?? "(none)");
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  const errors = schemaFindings.filter((f) => f.severity === "error");
  const serverRefusals = errors.filter((f) => /^(API|CEL)/.test(f.code)).length;
  return { resources: objects.length, schemaErrors: errors.length - serverRefusals, serverRefusals, policyFindings, kinds };
}

/** A JUnit report: one test case per build (its findings as the failure), plus one for the tree's drift. */
export function renderJunit(units: ValidationUnit[], findings: Diagnostic[], driftChanges: number): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "");
  const cases: string[] = [];
  const drift = findings.filter((f) => f.code === "VAL001");
  cases.push(`  <testcase classname="tree" name="generated files up to date">${driftChanges > 0 ? `<failure message="${driftChanges} generated file(s) differ">${esc(drift.map(formatDiagnostic).join("\n"))}</failure>` : ""}</testcase>`);
  let failures = driftChanges > 0 ? 1 : 0;
  for (const u of units) {
    const mine = findings.filter((f) => f.code !== "VAL001" && (f.file === u.dir || f.file.startsWith(`${u.dir} `) || f.file.endsWith(`/${u.dir}`) || f.file.includes(`/${u.dir} `)));
    if (mine.length > 0) failures++;
    cases.push(`  <testcase classname="${esc(u.group)}" name="${esc(u.dir)}">${mine.length > 0 ? `<failure message="${mine.length} finding(s)">${esc(mine.map(formatDiagnostic).join("\n"))}</failure>` : ""}</testcase>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n <testsuite name="sidecar-gitops validate" tests="${cases.length}" failures="${failures}">\n${cases.join("\n")}\n </testsuite>\n</testsuites>\n`;
}

/** The CI job summary: per environment what it runs (the shared summary module) and what validation found. */
function renderJobSummary(model: Model, byGroup: Map<string, UnitSummary>, findings: number): string {
  const parts = [`## sidecar-gitops validate: ${findings === 0 ? "ok" : `${findings} problem(s)`}`, ""];
  for (const env of summarizeEnvironments(model)) {
    const s = byGroup.get(env.name);
    if (!s) continue;
    const kinds = Object.entries(s.kinds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => `${n} ${k}`).join(", ");
    parts.push(`### ${env.name}`, "", `Cluster \`${env.cluster}\`, namespace \`${env.namespace}\`, sync: ${env.sync}. ${s.targets} target(s): ${kinds || "nothing"}.`, "");
    parts.push(`Schemas: ${s.schemaErrors} error(s); API server rules: ${s.serverRefusals} refusal(s); policy (${env.podSecurity}): ${s.policyFindings} finding(s).`, "", appsTable(env));
  }
  return parts.join("\n") + "\n";
}
