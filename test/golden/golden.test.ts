/**
 * Golden trees: each example config's whole rendered tree, compared byte for byte with test/golden/<case>/, and
 * the reference config's (test/fixtures/configs/reference.config.yaml, a copy of this repository's root config)
 * with test/golden/reference/. Update on purpose with:
 *   UPDATE_GOLDEN=1 npx vitest run test/golden
 * An update run compares each tree with what it just wrote, so it cannot fail on a difference: it is refused
 * under CI=true, where a green run must mean the trees matched.
 *
 * The suite never reads the root gitops.config.yaml's content (issue 20: `npm test` passes whatever valid config
 * a user keeps there); `npm run gen -- --check` is what checks the committed tree against the root config. The one
 * comparison with the committed tree runs only while the root config is byte-identical to the reference fixture,
 * i.e. in this repository as shipped, where it also shows the fixture and its golden have not drifted from the demo.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkRenderedFiles } from "../../generator/pipeline.js";
import { diagnosticsOf, renderFromText } from "../helpers/config.js";
import { inCI } from "../helpers/fixtures.js";
import { REFERENCE_CONFIG, rootIsReference } from "../helpers/fixture-configs.js";
import { readTree, writeFilesTo } from "../helpers/tree.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HERE = fileURLToPath(new URL("./", import.meta.url));
/** Whether this run rewrites the golden trees; never in CI. */
export function goldenUpdateRequested(env: NodeJS.ProcessEnv): boolean {
  const update = env.UPDATE_GOLDEN === "1";
  if (update && inCI(env)) throw new Error("UPDATE_GOLDEN=1 is refused under CI=true: golden trees are updated on purpose, locally, and committed");
  return update;
}
const UPDATE = goldenUpdateRequested(process.env);

const EXAMPLES = readdirSync(`${ROOT}examples`)
  .filter((f) => f.endsWith(".config.yaml"))
  .sort()
  .map((f) => f.replace(/\.config\.yaml$/, ""));

/** The cases: each example, named as from the repository root, and the reference config, named as the root config it copies. */
const CASES: [name: string, text: () => string, configName: string][] = [
  ...EXAMPLES.map((name): [string, () => string, string] => [name, () => readFileSync(`${ROOT}examples/${name}.config.yaml`, "utf8"), `examples/${name}.config.yaml`]),
  ["reference", () => REFERENCE_CONFIG, "gitops.config.yaml"],
];

function rendered(text: string, configName: string): Record<string, string> {
  // Named as `npm run gen [-- --config examples/<name>.config.yaml]` names it: the headers carry the name.
  const files = renderFromText(text, configName);
  checkRenderedFiles(files, { reparse: true }); // every file parses back cleanly
  return Object.fromEntries(files.map((f) => [f.path, f.content]));
}

describe("golden trees", () => {
  it("UPDATE_GOLDEN=1 is refused under CI=true, and only =1 asks for an update", () => {
    expect(() => goldenUpdateRequested({ UPDATE_GOLDEN: "1", CI: "true" })).toThrow(/refused under CI=true/);
    expect(goldenUpdateRequested({ UPDATE_GOLDEN: "1" })).toBe(true);
    expect(goldenUpdateRequested({ UPDATE_GOLDEN: "true", CI: "true" })).toBe(false);
    expect(goldenUpdateRequested({ CI: "true" })).toBe(false);
  });

  it.each(CASES)("%s renders exactly its golden tree", (name, text, configName) => {
    const actual = rendered(text(), configName);
    const dir = `${HERE}${name}`;
    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      writeFilesTo(dir, Object.entries(actual).map(([path, content]) => ({ path, content })));
    }
    expect(existsSync(dir), `missing golden tree ${dir}: run UPDATE_GOLDEN=1 npx vitest run test/golden`).toBe(true);
    expect(readTree(dir)).toEqual(actual);
  });

  // Only while the root config is the reference (this repository as shipped): the committed tree is then the
  // reference golden. With any other root config this comparison does not apply (gen --check covers the root).
  it.runIf(rootIsReference())("the committed base/, overlays/, argocd/, clusters/, docs/environments.md and workflows are the reference golden tree (root config = reference fixture)", () => {
    const committed = Object.assign(
      {
        "docs/environments.md": readFileSync(`${ROOT}docs/environments.md`, "utf8"),
        ".github/workflows/gitops.yml": readFileSync(`${ROOT}.github/workflows/gitops.yml`, "utf8"),
        ".github/workflows/promote.yml": readFileSync(`${ROOT}.github/workflows/promote.yml`, "utf8"),
      },
      ...["base", "overlays", "argocd", "clusters"].map((top) => prefixed(readTree(`${ROOT}${top}`), `${top}/`)),
    );
    expect(committed).toEqual(readTree(`${HERE}reference`));
  });
});

function prefixed(tree: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).map(([k, v]) => [prefix + k, v]));
}

describe("checkRenderedFiles", () => {
  it.each([
    ["CR line endings", "a: 1\r\n", /RND001.*contains CR/],
    ["no final newline", "a: 1", /RND001.*exactly one newline/],
    ["broken YAML", "a: [1\n", /RND001.*invalid YAML/],
    ["a duplicate key", "a: 1\na: 2\n", /RND001.*invalid YAML/],
  ])("refuses %s before anything is written", (_name, content, expected) => {
    const out = diagnosticsOf(() => checkRenderedFiles([{ path: "base/x.yaml", content }], { reparse: true }));
    expect(out[0]).toMatch(expected);
  });
});
