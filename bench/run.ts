/**
 * `npm run bench`: gen at 1, 100 and 1,000 apps × 3 environments (delivery on), each in a fresh process on a
 * temp dir, printing wall time (process start to exit), in-process gen time, files written and peak RSS; then
 * sampled sync-target builds with real kustomize, `npm run validate` of the 1,000-app repo cold and warm, and
 * the validator against the real kubeconform (-n 2, interleaved runs, medians; BENCH_RUNS, default 5). Numbers
 * are printed, never asserted. BENCH_ONLY=gen,kustomize,validate,validator runs only those sections (gen still
 * renders the trees the others read).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { findKustomize } from "../generator/tools/kustomize.js";
import { benchConfig } from "./gen-configs.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const work = mkdtempSync(join(tmpdir(), "sidecar-gitops-bench-"));
const only = new Set((process.env.BENCH_ONLY ?? "").split(",").filter(Boolean));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const want = (section: string) => only.size === 0 || only.has(section);

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
process.stdout.write(`benchmark (node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")})\n`);
if (want("gen")) {
  process.stdout.write(row(["apps×envs", "files", "wall ms", "gen ms", "re-gen ms", "peak RSS MiB", "ms/(app·env)"]));
  const defaultOut = join(work, "default");
  const d = genOnce(join(ROOT, "gitops.config.yaml"), defaultOut);
  const d2 = genOnce(join(ROOT, "gitops.config.yaml"), defaultOut);
  process.stdout.write(row(["default", d.files, d.wallMs.toFixed(0), d.ms.toFixed(1), d2.ms.toFixed(1), d.maxRssMiB.toFixed(0), "-"]));
}

const sizes = want("gen") || want("kustomize") ? [1, 100, 1000] : want("validate") ? [100, 1000] : [100];
for (const apps of sizes) {
  const config = join(work, `bench-${apps}.config.yaml`);
  writeFileSync(config, benchConfig(apps));
  const out = join(work, `out-${apps}`);
  const first = genOnce(config, out);
  if (!want("gen")) continue;
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

// What a user runs at 1,000 × 3: node + bin/sidecar-gitops.mjs gen into a fresh --out, a fresh process each run.
if (want("gen")) {
  const launcher = join(ROOT, "bin", "sidecar-gitops.mjs");
  const config = join(work, "bench-1000.config.yaml");
  const out = join(work, "launcher-1000");
  const runs = Array.from({ length: RUNS }, () => {
    rmSync(out, { recursive: true, force: true });
    return timed(process.execPath, [launcher, "gen", "--config", config, "--out", out]);
  });
  const wall = [...runs].sort((a, b) => a.wallMs - b.wallMs)[runs.length >> 1]!;
  const cpu = [...runs].sort((a, b) => a.cpuMs - b.cpuMs)[runs.length >> 1]!;
  process.stdout.write(`npm run gen, 1000×3, fresh --out (median of ${RUNS}): ${(wall.wallMs / 1000).toFixed(2)} s wall, ${(cpu.cpuMs / 1000).toFixed(2)} s CPU\n`);
  rmSync(out, { recursive: true, force: true });
}

// What a user runs: `npm run gen` is node + bin/sidecar-gitops.mjs (the cached bundle), without npm's own start-up.
if (want("gen")) {
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
for (const apps of want("kustomize") ? [1, 100, 1000] : []) {
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
for (const dir of want("kustomize") ? ["argocd", "clusters/nonprod/bench", "clusters/nonprod/bench/dev/apps-0"] : []) {
  const t0 = performance.now();
  await kustomize.build(join(work, "out-1000", dir));
  process.stdout.write(`kustomize build ${dir} (1000 apps): ${(performance.now() - t0).toFixed(0)} ms\n`);
}

// npm run validate on the 1,000 × 3 repo: cold (every target built and checked), warm (nothing changed), and
// after a change to one app (its tag, so its three targets): gen, then validate, a fresh change each time.
if (want("validate")) {
  const config = join(work, "bench-1000.config.yaml");
  const out = join(work, "out-1000");
  const validate = (...flags: string[]) => {
    const r = timed(process.execPath, [join(ROOT, "bin", "sidecar-gitops.mjs"), "validate", "--config", config, "--out", out, ...flags]);
    const builds = r.stdout.split("\n").find((l) => l.startsWith("kustomize")) ?? "";
    return { ...r, builds };
  };
  const line = (what: string, r: ReturnType<typeof validate>) =>
    process.stdout.write(`validate 1000×3 ${what}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU; ${r.builds}\n`);
  line("cold (--no-cache)", validate("--no-cache"));
  line("warm (nothing changed)", validate());
  const original = readFileSync(config, "utf8");
  const oneApp: ReturnType<typeof validate>[] = [];
  for (let i = 0; i < RUNS; i++) {
    // app-0500's tag: its three targets (one per environment) change, nothing else.
    const at = original.indexOf("tag: 1.27.4-alpine", original.indexOf("name: app-0500"));
    writeFileSync(config, `${original.slice(0, at)}tag: 1.27.${1000 + i}-alpine${original.slice(at + "tag: 1.27.4-alpine".length)}`);
    genOnce(config, out);
    oneApp.push(validate());
  }
  writeFileSync(config, original);
  const mid = [...oneApp].sort((a, b) => a.wallMs - b.wallMs)[oneApp.length >> 1]!;
  line(`one app changed (median of ${RUNS}, each a new change)`, mid);
}

// Validation throughput: ≥ 20,000 resources (the 100-app tree's built prod overlay, copied), in a fresh process.
if (!want("validator")) {
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}
const built = await kustomize.build(join(work, "out-100", "overlays", "prod")); // the aggregate: every target of prod
const corpus = join(work, "corpus");
mkdirSync(corpus);
const copies = Math.ceil(20_000 / (built.split("\n---\n").length));
for (let i = 0; i < copies; i++) writeFileSync(join(corpus, `overlay-${String(i).padStart(3, "0")}.yaml`), built);
// Our validator and the real kubeconform on the same files, -n 2 both, runs interleaved (ours, theirs, ours...)
// so a busy machine slows both alike; medians. Wall is process start to exit for both; CPU is user+sys of the
// whole process (all threads), read with the shell's `times` (a shared machine skews wall far more than CPU).
const kubeconform = process.env.KUBECONFORM ?? (existsSync(join(ROOT, ".oracles/bin/kubeconform")) ? join(ROOT, ".oracles/bin/kubeconform") : undefined);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
// In process (bench/validate-once.ts through tsx): the validator's own time, without node's start-up.
const inProcess = (n: number) => {
  const r = timed(process.execPath, ["--import", TSX_LOADER, join(ROOT, "bench", "validate-once.ts"), corpus, String(n)]);
  return { ...r, ...(JSON.parse(r.stdout.trim()) as { ms: number; resources: number; summary: string; maxRssMiB: number }) };
};
// What a user runs: `npm run kubeconform` is node + bin/sidecar-gitops.mjs (the cached bundle); its peak RSS
// printed on exit by a preloaded one-liner.
const PEAK_RSS = `data:text/javascript,process.on("exit",()=>process.stderr.write("maxRSS "+process.resourceUsage().maxRSS+"\\n"))`;
const ours = (n: number) => {
  const r = timed(process.execPath, ["--import", PEAK_RSS, join(ROOT, "bin", "sidecar-gitops.mjs"), "kubeconform", "-strict", "-summary", "-n", String(n), corpus]);
  return { ...r, maxRssMiB: Number(/maxRSS (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024, summary: r.stdout.trim().split("\n").pop() ?? "" };
};
const theirs = () => {
  const args = [
    "-strict", "-summary", "-n", "2", "-kubernetes-version", "1.33.0",
    "-schema-location", join(ROOT, "schemas/kubernetes/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json"),
    "-schema-location", join(ROOT, "schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"),
    corpus,
  ];
  return timed(kubeconform!, args);
};
ours(2); // builds the CLI and worker bundles if the sources changed
for (const n of [1, 2]) {
  const p = inProcess(n);
  process.stdout.write(`validate -n ${n} in process: ${p.resources} resources in ${copies} files: ${p.ms.toFixed(0)} ms, ${(p.resources / (p.ms / 1000)).toFixed(0)} resources/s, ${p.cpuMs.toFixed(0)} ms CPU (${p.summary})\n`);
}
const runs: { ours: ReturnType<typeof ours>; theirs?: ReturnType<typeof timed> }[] = [];
for (let i = 0; i < RUNS; i++) runs.push({ ours: ours(2), theirs: kubeconform ? theirs() : undefined });
const o = { wall: median(runs.map((r) => r.ours.wallMs)), cpu: median(runs.map((r) => r.ours.cpuMs)), rss: Math.max(...runs.map((r) => r.ours.maxRssMiB)) };
process.stdout.write(
  `npm run kubeconform -- -strict -n 2 (median of ${RUNS}): ${o.wall.toFixed(0)} ms wall, ${o.cpu.toFixed(0)} ms CPU, peak RSS ${o.rss.toFixed(0)} MiB (max of runs) (${runs[0]!.ours.summary})\n`,
);
if (kubeconform) {
  const k = { wall: median(runs.map((r) => r.theirs!.wallMs)), cpu: median(runs.map((r) => r.theirs!.cpuMs)) };
  process.stdout.write(
    `kubeconform -n 2 (median of ${RUNS}, interleaved): ${k.wall.toFixed(0)} ms wall, ${k.cpu.toFixed(0)} ms CPU (${runs[0]!.theirs!.stdout.trim().split("\n").pop()})\n` +
      `ours/kubeconform: wall ${(o.wall / k.wall).toFixed(2)}x, CPU ${(o.cpu / k.cpu).toFixed(2)}x\n`,
  );
} else {
  process.stdout.write("no kubeconform: run `npm run oracles` or set KUBECONFORM=/path/to/kubeconform to compare with the real binary\n");
}

/** Runs a command; its wall time, its CPU time (user+sys of the process and its threads, from sh's `times`) and its stdout. */
function timed(cmd: string, args: string[]): { wallMs: number; cpuMs: number; stdout: string; stderr: string } {
  const out = join(work, "timed.out");
  const t0 = performance.now();
  const r = spawnSync("sh", ["-c", '"$@" > "$BENCH_OUT"; s=$?; times; exit $s', "sh", cmd, ...args], { encoding: "utf8", cwd: ROOT, env: { ...process.env, BENCH_OUT: out } });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr}`);
  // The second line of `times`: the children's user and system time, as "1m2.345s 0m0.678s".
  const children = r.stdout.trim().split("\n").pop()!;
  const cpuMs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + (Number(m[1]) * 60 + Number(m[2])) * 1000, 0);
  return { wallMs, cpuMs, stdout: readFileSync(out, "utf8"), stderr: r.stderr };
}

rmSync(work, { recursive: true, force: true });
