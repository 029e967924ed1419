/**
 * Progress feedback (issue 28), end to end through the real CLI: without a terminal every command prints
 * exactly what it printed before progress existed (apart from the elapsed time on its summary line).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { editConfigText } from "../../generator/config/edit.js";
import { REPO_ROOT, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tree.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });

/** The elapsed time a summary line ends with: " (1.2 s)", or ", 1.2 s)" inside a parenthesis it already had. */
const ELAPSED = /(?: \(\d+\.\d s\)|, \d+\.\d s(\)))$/gm;
const withoutElapsed = (s: string) => s.replace(ELAPSED, "$1");
const ENDS_WITH_ELAPSED = new RegExp(ELAPSED.source);

/** A temp git repository with the default config (dev runs a newer nginx than staging and prod). */
function gitRepo(): string {
  const dir = tempDir("sidecar-gitops-progress-");
  writeFileSync(join(dir, "package.json"), "{}\n");
  const config = readFileSync(join(REPO_ROOT, "gitops.config.yaml"), "utf8");
  writeFileSync(join(dir, "gitops.config.yaml"), editConfigText(config, [{ path: ["environments", "dev", "apps", "web", "containers", "nginx", "tag"], value: "1.27.5-alpine" }]));
  git(dir, "init", "-q", "-b", "main");
  return dir;
}

/** diff's closing line, new: its stdout is the pull-request comment, so the elapsed time has a line on stderr. */
const DIFF_CLOSING = /^diff: \d+ of \d+ environment\(s\) changed against \S+ \(\d+\.\d s\)\n$/m;

describe("without a terminal", () => {
  let transcript = "";
  const diffClosings: string[] = [];
  /** Per command run, the last line of its stdout and of its stderr. */
  const endings: { args: string[]; last: string[] }[] = [];
  let repo: string;
  beforeAll(() => {
    repo = gitRepo();
    const normalize = (s: string) => s.split(repo).join("<repo>").replace(/\(kustomize v[^)]*\)/g, "(kustomize <version> from <source>)");
    const step = (args: string[], env: Record<string, string> = {}) => {
      const r = runCli(repo, args, { CI: "", ...env });
      const lastLine = (s: string) => s.trimEnd().split("\n").pop()!;
      endings.push({ args, last: [lastLine(r.stdout), lastLine(r.stderr)] });
      if (args[0] === "diff") {
        diffClosings.push(DIFF_CLOSING.exec(r.stderr)?.[0] ?? "");
        r.stderr = r.stderr.replace(DIFF_CLOSING, "");
      }
      transcript += `$ ${args.join(" ")}\n--- exit ${r.code}\n--- stdout\n${normalize(r.stdout)}--- stderr\n${normalize(r.stderr)}\n`;
      return r;
    };
    const file = (name: string) => {
      transcript += `--- ${name}\n${normalize(readFileSync(join(repo, name), "utf8"))}\n`;
    };
    step(["gen"]);
    step(["gen"]);
    step(["gen", "--check"]);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "first");
    const cfg = join(repo, "gitops.config.yaml");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace("    cluster: prod\n    replicas: 3\n", "    cluster: prod\n    replicas: 5\n"));
    step(["gen", "--dry-run"]);
    step(["gen", "--check"]);
    step(["validate", "--no-cache"]);
    step(["gen"]);
    step(["validate", "--no-cache"]);
    step(["validate", "--no-cache", "--env", "dev", "--junit", "junit.xml", "--summary", "summary.md"]);
    file("junit.xml");
    file("summary.md");
    step(["validate", "base/web"]);
    step(["validate", "--output", "json", "base/web"]);
    step(["validate", "--output", "junit", "base/web"]);
    step(["manifests", "--env", "dev"]);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "prod: 5 replicas");
    step(["promote", "--from", "dev", "--to", "staging", "--dry-run"]);
    step(["promote", "--from", "dev", "--to", "staging"]);
    step(["promote", "--from", "dev", "--to", "staging"]);
    git(repo, "commit", "-qam", "promote");
    step(["diff", "--base", "HEAD~1"]);
    step(["diff", "--base", "HEAD"]);
  }, 600_000);

  it("every command prints what it printed before progress existed, apart from the elapsed time", async () => {
    await expect(withoutElapsed(transcript)).toMatchFileSnapshot("__snapshots__/plain-output.txt");
  });

  it("diff ends with its one-line summary and the elapsed time on stderr", () => {
    expect(diffClosings).toEqual([expect.stringMatching(/^diff: 1 of 3 environment\(s\) changed against HEAD~1 \(/), expect.stringMatching(/^diff: 0 of 3 environment\(s\) changed against HEAD \(/)]);
  });

  it("every command but manifests and the json and junit reports ends with a summary line with the elapsed time", () => {
    const machine = ({ args }: { args: string[] }) => args[0] === "manifests" || args.includes("--output");
    for (const e of endings.filter((e) => !machine(e))) expect(e.last.some((l) => ENDS_WITH_ELAPSED.test(l)), e.args.join(" ")).toBe(true);
    for (const e of endings.filter(machine)) expect(e.last.some((l) => ENDS_WITH_ELAPSED.test(l)), e.args.join(" ")).toBe(false);
  });

  it("prints no carriage return and no control sequence", () => {
    expect(transcript).not.toMatch(/[\r\x1b]/);
  });
});
