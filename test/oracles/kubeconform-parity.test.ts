/**
 * kubeconform parity (issue 16): the generated edge cases (edge-cases.ts) through the real kubeconform
 * v0.7.0 (.oracles/bin/kubeconform) and through ours (`node bin/sidecar-gitops.mjs kubeconform`), with the
 * same flags and the same schema files, in -strict, default and -ignore-missing-schemas modes. Per file,
 * the multiset of (kind, name, version, status) and the exit code must agree, except for the reviewed
 * entries of accepted-differences.json, each of which must still differ (so the list shrinks as issue 15
 * lands).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateEdgeCases, type EdgeCase } from "./edge-cases.js";
import { CLI, REPO_ROOT, oracle, pool, run, type RunResult } from "./oracles.js";

const MODES = {
  strict: ["-strict"],
  default: [],
  "ignore-missing-schemas": ["-ignore-missing-schemas"],
} as const;
type Mode = keyof typeof MODES;

interface Accepted {
  comment?: string;
  /** unstable: the cases may differ or agree from run to run (e.g. at the edge of the JS stack); never stale. */
  classes: Array<{ class: string; reason: string; cases: string[]; unstable?: boolean }>;
}

/** One file's verdict from one tool: sorted "kind|name|version|status" lines and the exit code it implies. */
interface Verdict {
  results: string[];
  exit: number;
}

const KUBECONFORM = oracle("kubeconform");
let work = "";
let cases: EdgeCase[] = [];
const summary: string[] = [];

beforeAll(() => {
  if (!KUBECONFORM) return;
  work = mkdtempSync(join(tmpdir(), "oracle-kubeconform-"));
  cases = generateEdgeCases();
  for (const c of cases) {
    mkdirSync(join(work, "cases", c.class), { recursive: true });
    writeFileSync(join(work, "cases", `${c.id}.yaml`), c.bytes);
  }
  // The same schema files for both tools: the committed strict ones, and beside them the non-strict variant
  // (kubernetes-json-schema's non-strict files are the strict ones without `additionalProperties: false`),
  // so the default mode reads real files instead of depending on our derivation.
  const k8s = join(REPO_ROOT, "schemas", "kubernetes", "v1.33.0-standalone-strict");
  const strictDir = join(work, "schemas", "kubernetes", "v1.33.0-standalone-strict");
  const relaxedDir = join(work, "schemas", "kubernetes", "v1.33.0-standalone");
  mkdirSync(relaxedDir, { recursive: true });
  cpSync(k8s, strictDir, { recursive: true });
  for (const f of readdirSync(k8s)) {
    writeFileSync(join(relaxedDir, f), `${JSON.stringify(relaxed(JSON.parse(readFileSync(join(k8s, f), "utf8"))), null, 2)}\n`);
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
  for (const line of summary) console.log(line);
});

function relaxed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relaxed);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (!(k === "additionalProperties" && v === false)) out[k] = relaxed(v);
  return out;
}

function flags(mode: Mode): string[] {
  return [
    ...MODES[mode],
    "-output", "json", "-verbose",
    "-kubernetes-version", "1.33.0",
    "-schema-location", join(work, "schemas/kubernetes/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json"),
    "-schema-location", join(REPO_ROOT, "schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"),
  ];
}

type Tool = "kubeconform" | "ours";
function invoke(tool: Tool, args: string[]): Promise<RunResult> {
  const opts = { cwd: join(work, "cases"), timeoutMs: 240_000 };
  return tool === "kubeconform" ? run(KUBECONFORM!, args, opts) : run(process.execPath, [CLI, "kubeconform", ...args], opts);
}

/** kubeconform's exit code rule: 1 when any resource is invalid or errored. */
const impliedExit = (results: string[]) => (results.some((r) => /\|(statusInvalid|statusError)(\||$)/.test(r)) ? 1 : 0);

function parse(r: RunResult): Map<string, string[]> | undefined {
  if (r.code !== 0 && r.code !== 1) return undefined;
  let doc: { resources?: Array<Record<string, string>> };
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    return undefined;
  }
  const byFile = new Map<string, string[]>();
  for (const res of doc.resources ?? []) {
    const list = byFile.get(res.filename!) ?? [];
    // The numbers class is compared on its error messages too (go-yaml's wording of a number form it refuses).
    const msg = res.filename!.startsWith("numbers/") && res.status === "statusError" ? `|${res.msg}` : "";
    list.push(`${res.kind}|${res.name}|${res.version}|${res.status}${msg}`);
    byFile.set(res.filename!, list);
  }
  return byFile;
}

/**
 * Verdicts of one tool for one class folder: one run for the folder; when that run crashes (no JSON, or an
 * exit code other than 0 and 1) each file is run alone, and a file whose own run crashes gets the verdict
 * "crash". The folder run's exit code must follow from its statuses, so per-file exit codes are the
 * implied ones.
 */
async function verdicts(tool: Tool, mode: Mode, cls: string, files: string[]): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  const batch = await invoke(tool, [...flags(mode), `${cls}/`]);
  const parsed = parse(batch);
  if (parsed) {
    const all = [...parsed.values()].flat();
    expect(batch.code, `${tool} ${mode} ${cls}: exit code vs statuses`).toBe(impliedExit(all));
    for (const f of files) {
      const results = (parsed.get(f) ?? []).sort();
      out.set(f, { results, exit: impliedExit(results) });
    }
    return out;
  }
  await pool(files, 2, async (f) => {
    const one = await invoke(tool, [...flags(mode), f]);
    const p = parse(one);
    if (!p) {
      out.set(f, { results: [`crash (exit ${one.code ?? one.signal})`], exit: one.code ?? -1 });
      return;
    }
    const results = (p.get(f) ?? []).sort();
    expect(one.code, `${tool} ${mode} ${f}: exit code vs statuses`).toBe(impliedExit(results));
    out.set(f, { results, exit: one.code! });
  });
  return out;
}

function loadAccepted(): Map<string, { class: string; reason: string; unstable?: boolean }> {
  const doc = JSON.parse(readFileSync(new URL("./accepted-differences.json", import.meta.url), "utf8")) as Accepted;
  const map = new Map<string, { class: string; reason: string; unstable?: boolean }>();
  for (const group of doc.classes) {
    expect(group.reason, `accepted class ${group.class} needs a reason`).toMatch(/^(issue \d+|found by this oracle): .{20,}/);
    for (const id of group.cases) {
      for (const key of id.includes("@") ? [id] : Object.keys(MODES).map((m) => `${id}@${m}`)) {
        expect(map.has(key), `${key} listed twice in accepted-differences.json`).toBe(false);
        map.set(key, { class: group.class, reason: group.reason, ...(group.unstable ? { unstable: true } : {}) });
      }
    }
  }
  return map;
}

describe.skipIf(!KUBECONFORM)("kubeconform parity on generated edge cases", () => {
  it("generates at least 1,000 deterministic cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    const again = generateEdgeCases();
    expect(again.map((c) => `${c.id}:${c.bytes.toString("base64")}`)).toEqual(cases.map((c) => `${c.id}:${c.bytes.toString("base64")}`));
  });

  // kubeconform reports a path it cannot walk as an error result named by that path (main.go: discovery errors
  // become results), after the paths before it; it used to stop ours before anything. The walk of the paths after
  // it races with the cancel() that follows the error: from none to all of them are validated, run to run. Ours
  // validates them all (the outcome that misses nothing): every result kubeconform gives must be among ours, with
  // the same message, and the exit code the same.
  it("a missing file or folder among several paths: reported, the paths before it validated, and ours goes on", async () => {
    const dir = join(work, "missing-paths");
    mkdirSync(join(dir, "sub"), { recursive: true });
    const cm = (name: string, data = "") => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${data}`;
    writeFileSync(join(dir, "a.yaml"), cm("a"));
    writeFileSync(join(dir, "b.yaml"), cm("b", "data:\n  k: !!int x\n"));
    writeFileSync(join(dir, "sub", "c.yaml"), cm("c"));
    const location = join(work, "schemas/kubernetes/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json");
    const args = ["-strict", "-output", "json", "-verbose", "-kubernetes-version", "1.33.0", "-schema-location", location, "a.yaml", "missing.yaml", "b.yaml", "no-folder/", "sub"];
    const rows = (r: RunResult) => {
      const doc = JSON.parse(r.stdout) as { resources: Array<Record<string, string>> };
      return doc.resources.map((x) => `${x.filename}|${x.kind}|${x.name}|${x.status}|${x.msg}`).sort();
    };
    const ours = await run(process.execPath, [CLI, "kubeconform", ...args], { cwd: dir });
    expect(rows(ours)).toEqual([
      "a.yaml|ConfigMap|a|statusValid|",
      "b.yaml|||statusError|error unmarshalling resource: error converting YAML to JSON: yaml: cannot decode !!str `x` as a !!int",
      "missing.yaml|||statusError|lstat missing.yaml: no such file or directory",
      "no-folder/|||statusError|lstat no-folder/: no such file or directory",
      "sub/c.yaml|ConfigMap|c|statusValid|",
    ]);
    expect(ours.code).toBe(1);
    for (let i = 0; i < 3; i++) {
      const real = await run(KUBECONFORM!, args, { cwd: dir });
      expect(real.code).toBe(1);
      expect(rows(real)).toEqual(expect.arrayContaining(["a.yaml|ConfigMap|a|statusValid|", "missing.yaml|||statusError|lstat missing.yaml: no such file or directory"]));
      for (const row of rows(real)) expect(rows(ours), `kubeconform's ${row}`).toContain(row);
    }
  });

  it("real kubeconform v0.7.0 and ours agree per file, except the accepted differences", async () => {
    const version = await run(KUBECONFORM!, ["-v"]);
    expect(version.stdout.trim()).toBe("v0.7.0");
    const accepted = loadAccepted();
    const byClass = new Map<string, string[]>();
    for (const c of cases) byClass.set(c.class, [...(byClass.get(c.class) ?? []), `${c.id}.yaml`]);

    const differences = new Map<string, string>(); // "id@mode" -> description
    const report: string[] = [];
    for (const mode of Object.keys(MODES) as Mode[]) {
      const times: Record<Tool, number> = { kubeconform: 0, ours: 0 };
      let agree = 0;
      let differ = 0;
      for (const [cls, files] of byClass) {
        const [real, ours] = await Promise.all(
          (["kubeconform", "ours"] as const).map(async (tool) => {
            const t0 = performance.now();
            const v = await verdicts(tool, mode, cls, files);
            times[tool] += performance.now() - t0;
            return v;
          }),
        );
        for (const f of files) {
          const a = real!.get(f)!;
          const b = ours!.get(f)!;
          if (JSON.stringify(a) === JSON.stringify(b)) {
            agree++;
            continue;
          }
          differ++;
          const id = f.replace(/\.yaml$/, "");
          differences.set(`${id}@${mode}`, `kubeconform ${JSON.stringify(a)} / ours ${JSON.stringify(b)}`);
        }
      }
      report.push(
        `[oracle kubeconform ${mode}] files ${cases.length}, agreements ${agree}, differences ${differ}, ` +
          `time kubeconform ${(times.kubeconform / 1000).toFixed(1)} s, ours ${(times.ours / 1000).toFixed(1)} s`,
      );
    }

    const byAcceptedClass = new Map<string, number>();
    for (const key of differences.keys()) {
      const a = accepted.get(key);
      const cls = a?.class ?? "NOT ACCEPTED";
      byAcceptedClass.set(cls, (byAcceptedClass.get(cls) ?? 0) + 1);
    }
    report.push(`[oracle kubeconform] differences by class: ${[...byAcceptedClass].map(([c, n]) => `${c} ${n}`).join("; ")}`);
    summary.push(...report);

    if (process.env.ORACLES_WRITE_DIFFERENCES) {
      const lines = [...differences].map(([k, v]) => `${k}\t${accepted.get(k)?.class ?? "-"}\t${v}`);
      writeFileSync(process.env.ORACLES_WRITE_DIFFERENCES, `${lines.join("\n")}\n`);
    }

    const unexpected = [...differences].filter(([k]) => !accepted.has(k)).map(([k, v]) => `${k}: ${v}`);
    const stale = [...accepted].filter(([k, v]) => !v.unstable && !differences.has(k)).map(([k]) => k);
    expect(unexpected, "differences not in accepted-differences.json").toEqual([]);
    expect(stale, "accepted differences that no longer differ: remove them from accepted-differences.json").toEqual([]);
  });
});
