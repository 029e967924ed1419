/**
 * The kubeconform mode as the README shows it: every `npm run kubeconform -- …` command on files and folders,
 * run literally from the root of a repository holding the reference config's tree (the demo the README shows,
 * rendered into a temp dir, so the test holds whatever config sits at this repository's root), passes;
 * `-v` prints a bare version.
 */
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { runKubeconform } from "../../../generator/cli/kubeconform.js";
import { renderFromText } from "../../helpers/config.js";
import { REFERENCE_CONFIG } from "../../helpers/fixture-configs.js";
import { tempDir, writeFilesTo } from "../../helpers/tree.js";

let repo: string | undefined;
/** A temp repository root with the reference config's rendered tree, made once. */
function referenceTree(): string {
  if (!repo) {
    repo = tempDir("sidecar-gitops-kubeconform-readme-");
    writeFilesTo(repo, renderFromText(REFERENCE_CONFIG));
  }
  return repo;
}

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const cwd = process.cwd();
  process.chdir(referenceTree());
  try {
    const code = await runKubeconform(args, {
      stdin: Readable.from([""]),
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

/** Shell words of a command line: plain words and single-quoted ones (what the README uses). */
function words(line: string): string[] {
  return [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
/** `npm run kubeconform -- <flags> <paths>` lines that read files or folders (not stdin), comments dropped. */
const COMMANDS = README.split("\n")
  .map((l) => l.replace(/\s+#.*$/, "").trim())
  .filter((l) => /^npm run (-s )?kubeconform -- /.test(l) && !/ -$/.test(l))
  .map((l) => words(l.slice(l.indexOf("-- ") + 3)));

describe("README's kubeconform commands", () => {
  it("has at least one files-and-folders command, and it skips Kustomization files and partial patches", () => {
    expect(COMMANDS.length).toBeGreaterThan(0);
    expect(COMMANDS.some((c) => c.includes("-skip") && c.includes("Kustomization"))).toBe(true);
  });

  it.each(COMMANDS.map((c) => [c.join(" "), c]))("passes on the reference tree: %s", async (_line, args) => {
    const r = await run(args as string[]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Invalid: 0, Errors: 0/);
  }, 60_000);

  it("-skip Kustomization skips kustomization files as kubeconform does (status skipped, not an error)", async () => {
    const bare = await run(["-summary", "overlays/dev/"]);
    expect(bare.code).toBe(1);
    expect(bare.stdout).toContain("could not find schema for Kustomization");
    const skipped = await run(["-summary", "-skip", "Kustomization", "overlays/dev/"]);
    expect(skipped.code).toBe(0);
    // overlays/dev/: the aggregate and the two targets' kustomization.yaml are skipped; the Namespace is valid.
    expect(skipped.stdout).toMatch(/Valid: 1, Invalid: 0, Errors: 0, Skipped: 3/);
  });

  it("-v prints the bare version, as kubeconform does", async () => {
    const r = await run(["-v"]);
    const version = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
    expect(r).toMatchObject({ code: 0, stdout: `v${version}\n` });
  });
});
