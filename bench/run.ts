/**
 * `npm run bench`: gen at 1, 100 and 1,000 apps × 3 environments (delivery on), each in a fresh process on a
 * temp dir, printing wall time (process start to exit), in-process gen time, files written and peak RSS; then
 * sampled sync-target builds with real kustomize, `npm run validate` of the 1,000-app repo cold and warm,
 * validator throughput, and what the progress line costs (bench/progress.ts). Numbers are printed, never asserted.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findKustomize } from "../generator/tools/kustomize.js";
import { benchConfig } from "./gen-configs.js";
import { benchProgress } from "./progress.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const work = mkdtempSync(join(tmpdir(), "sidecar-gitops-bench-"));

interface GenRun {
  code: number;
  ms: number;
  files: number;
  maxRssMiB: number;
  wallMs: number;
}

function genOnce(config: string, out: string): GenRun {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", TSX_LOADER, join(ROOT, "bench", "gen-once.ts"), config, out], { encoding: "utf8", cwd: ROOT });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`gen failed: ${r.stderr}`);
  return { ...(JSON.parse(r.stdout.trim().split("\n").pop()!) as Omit<GenRun, "wallMs">), wallMs };
}

const row = (cols: (string | number)[]) => cols.map((c) => String(c).padStart(14)).join("") + "\n";
process.stdout.write(`gen benchmark (node ${process.version}, ${process.platform}/${process.arch})\n`);
process.stdout.write(row(["apps×envs", "files", "wall ms", "gen ms", "re-gen ms", "peak RSS MiB", "ms/(app·env)"]));

const defaultOut = join(work, "default");
const d = genOnce(join(ROOT, "gitops.config.yaml"), defaultOut);
const d2 = genOnce(join(ROOT, "gitops.config.yaml"), defaultOut);
process.stdout.write(row(["default", d.files, d.wallMs.toFixed(0), d.ms.toFixed(1), d2.ms.toFixed(1), d.maxRssMiB.toFixed(0), "-"]));

for (const apps of [1, 100, 1000]) {
  const config = join(work, `bench-${apps}.config.yaml`);
  writeFileSync(config, benchConfig(apps));
  const out = join(work, `out-${apps}`);
  const first = genOnce(config, out);
  const again = genOnce(config, out); // nothing changed: plan only, no writes
  process.stdout.write(
    row([
      `${apps}×3`,
      first.files,
      first.wallMs.toFixed(0),
      first.ms.toFixed(1),
      again.ms.toFixed(1),
      first.maxRssMiB.toFixed(0),
      (first.ms / (apps * 3)).toFixed(3),
    ]),
  );
}

// What a user runs: `npm run gen` is node + bin/sidecar-gitops.mjs (the cached bundle), without npm's own start-up.
{
  const launcher = join(ROOT, "bin", "sidecar-gitops.mjs");
  const out = join(work, "launcher");
  spawnSync(process.execPath, [launcher, "gen", "--config", join(ROOT, "gitops.config.yaml"), "--out", out], { cwd: ROOT }); // warm the bundle cache
  const times = [0, 1, 2].map(() => {
    rmSync(out, { recursive: true, force: true });
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [launcher, "gen", "--config", join(ROOT, "gitops.config.yaml"), "--out", out], { cwd: ROOT });
    if (r.status !== 0) throw new Error(`launcher gen failed: ${r.stderr}`);
    return performance.now() - t0;
  });
  process.stdout.write(`end to end, default config (node bin/sidecar-gitops.mjs gen, fresh --out): ${Math.min(...times).toFixed(0)} ms (best of 3)\n`);
}

const kustomize = await findKustomize();
// Each sync target builds on its own: its cost must not grow with the fleet. Sample 20 targets per size.
for (const apps of [1, 100, 1000]) {
  const targets = ["dev", "staging", "prod"].flatMap((env) => [`overlays/${env}/namespace`, ...Array.from({ length: apps }, (_, i) => `overlays/${env}/app-${String(i).padStart(4, "0")}`)]);
  const sample = Array.from({ length: Math.min(20, targets.length) }, (_, i) => targets[Math.floor((i * targets.length) / Math.min(20, targets.length))]!);
  const times: number[] = [];
  for (const t of sample) {
    const t0 = performance.now();
    await kustomize.build(join(work, `out-${apps}`, t));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    `kustomize build of one sync target (${apps} apps, ${sample.length} sampled, ${kustomize.source} ${kustomize.version}): median ${times[times.length >> 1]!.toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms\n`,
  );
}
for (const dir of ["argocd", "clusters/nonprod/bench", "clusters/nonprod/bench/dev/apps-0"]) {
  const t0 = performance.now();
  await kustomize.build(join(work, "out-1000", dir));
  process.stdout.write(`kustomize build ${dir} (1000 apps): ${(performance.now() - t0).toFixed(0)} ms\n`);
}

// npm run validate on the 1,000 × 3 repo: cold (every target built), then warm (every build cached).
for (const mode of ["--no-cache", ""]) {
  const t0 = performance.now();
  const v = spawnSync(process.execPath, [join(ROOT, "bin", "sidecar-gitops.mjs"), "validate", "--config", join(work, "bench-1000.config.yaml"), "--out", join(work, "out-1000"), ...(mode ? [mode] : [])], { encoding: "utf8", cwd: ROOT });
  const ms = performance.now() - t0;
  const lines = v.stdout.trim().split("\n");
  process.stdout.write(`validate 1000×3 ${mode ? "cold (--no-cache)" : "warm (cached builds)"}: ${(ms / 1000).toFixed(1)} s, exit ${v.status}; ${lines.find((l) => l.startsWith("kustomize"))}\n`);
}

// Validation throughput: ≥ 20,000 resources (the 100-app tree's built prod overlay, copied), in a fresh process.
const built = await kustomize.build(join(work, "out-100", "overlays", "prod")); // the aggregate: every target of prod
const corpus = join(work, "corpus");
mkdirSync(corpus);
const copies = Math.ceil(20_000 / (built.split("\n---\n").length));
for (let i = 0; i < copies; i++) writeFileSync(join(corpus, `overlay-${String(i).padStart(3, "0")}.yaml`), built);
const validateOnce = (n: number) => {
  const v = spawnSync(process.execPath, ["--import", TSX_LOADER, join(ROOT, "bench", "validate-once.ts"), corpus, String(n)], { encoding: "utf8", cwd: ROOT });
  if (v.status !== 0) throw new Error(`validate failed: ${v.stderr}`);
  const vr = JSON.parse(v.stdout.trim()) as { ms: number; resources: number; summary: string; maxRssMiB: number };
  const rate = vr.resources / (vr.ms / 1000);
  process.stdout.write(
    `validate -n ${n}: ${vr.resources} resources in ${copies} files: ${vr.ms.toFixed(0)} ms, ${rate.toFixed(0)} resources/s, peak RSS ${vr.maxRssMiB.toFixed(0)} MiB (${vr.summary})\n`,
  );
  return { ...vr, rate };
};
validateOnce(1);
const vr = validateOnce(2);
const ours = vr.rate;
const kubeconform = process.env.KUBECONFORM;
if (kubeconform) {
  const args = [
    "-strict", "-summary", "-n", "2", "-kubernetes-version", "1.33.0",
    "-schema-location", join(ROOT, "schemas/kubernetes/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json"),
    "-schema-location", join(ROOT, "schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"),
    corpus,
  ];
  const t0 = performance.now();
  const k = spawnSync(kubeconform, args, { encoding: "utf8" });
  const kms = performance.now() - t0;
  const theirs = vr.resources / (kms / 1000);
  process.stdout.write(`kubeconform (-n 2): ${kms.toFixed(0)} ms, ${theirs.toFixed(0)} resources/s; ours/theirs = ${(ours / theirs).toFixed(2)} (${k.stdout.trim().split("\n").pop()})\n`);
} else {
  process.stdout.write("set KUBECONFORM=/path/to/kubeconform to time the real binary on the same files and print the ratio\n");
}

// What the progress line costs (gen and validate with it forced on, and off).
benchProgress(work, 1000, { config: join(work, "bench-1000.config.yaml"), tree: join(work, "out-1000") });

rmSync(work, { recursive: true, force: true });
