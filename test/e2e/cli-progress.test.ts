/**
 * Progress feedback (issue 28), end to end through the real CLI: without a terminal every command prints
 * exactly what it printed before progress existed (apart from the elapsed time on its summary line).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { editConfigText } from "../../generator/config/edit.js";
import { ELAPSED, runCli, withoutElapsed } from "../helpers/cli.js";
import { REFERENCE_CONFIG } from "../helpers/fixture-configs.js";
import { skipOrFail } from "../helpers/fixtures.js";
import { drawnLines, finalScreen, ptyAvailable, runCliInPty } from "../helpers/pty.js";
import { tempDir } from "../helpers/tree.js";

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });

const ENDS_WITH_ELAPSED = new RegExp(ELAPSED.source);

/** A temp git repository with the reference config (dev runs a newer nginx than staging and prod). */
function gitRepo(): string {
  const dir = tempDir("sidecar-gitops-progress-");
  writeFileSync(join(dir, "package.json"), "{}\n");
  writeFileSync(join(dir, "gitops.config.yaml"), editConfigText(REFERENCE_CONFIG, [{ path: ["environments", "dev", "apps", "web", "containers", "nginx", "tag"], value: "1.27.5-alpine" }]));
  git(dir, "init", "-q", "-b", "main");
  return dir;
}

/** diff's closing line, new: its stdout is the pull-request comment, so the elapsed time has a line on stderr. */
const DIFF_CLOSING = /^diff: \d+ environment\(s\) changed against \S+ \(\d+\.\d s\)\n$/m;

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
    expect(diffClosings).toEqual([expect.stringMatching(/^diff: 1 environment\(s\) changed against HEAD~1 \(/), expect.stringMatching(/^diff: 0 environment\(s\) changed against HEAD \(/)]);
  });

  it("every command but manifests and the json and junit reports ends with a summary line with the elapsed time", () => {
    const machine = ({ args }: { args: string[] }) => args[0] === "manifests" || args.includes("--output");
    for (const e of endings.filter((e) => !machine(e))) expect(e.last.some((l) => ENDS_WITH_ELAPSED.test(l)), e.args.join(" ")).toBe(true);
    for (const e of endings.filter(machine)) expect(e.last.some((l) => ENDS_WITH_ELAPSED.test(l)), e.args.join(" ")).toBe(false);
     // The time goes after a plural's "(s)", inside a remark in parentheses.
    const lasts = endings.flatMap((e) => e.last);
    expect(lasts.some((l) => /^validate: 3 problem\(s\) \(\d+\.\d s\)$/.test(l))).toBe(true);
    expect(lasts.filter((l) => /^validate: \d+ problem/.test(l)).every((l) => /^validate: \d+ problem\(s\)( in \d+ resource\(s\) in \d+ file\(s\))? \(\d+\.\d s\)$/.test(l))).toBe(true);
    expect(lasts.some((l) => /^gen --check: \. is up to date with gitops\.config\.yaml \(40 files, \d+\.\d s\)$/.test(l))).toBe(true);
  });

  it("prints no carriage return and no control sequence", () => {
    expect(transcript).not.toMatch(/[\r\x1b]/);
  });
});

/** Output lines as a run without a terminal prints them, elapsed times dropped. */
const plainLines = (s: string) => withoutElapsed(s).split("\n").filter((l, i, all) => i < all.length - 1 || l !== "");

/** The phases drawn, in order, each once (a phase is drawn as soon as it starts). */
const phasesOf = (drawn: string[], command: string) =>
  drawn.map((l) => new RegExp(`^${command}: ([^·]+?)(?: [0-9,]+/[0-9,]+ \\(\\d+%\\))? · `).exec(l)?.[1]).filter((p, i, all): p is string => p !== undefined && p !== all[i - 1]);

describe("on a terminal (a pseudo-terminal from `script -qc`)", () => {
  const pty = ptyAvailable();
  let repo: string;
  beforeAll(() => {
    if (!pty) return;
    // GIVEN a generated, committed repo whose prod then got 5 replicas (regenerated, committed)
    repo = gitRepo();
    expect(runCli(repo, ["gen"]).code).toBe(0);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "first");
    const cfg = join(repo, "gitops.config.yaml");
    writeFileSync(cfg, readFileSync(cfg, "utf8").replace("    cluster: prod\n    replicas: 3\n", "    cluster: prod\n    replicas: 5\n"));
    expect(runCli(repo, ["gen"]).code).toBe(0);
    git(repo, "commit", "-qam", "prod: 5 replicas");
  }, 120_000);

  it("validate draws builds done of the total and the environment before the summary, then leaves the screen a run without a terminal prints", (ctx) => {
    if (!pty) skipOrFail(ctx, "no `script -qc` for a pseudo-terminal");
    const r = runCliInPty(repo, ["validate", "--no-cache"]);
    expect(r.code, r.raw).toBe(0);
    const drawn = drawnLines(r.raw);
    expect(phasesOf(drawn, "validate")).toEqual(["render", "drift check", "build", "check"]);
    const builds = drawn.filter((l) => /^validate: build \d+\/12 \(\d+%\) · (dev|prod|staging|argocd|flux\/nonprod|flux\/prod) · 0:\d\d$/.test(l));
    expect(builds.length, drawn.join("\n")).toBeGreaterThan(0);
    // Every draw came before the summary, and the summary is the last line of the screen.
    expect(r.raw.lastIndexOf("\x1b[K")).toBeLessThan(r.raw.indexOf("validate: ok"));
    const screen = finalScreen(r.raw);
    expect(screen.at(-1)).toMatch(/^validate: ok \(\d+\.\d s\)$/);
    const plain = runCli(repo, ["validate", "--no-cache"]);
    expect(screen.map(withoutElapsed)).toEqual(plainLines(plain.stdout + plain.stderr));
  }, 120_000);

  it("gen draws render, plan and write N of M, then the screen a run without a terminal prints", (ctx) => {
    if (!pty) skipOrFail(ctx, "no `script -qc` for a pseudo-terminal");
    const fresh = () => {
      const dir = tempDir("sidecar-gitops-progress-gen-");
      writeFileSync(join(dir, "package.json"), "{}\n");
      writeFileSync(join(dir, "gitops.config.yaml"), readFileSync(join(repo, "gitops.config.yaml")));
      return dir;
    };
    const r = runCliInPty(fresh(), ["gen"]);
    expect(r.code, r.raw).toBe(0);
    const drawn = drawnLines(r.raw);
    expect(phasesOf(drawn, "gen")).toEqual(["render", "plan", "write"]);
    const screen = finalScreen(r.raw);
    expect(screen.at(-1)).toMatch(/^41 created, 0 updated, 0 deleted, 0 adopted, 0 unchanged \(\d+\.\d s\)$/);
    const plain = runCli(fresh(), ["gen"]);
    expect(screen.map(withoutElapsed)).toEqual(plainLines(plain.stdout + plain.stderr));
  }, 120_000);

  it("diff draws each tree's builds; its markdown and closing line are the screen", (ctx) => {
    if (!pty) skipOrFail(ctx, "no `script -qc` for a pseudo-terminal");
    const r = runCliInPty(repo, ["diff", "--base", "HEAD~1"]);
    expect(r.code, r.raw).toBe(0);
    expect(phasesOf(drawnLines(r.raw), "diff")).toEqual(["render", "drift check", "build config", "checkout", "build HEAD~1"]);
    const screen = finalScreen(r.raw);
    expect(screen.at(-1)).toMatch(/^diff: 1 environment\(s\) changed against HEAD~1 \(\d+\.\d s\)$/);
    const plain = runCli(repo, ["diff", "--base", "HEAD~1"]);
    expect(screen.map(withoutElapsed)).toEqual(plainLines(plain.stdout + plain.stderr));
  }, 120_000);

  it("promote draws render, plan and write like gen", (ctx) => {
    if (!pty) skipOrFail(ctx, "no `script -qc` for a pseudo-terminal");
    const r = runCliInPty(repo, ["promote", "--from", "dev", "--to", "staging"]);
    expect(r.code, r.raw).toBe(0);
    expect(phasesOf(drawnLines(r.raw), "promote")).toEqual(["render", "plan", "write"]);
    expect(finalScreen(r.raw).at(-1)).toMatch(/^promote: 1 tag\(s\) from dev to staging; gitops\.config\.yaml and the tree updated \(\d+\.\d s\)$/);
    git(repo, "checkout", "-q", "--", ".");
  }, 120_000);

  it("set-image draws render, plan and write like gen", (ctx) => {
    if (!pty) skipOrFail(ctx, "no `script -qc` for a pseudo-terminal");
    const r = runCliInPty(repo, ["set-image", "--env", "staging", "--app", "web", "--tag", "1.27.6-alpine"]);
    expect(r.code, r.raw).toBe(0);
    expect(phasesOf(drawnLines(r.raw), "set-image")).toEqual(["render", "plan", "write"]);
    expect(finalScreen(r.raw).at(-1)).toMatch(/^set-image: gitops\.config\.yaml and the tree updated \(\d+\.\d s\)$/);
    git(repo, "checkout", "-q", "--", ".");
  }, 120_000);

  it.for<[string, string[], Record<string, string>]>([
    ["--quiet", ["--quiet"], {}],
    ["-q", ["-q"], {}],
    ["CI=true", [], { CI: "true" }],
    ["TERM=dumb", [], { TERM: "dumb" }],
  ])("%s: nothing but the output, no carriage return or control sequence of ours", { timeout: 120_000 }, ([, flags, env], ctx) => {
    if (!pty) skipOrFail(ctx, "no `script -qc` for a pseudo-terminal");
    const r = runCliInPty(repo, ["validate", "--env", "dev", ...flags], env);
    expect(r.code, r.raw).toBe(0);
    // The terminal itself turns each "\n" into "\r\n"; nothing else may move the cursor.
    expect(r.raw.replace(/\r\n/g, "\n")).not.toMatch(/[\r\x1b]/);
    expect(r.raw).toMatch(/validate: ok \(\d+\.\d s\)/);
  });

  it("keeps the line one column short of a narrow terminal, so it never wraps", (ctx) => {
    if (!pty) skipOrFail(ctx, "no `script -qc` for a pseudo-terminal");
    const r = runCliInPty(repo, ["validate", "--env", "dev", "--no-cache"], {}, 30);
    expect(r.code, r.raw).toBe(0);
    const drawn = drawnLines(r.raw);
    expect(drawn.length).toBeGreaterThan(0);
    for (const l of drawn) expect(l.length, l).toBeLessThanOrEqual(29);
    expect(drawn).toContain("validate: build 0/2 (0%) · 0:0".slice(0, 29));
  }, 120_000);
});

/** The ::group:: blocks of a log, title → lines, checking that each opens after the last one closed. */
function groupsOf(log: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  let open: string[] | undefined;
  for (const line of log.split("\n")) {
    if (line.startsWith("::group::")) {
      expect(open, `nested group: ${line}`).toBeUndefined();
      open = [];
      groups.set(line.slice("::group::".length), open);
    } else if (line === "::endgroup::") {
      expect(open, "::endgroup:: without a group").toBeDefined();
      open = undefined;
    } else open?.push(line);
  }
  expect(open, "a group left open").toBeUndefined();
  return groups;
}
const withoutGroups = (log: string) => log.replace(/^::group::[^\n]*\n(?:(?!::endgroup::)[^\n]*\n)*::endgroup::\n/gm, "");

describe("under GitHub Actions (GITHUB_ACTIONS=true)", () => {
  let repo: string;
  beforeAll(() => {
    repo = gitRepo();
    expect(runCli(repo, ["gen"]).code).toBe(0);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "first");
  }, 120_000);
  const GA = { GITHUB_ACTIONS: "true", CI: "true" };

  it("validate folds the builds by environment (and delivery engine), before the summary; the annotations stay as they are", () => {
    // GIVEN a hand edit, so there are annotations too
    const deployment = join(repo, "base", "web", "deployment.yaml");
    const original = readFileSync(deployment, "utf8");
    writeFileSync(deployment, original.replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"));
    try {
      const r = runCli(repo, ["validate", "--no-cache"], GA);
      expect(r.code).toBe(1);
      const groups = groupsOf(r.stdout);
      expect([...groups.keys()]).toEqual([
        "validate dev: 2 target(s)",
        "validate prod: 2 target(s)",
        "validate staging: 2 target(s)",
        "validate argocd: 1 target(s)",
        "validate flux/nonprod: 3 target(s)",
        "validate flux/prod: 2 target(s)",
      ]);
      const dev = groups.get("validate dev: 2 target(s)")!;
      expect(dev.slice(0, 2).sort()).toEqual([
        expect.stringMatching(/^overlays\/dev\/namespace: built in a batch of 2 \(\d+ ms|[\d.]+ s\)$/),
        expect.stringMatching(/^overlays\/dev\/web: built in a batch of 2 \(/),
      ]);
      expect(dev[2]).toMatch(/^dev: 2 target\(s\): 2 built \([^)]+ of kustomize\), 0 from the cache$/);
      // The groups come first; then exactly what the same run prints with --quiet (no groups): the summary and
      // the annotations, byte for byte but the elapsed time.
      expect(r.stdout.indexOf("::endgroup::")).toBeLessThan(r.stdout.indexOf("dev          2 target(s)"));
      const quiet = runCli(repo, ["validate", "--no-cache", "--quiet"], GA);
      expect(quiet.stdout).toMatch(/^::error file=base\/web\/deployment\.yaml::VAL001: /m);
      expect(withoutElapsed(withoutGroups(r.stdout))).toBe(withoutElapsed(quiet.stdout));
      expect(withoutElapsed(r.stderr)).toBe(withoutElapsed(quiet.stderr));
      expect(r.stdout + r.stderr).not.toMatch(/[\r\x1b]/);
    } finally {
      writeFileSync(deployment, original);
    }
  }, 120_000);

  it("gen folds its list of files, then prints the summary line", () => {
    const cfg = join(repo, "gitops.config.yaml");
    const original = readFileSync(cfg, "utf8");
    writeFileSync(cfg, original.replace("    cluster: prod\n    replicas: 3\n", "    cluster: prod\n    replicas: 5\n"));
    try {
      const r = runCli(repo, ["gen"], GA);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(
        /^::group::gen: what was written\nupdate docs\/environments\.md\nupdate overlays\/prod\/web\/kustomization\.yaml\nupdate \.gitops\/manifest\.json\n::endgroup::\n0 created, 3 updated, 0 deleted, 0 adopted, 38 unchanged \(\d+\.\d s\)\n$/,
      );
    } finally {
      writeFileSync(cfg, original);
      expect(runCli(repo, ["gen"]).code).toBe(0);
    }
  }, 120_000);

  it("diff folds each tree's builds on stderr; its markdown on stdout stays as it is", () => {
    const r = runCli(repo, ["diff", "--base", "HEAD"], GA);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(runCli(repo, ["diff", "--base", "HEAD"]).stdout);
    const groups = groupsOf(r.stderr);
    expect([...groups.keys()]).toEqual(["diff: build config", "diff: build HEAD"]);
    // A line per target as it is built, then per environment its tally.
    expect(groups.get("diff: build HEAD")!.slice(-3)).toEqual([
      expect.stringMatching(/^HEAD dev: 2 target\(s\): /),
      expect.stringMatching(/^HEAD prod: 2 target\(s\): /),
      expect.stringMatching(/^HEAD staging: 2 target\(s\): /),
    ]);
    expect(groups.get("diff: build config")!.filter((l) => /^overlays\/(dev|prod|staging)\/(web|namespace): (built|from the cache)/.test(l))).toHaveLength(6);
    expect(r.stderr).toMatch(/::endgroup::\ndiff: 0 environment\(s\) changed against HEAD \(\d+\.\d s\)\n$/);
  }, 120_000);
});

describe("--verbose", () => {
  it("validate lists per environment what was built and how long each target took, before the summary", () => {
    const repo = gitRepo();
    expect(runCli(repo, ["gen"]).code).toBe(0);
    const r = runCli(repo, ["validate", "--no-cache", "--verbose"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^dev {10}2 target\(s\): 2 built \([^)]+ of kustomize\), 0 from the cache; checks \d+ ms\n {2}overlays\/dev\/(web|namespace): built in a batch of 2 \([^)]+\), checks \d+ ms\n/m);
    expect(r.stderr).toMatch(/^argocd {7}1 target\(s\): 1 built \([^)]+ of kustomize\), 0 from the cache; checks \d+ ms\n {2}argocd: built in \d+ ms, checks \d+ ms$/m);
    const cached = runCli(repo, ["validate", "--verbose"]);
    expect(cached.stderr).toMatch(/^prod {9}2 target\(s\): all 2 from the cache; checks \d+ ms\n {2}overlays\/prod\/\w+: from the cache, checks \d+ ms\n/m);
    // Without --verbose, none of it.
    expect(runCli(repo, ["validate"]).stderr).toBe("");
  }, 120_000);

  it("diff lists per tree and environment what was built, on stderr, before its closing line", () => {
    const repo = gitRepo();
    expect(runCli(repo, ["gen"]).code).toBe(0);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "first");
    const r = runCli(repo, ["diff", "--base", "HEAD", "--verbose"]);
    expect(r.code, r.stderr).toBe(0);
    const heads = r.stderr.split("\n").filter((l) => /^\S/.test(l));
    expect(heads.map((l) => l.replace(/ +/g, " ").replace(/ target\(s\).*/, ""))).toEqual([
      "config dev 2",
      "config prod 2",
      "config staging 2",
      "HEAD dev 2",
      "HEAD prod 2",
      "HEAD staging 2",
      expect.stringMatching(/^diff: 0 environment\(s\) changed against HEAD \(/),
    ]);
    expect(r.stderr).toMatch(/^ {2}overlays\/dev\/web: (built in .+|from the cache)$/m);
  }, 120_000);

  it("gen lists how long each phase took and what it wrote where", () => {
    const repo = gitRepo();
    const r = runCli(repo, ["gen", "--verbose"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^gen: render \d+\.\d s, plan \d+\.\d s, write \d+\.\d s\ngen: .*, base 5, .*, overlays\/dev 4, overlays\/prod 5, overlays\/staging 4 file\(s\) changed\n$/);
  }, 120_000);
});
