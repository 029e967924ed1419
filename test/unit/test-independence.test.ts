/**
 * Issue 20: `npm test` passes whatever valid gitops.config.yaml sits at the repository root. A guard over the test
 * sources: no test reads the root config, the committed generated tree (base/, overlays/, argocd/, clusters/,
 * .gitops/, .github/, docs/environments.md), or runs a config-reading command in the repository root. Tests read
 * test/fixtures/configs/ (test/helpers/fixture-configs.ts) and render into memory or temp dirs instead.
 * scripts/check-suite-independence.sh proves the whole suite with another root config; this catches a regression
 * inside `npm test` itself, in any test file, present or future. It knows the suite's conventions: the repository
 * root is a constant named ROOT or REPO_ROOT (test/helpers exports REPO_ROOT), paths are string literals.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/fixtures.js";

/** Paths at the repository root that depend on the root config: the config itself and everything gen writes there. */
const ROOT_OWNED = String.raw`(?:gitops\.config\.yaml|base|overlays|argocd|clusters|\.gitops|\.github|docs\/environments\.md)`;
/** Commands that read ./gitops.config.yaml (validate only without PATHs: with them it reads just those files). */
const CONFIG_COMMANDS = String.raw`"(?:gen|diff|promote|manifests)"|"validate"\s*(?:\]|,\s*"--(?:env|no-cache|output|annotate)")`;

/** The forms a root read takes, each with an example it must catch (asserted below, so the guard can fail). */
export const FORBIDDEN: { name: string; pattern: RegExp; example: string }[] = [
  {
    name: "a relative URL from the test file up to a root path",
    pattern: new RegExp(String.raw`new URL\(\s*["'\`](?:\.\.\/)+${ROOT_OWNED}(?![\w.-])`),
    example: `readFileSync(new URL("../../../gitops.config.yaml", import.meta.url), "utf8")`,
  },
  {
    name: "a root path joined to, or resolved against, a ROOT constant",
    pattern: new RegExp(String.raw`\b\w*ROOT\b.*["'\`\/]${ROOT_OWNED}["'\`\/]|["'\`]${ROOT_OWNED}["'\`\/].*\b\w*ROOT\b`),
    example: `cpSync(join(REPO_ROOT, "gitops.config.yaml"), join(dir, "gitops.config.yaml"))`,
  },
  {
    name: "a root path appended to a ROOT constant in a template",
    pattern: new RegExp(String.raw`\$\{\w*ROOT\}\/?${ROOT_OWNED}(?![\w.-])`),
    example: "readTree(`${ROOT}base`)",
  },
  {
    name: "a config-reading command run in the repository root",
    pattern: new RegExp(String.raw`\b(?:cli|runCli|runTs|gen)\(\s*\w*ROOT\s*,\s*\[\s*(?:${CONFIG_COMMANDS})`),
    example: `const r = cli(ROOT, ["validate", "--env", "staging"]);`,
  },
  {
    name: "a root path read relative to the working directory (vitest runs in the repository root)",
    pattern: new RegExp(String.raw`\b(?:readFileSync|readdirSync|existsSync|statSync|lstatSync|cpSync|readTree|createReadStream)\(\s*["'\`](?:\.\/)?${ROOT_OWNED}(?![\w.-])`),
    example: `const text = readFileSync("gitops.config.yaml", "utf8");`,
  },
  {
    name: "the repository root as the working directory",
    pattern: /process\.chdir\(\s*\w*ROOT\s*\)/,
    example: "process.chdir(REPO_ROOT);",
  },
];

/** Forms that must not be caught: reading inputs the generator owns, or running path-mode commands from the root. */
const ALLOWED_FORMS = [
  `readFileSync(join(REPO_ROOT, "examples", "secrets.config.yaml"), "utf8")`,
  `const r = cli(REPO_ROOT, ["validate", dir]);`,
  `const r = cli(REPO_ROOT, ["validate", "--no-policy", "--output", "json", dir]);`,
  `const SCHEMAS_DIR = join(REPO_ROOT, "schemas");`,
  `const r = runCli(dir, ["diff", "--base", "HEAD~1"]);`,
  `const target = join(dir, "overlays", "prod", "web", "kustomization.yaml");`,
  `cpSync(join(REPO_ROOT, "test/fixtures/configs/reference.config.yaml"), to);`,
];

/**
 * Test sources that may touch the root, and why. Each entry names the exact lines allowed (a substring each must
 * contain); any other match in that file still fails, and an entry whose line is gone fails too (no stale passes).
 */
const ALLOWED: { file: string; line: string; why: string }[] = [
  {
    file: "test/e2e/init.test.ts",
    line: `starterConfig(readFileSync(join(REPO_ROOT, "gitops.config.yaml"), "utf8"))`,
    why: "init scaffolds from the root config (the reference config the package ships), whichever it is: the scaffold's config is compared with the starter made from it, nothing about its content is assumed",
  },
  {
    file: "test/golden/golden.test.ts",
    line: "${ROOT}",
    why: "compares the committed tree with the reference golden only while rootIsReference(): skipped for any other root config",
  },
  {
    file: "test/helpers/fixture-configs.ts",
    line: `join(REPO_ROOT, "gitops.config.yaml")`,
    why: "rootIsReference() reads the root config only to compare it byte for byte with the reference fixture",
  },
  {
    file: "test/e2e/examples.test.ts",
    line: `cli(REPO_ROOT, ["gen", ...args])`,
    why: "gen --config examples/<name>.config.yaml --out <temp dir>: run from the root only so headers name paths as npm run does",
  },
  {
    file: "test/unit/render/workflows.test.ts",
    line: `join(REPO_ROOT, ".github", "workflows")`,
    why: "lints whatever workflows the repository holds (gen's, for any config, or hand-written), asserting nothing about their content",
  },
];

/** Where the guard does not look, and why. */
const NOT_SCANNED: { prefix: string; why: string }[] = [
  { prefix: "test/oracles/", why: "not part of npm test (npm run test:oracles): the real programs judge the committed tree by design" },
  { prefix: "test/unit/test-independence.test.ts", why: "this guard, whose patterns and examples name the forbidden forms" },
];

const SOURCE = /\.(?:[cm]?[jt]s)$/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = join(dir, e.name);
    if (e.isDirectory()) return sources(abs);
    return e.isFile() && SOURCE.test(e.name) ? [relative(REPO_ROOT, abs).split(sep).join("/")] : [];
  });
}

/** Every line of text that reads the root: 1-based line number, the form, the line. */
export function rootReads(text: string): { line: number; form: string; text: string }[] {
  return text.split("\n").flatMap((l, i) => {
    const form = FORBIDDEN.find((f) => f.pattern.test(l));
    return form ? [{ line: i + 1, form: form.name, text: l.trim() }] : [];
  });
}

describe("the suite is independent of the root gitops.config.yaml (issue 20)", () => {
  it.each(FORBIDDEN.map((f) => [f.name, f.example]))("catches %s", (name, example) => {
    expect(rootReads(example).map((r) => r.form)).toEqual([name]);
  });

  it.each(ALLOWED_FORMS)("lets through %s", (line) => {
    expect(rootReads(line)).toEqual([]);
  });

  const files = sources(join(REPO_ROOT, "test")).filter((f) => !NOT_SCANNED.some((n) => f.startsWith(n.prefix)));

  it("scans every test source npm test runs, helpers included", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files).toEqual(expect.arrayContaining(["test/helpers/config.ts", "test/e2e/cli-gen.test.ts", "test/golden/golden.test.ts"]));
  });

  it("no test source reads the root config or the committed tree, except the allow-listed lines", () => {
    const found = files.flatMap((file) =>
      rootReads(readFileSync(join(REPO_ROOT, file), "utf8"))
        .filter((r) => !ALLOWED.some((a) => a.file === file && r.text.includes(a.line)))
        .map((r) => `${file}:${r.line}: ${r.form}: ${r.text}`),
    );
    // A fix: read test/helpers/fixture-configs.ts's REFERENCE_CONFIG (or another fixture), render with renderFromText
    // into memory or tempRepoWith() + gen into a temp dir, and compare with test/golden/reference/.
    expect(found).toEqual([]);
  });

  it.each(ALLOWED.map((a) => [a.file, a.line, a.why]))("%s: the allowed line %j is still there (%s)", (file, line) => {
    const text = readFileSync(join(REPO_ROOT, file), "utf8");
    expect(rootReads(text).some((r) => r.text.includes(line))).toBe(true);
  });
});
