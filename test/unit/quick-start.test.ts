/**
 * The README's quick start is two commands, and the second passes on a fresh clone after only the first's `npm ci`,
 * also with CI=true (GitHub Actions sets it for every job), where a check that would skip fails (skipOrFail).
 *
 * Running them literally (a clone, `npm ci`, the whole suite again) costs minutes on a shared 2-core machine, so it
 * is `npm run test:fresh-clone` (scripts/fresh-clone-test.sh), outside `npm test`. What this file checks in
 * milliseconds is the property that makes that run pass: every test `npm test` runs either needs nothing beyond
 * `npm ci` or says here why what it needs is on every machine that has Node and npm. A new skipOrFail, skip or
 * CI switch in `npm test`'s files, or a path to something `npm ci` does not install, fails until it is judged here
 * (or the test moves to a suite with its own command, as test/schemas and test/oracles are).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/fixtures.js";

const read = (rel: string) => readFileSync(join(REPO_ROOT, rel), "utf8");

/** The fenced shell blocks of the README's "Quick start" section, in order. */
export function quickStartCommands(readme: string): string[] {
  const section = /^## Quick start\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? "";
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.trim());
}

/** The test files `npm test` runs, as vitest itself lists them from vitest.config.ts. */
function npmTestFiles(): string[] {
  const vitest = join(REPO_ROOT, "node_modules", "vitest", "vitest.mjs");
  const listed = spawnSync(process.execPath, [vitest, "list", "--filesOnly", "--config", "vitest.config.ts"], { cwd: REPO_ROOT, encoding: "utf8" });
  expect(listed.status, listed.stderr).toBe(0);
  return listed.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.endsWith(".test.ts"))
    .map((l) => relative(REPO_ROOT, join(REPO_ROOT, l)).split("\\").join("/"));
}

/** test/helpers: what the test files share (a skip can hide in a helper as well as in a test). */
function helperFiles(): string[] {
  return readdirSync(join(REPO_ROOT, "test", "helpers"))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `test/helpers/${f}`);
}

/**
 * Each place in `npm test`'s files where the suite's outcome depends on the machine or on CI=true, and why a
 * machine with only Node and npm, after `npm ci`, satisfies it. Keyed by file and the call's text.
 */
const JUDGED: { file: string; pattern: RegExp; why: string }[] = [
  { file: "test/helpers/fixtures.ts", pattern: /export function (skipOrFail|inCI)\b|if \(inCI\(env\)\)|ctx\.skip/, why: "the definitions of skipOrFail and inCI" },
  { file: "test/unit/helpers/skip-or-fail.test.ts", pattern: /.*/, why: "tests skipOrFail itself, with its own env" },
  { file: "test/unit/write/plan.test.ts", pattern: /skipOrFail\(ctx, "no mkfifo on this machine"\)/, why: "mkfifo is POSIX (coreutils, BSD base): every system npm ci runs this project on has it" },
  { file: "test/golden/golden.test.ts", pattern: /inCI/, why: "refuses UPDATE_GOLDEN=1 under CI=true; needs nothing" },
  {
    file: "test/golden/golden.test.ts",
    pattern: /it\.runIf\(rootIsReference\(\)\)/,
    why: "the committed tree is compared with the reference golden only while the root config is the reference fixture (issue 20: any other root config is gen --check's business); depends on the checkout, never on the machine",
  },
  { file: "test/e2e/delivery.test.ts", pattern: /process\.env\.CI/, why: "upstream CRD schemas, vendored in test/fixtures/upstream-schemas (in the clone)" },
  { file: "test/e2e/secrets.test.ts", pattern: /process\.env\.CI/, why: "upstream CRD schemas, vendored in test/fixtures/upstream-schemas (in the clone)" },
  { file: "test/unit/quick-start.test.ts", pattern: /.*/, why: "this guard names the patterns it looks for" },
  {
    file: "test/e2e/cli-progress.test.ts",
    pattern: /skipOrFail\(ctx, "no `script -qc` for a pseudo-terminal"\)/,
    why: "`script -qc` is util-linux's (Debian's and Ubuntu's Essential bsdutils, Fedora's, Arch's base util-linux) or BusyBox's (Alpine): on every Linux system, and the suite's machines are Linux (the kubectl npm ci bundles is a Linux binary)",
  },
];

/** A test's outcome that depends on the machine or CI=true: skips of any kind and CI switches. */
const MACHINE_DEPENDENT = /\bskipOrFail\s*\(|\binCI\s*\(|process\.env\.CI\b|\.(skip|skipIf|runIf|todo)\s*\(|\bctx\.skip\b|\bcontext\.skip\b/;
/** Paths to what `npm ci` does not install: the schema sources' packages and the oracles' binaries. */
const NOT_FROM_NPM_CI = /schema-sources["'`]?\s*[,/]\s*["'`]?node_modules|\.oracles[/"'`]/;

/** Every line of `files` that matches `re` and no judged entry, as "file:line: text". */
export function unjudged(files: { path: string; text: string }[], re: RegExp, judged = JUDGED): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    text.split("\n").forEach((line, i) => {
      // A comment reads nothing and skips nothing (it may name .oracles/bin/kubeconform as where a verdict came from).
      if (/^\s*(\/\/|\/\*|\*)/.test(line)) return;
      if (!re.test(line)) return;
      if (judged.some((j) => j.file === path && j.pattern.test(line))) return;
      out.push(`${path}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

describe("the README's quick start passes with CI=true after only npm ci", () => {
  const files = [...npmTestFiles(), ...helperFiles()].map((path) => ({ path, text: read(path) }));

  it("has exactly two commands, the main job and `npm test`, and `npm test` is plain vitest on vitest.config.ts", () => {
    expect(quickStartCommands(read("README.md"))).toEqual(["npm ci && npm run gen", "npm test"]);
    const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toBe("vitest run");
  });

  it("`npm test` runs the unit, golden, conformance and e2e suites and neither test/schemas nor test/oracles", () => {
    const tests = files.map((f) => f.path).filter((p) => p.endsWith(".test.ts"));
    for (const dir of ["test/unit/", "test/golden/", "test/conformance/", "test/e2e/", "test/fixtures/"]) expect(tests.some((p) => p.startsWith(dir)), dir).toBe(true);
    expect(tests).toContain("test/unit/quick-start.test.ts");
    expect(tests.filter((p) => p.startsWith("test/schemas/") || p.startsWith("test/oracles/"))).toEqual([]);
  });

  it("no test in `npm test` skips or switches on CI=true except where Node and npm alone satisfy it (judged above)", () => {
    expect(unjudged(files, MACHINE_DEPENDENT)).toEqual([]);
  });

  it("no test in `npm test` reads what npm ci does not install (schema-sources/node_modules, .oracles/)", () => {
    expect(unjudged(files, NOT_FROM_NPM_CI)).toEqual([]);
  });

  it("the guard catches the schema-freshness test that used to make `CI=true npm test` fail on a fresh clone", () => {
    const old = {
      path: "test/unit/schemas/generated.test.ts",
      text: [
        'const SOURCES_INSTALLED = existsSync(join(REPO_ROOT, "schema-sources", "node_modules", "@kubernetes", "client-node", "package.json"));',
        '    skipOrFail(ctx, "schema-sources/ is not installed: run `npm ci --prefix schema-sources`");',
      ].join("\n"),
    };
    expect(unjudged([old], MACHINE_DEPENDENT)).toHaveLength(1);
    expect(unjudged([old], NOT_FROM_NPM_CI)).toHaveLength(1);
    expect(unjudged([{ path: "test/unit/x.test.ts", text: "describe.skipIf(!KUBECTL)('x', () => {});\nif (inCI()) expect(runners.length).toBe(2);" }], MACHINE_DEPENDENT)).toHaveLength(2);
  });

  it(".ci/run and the workflow run the README's test command and the schema check as its own command", () => {
    const ci = read(".ci/run");
    expect(ci).toMatch(/^npm ci\nnpm test\n/m);
    expect(ci).toMatch(/^CI=true npm run test:schemas$/m);
    // The generator's own workflow (hand-written; the generated gitops.yml checks the rendered tree only).
    const workflow = read(".github/workflows/generator.yml");
    const testJob = workflow.slice(workflow.indexOf("\n  test:\n"), workflow.indexOf("\n  static:\n"));
    expect([...testJob.matchAll(/- run: (.*)/g)].map((m) => m[1])).toEqual(["npm ci", "npm test"]);
    expect(workflow).toContain("run: npm run test:schemas");
  });
});
