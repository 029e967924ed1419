import { describe, expect, it } from "vitest";
import { count, formatSeconds, Progress, progressMode, withElapsed } from "../../../generator/cli/progress.js";

/** A stream that records what is written; a terminal of `columns` when tty. */
function sink(tty: boolean, columns = 200) {
  const writes: string[] = [];
  return { writes, stream: { isTTY: tty, columns, write: (s: string) => writes.push(s) } };
}

/** A terminal-mode Progress on fake streams and a fake clock. */
function onTerminal(columns = 200) {
  const out = sink(false);
  const err = sink(true, columns);
  let t = 0;
  const progress = new Progress("validate", { stdout: out.stream, stderr: err.stream }, { env: {}, now: () => t });
  return { progress, out: out.writes, err: err.writes, tick: (ms: number) => (t += ms) };
}

describe("progressMode", () => {
  const tty = { isTTY: true };
  it.each([
    ["a terminal", tty, {}, false, "terminal"],
    ["--quiet", tty, {}, true, "off"],
    ["CI=true", tty, { CI: "true" }, false, "off"],
    ["CI=1", tty, { CI: "1" }, false, "off"],
    ["CI=false", tty, { CI: "false" }, false, "terminal"],
    ["CI empty", tty, { CI: "" }, false, "terminal"],
    ["TERM=dumb", tty, { TERM: "dumb" }, false, "off"],
    ["no terminal", { isTTY: false }, {}, false, "off"],
    ["a plain object", {}, {}, false, "off"],
    ["GitHub Actions", { isTTY: false }, { GITHUB_ACTIONS: "true", CI: "true" }, false, "github"],
    ["GitHub Actions with --quiet", { isTTY: false }, { GITHUB_ACTIONS: "true", CI: "true" }, true, "off"],
    ["GITHUB_ACTIONS other than true", tty, { GITHUB_ACTIONS: "1" }, false, "terminal"],
  ] as const)("%s: %s", (_name, stream, env, quiet, mode) => {
    expect(progressMode(stream, env, quiet)).toBe(mode);
  });
});

describe("count", () => {
  it("groups thousands with commas", () => {
    expect([0, 999, 1000, 3054, 1234567].map(count)).toEqual(["0", "999", "1,000", "3,054", "1,234,567"]);
  });
});

describe("withElapsed", () => {
  it("puts the time inside the parenthesis a summary ends with, else after it, on the last line only", () => {
    expect(withElapsed("validate: ok\n", 41_230)).toBe("validate: ok (41.2 s)\n");
    expect(withElapsed("gen --check: . is up to date (40 files)\n", 520)).toBe("gen --check: . is up to date (40 files, 0.5 s)\n");
    expect(withElapsed("create a (x)\n1 created, 0 updated\n", 1000)).toBe("create a (x)\n1 created, 0 updated (1.0 s)\n");
    expect(withElapsed("no newline", 0)).toBe("no newline (0.0 s)");
    // "(s)" is a plural, not a remark; an outer remark may hold plurals.
    expect(withElapsed("validate: 3 problem(s)\n", 6400)).toBe("validate: 3 problem(s) (6.4 s)\n");
    expect(withElapsed("validate: ok (2 resource(s) in 2 file(s))\n", 300)).toBe("validate: ok (2 resource(s) in 2 file(s), 0.3 s)\n");
    expect(withElapsed("x (a)\nb)\n", 0)).toBe("x (a)\nb) (0.0 s)\n");
    expect(formatSeconds(125_040)).toBe("125.0 s");
  });
});

describe("Progress on a terminal", () => {
  it("draws the phase at once, then at most every 100 ms, in place, and clears it before other output and at the end", () => {
    const { progress, out, err, tick } = onTerminal();
    progress.phase("build", 3054);
    expect(err).toEqual(["\rvalidate: build 0/3,054 (0%) · 0:00\x1b[K"]);
    tick(50);
    progress.update(10, "dev");
    expect(err).toHaveLength(1); // 50 ms after the last draw: not yet
    tick(50);
    progress.update(20, "dev");
    expect(err.at(-1)).toBe("\rvalidate: build 20/3,054 (0%) · dev · 0:00\x1b[K");
    // Output of the command: the line is erased first, and only once.
    progress.io.stdout.write("dev   2 target(s)\n");
    progress.io.stderr.write("a warning\n");
    expect(err.slice(-2)).toEqual(["\r\x1b[K", "a warning\n"]);
    expect(out).toEqual(["dev   2 target(s)\n"]);
    // What the command asks of its streams stays the streams' own.
    expect((progress.io.stderr as { isTTY?: boolean }).isTTY).toBe(true);
    expect((progress.io.stdout as { isTTY?: boolean }).isTTY).toBe(false);
    expect((progress.io.stderr as { columns?: number }).columns).toBe(200);
    tick(100);
    progress.update(30);
    expect(err.at(-1)).toBe("\rvalidate: build 30/3,054 (0%) · dev · 0:00\x1b[K");
    progress.stop();
    expect(err.at(-1)).toBe("\r\x1b[K");
    const n = err.length;
    progress.stop();
    progress.io.stdout.write("validate: ok\n");
    expect(err).toHaveLength(n); // nothing drawn, nothing left to clear
  });

  it("shows the time left only once the phase ran 3 s, from the rate of the last seconds", () => {
    const { progress, tick } = onTerminal();
    progress.phase("build", 1000);
    for (let s = 1; s <= 2; s++) {
      tick(1000);
      progress.update(100 * s);
    }
    expect(progress.text()).toBe("validate: build 200/1,000 (20%) · 0:02");
    tick(1000);
    progress.update(300);
    // 100 builds a second over the last 3 s: 700 left take 7 s.
    expect(progress.text()).toBe("validate: build 300/1,000 (30%) · 0:03 · about 0:07 left");
    // A burst at the start (builds from the cache) leaves the window after 15 s: the rate is the recent one.
    for (let s = 4; s <= 20; s++) {
      tick(1000);
      progress.update(300 + 10 * (s - 3));
    }
    // From 5 s (320 done) to 20 s (470 done): 10 a second, 530 left.
    expect(progress.text()).toBe("validate: build 470/1,000 (47%) · 0:20 · about 0:53 left");
    // Nothing finishes for the window's length: no rate, no estimate.
    for (let s = 21; s <= 36; s++) {
      tick(1000);
      progress.update(470);
    }
    expect(progress.text()).toBe("validate: build 470/1,000 (47%) · 0:36");
  });

  it("keeps the line one column short of the terminal's width", () => {
    const { progress, err } = onTerminal(20);
    progress.phase("build", 3054);
    expect(err[0]).toBe("\rvalidate: build 0/3\x1b[K");
    expect(err[0]!.length - "\r\x1b[K".length).toBe(19);
    progress.stop();
  });

  it("gives stages a callback that moves the line, and records each phase's time", () => {
    const { progress, err, tick } = onTerminal();
    progress.phase("render");
    tick(1200);
    progress.phase("write");
    const report = progress.reporter<string>((path) => path.split("/")[1]);
    expect(report).toBeDefined();
    tick(200);
    report!(5, 40, "overlays/dev/web/kustomization.yaml");
    expect(err.at(-1)).toBe("\rvalidate: write 5/40 (12%) · dev · 0:01\x1b[K");
    tick(300);
    progress.stop();
    expect(progress.phases).toEqual([
      { name: "render", ms: 1200 },
      { name: "write", ms: 500 },
    ]);
  });
});

describe("Progress off and in GitHub Actions", () => {
  it("off: writes nothing, gives no callback, passes output through untouched", () => {
    const out = sink(false);
    const err = sink(false);
    const io = { stdout: out.stream, stderr: err.stream };
    const progress = new Progress("gen", io, { env: {} });
    expect(progress.mode).toBe("off");
    expect(progress.io).toBe(io);
    progress.phase("write", 10);
    progress.update(5, "dev");
    expect(progress.reporter()).toBeUndefined();
    progress.group("x");
    progress.logLine("y");
    progress.groupsInOrder([{ key: "a", title: "a", size: 1 }])("a", "line");
    progress.stop();
    expect([...out.writes, ...err.writes]).toEqual([]);
  });

  it("github: no line; groups in the order given, however their lines arrive, each closed", () => {
    const out = sink(false);
    const err = sink(false);
    const progress = new Progress("validate", { stdout: out.stream, stderr: err.stream }, { env: { GITHUB_ACTIONS: "true", CI: "true" } });
    progress.phase("build", 5);
    expect(progress.reporter()).toBeUndefined();
    const line = progress.groupsInOrder(
      [
        { key: "dev", title: "validate dev: 2 target(s)", size: 2 },
        { key: "none", title: "empty", size: 0 },
        { key: "prod", title: "validate prod: 100% done\nreally", size: 3 },
      ],
      (key) => `${key}: done`,
    );
    line("prod", "p1");
    line("dev", "d1");
    line("prod", "p2");
    expect(out.writes.join("")).toBe("::group::validate dev: 2 target(s)\nd1\n");
    line("dev", "d2");
    line("prod", "p3");
    progress.stop();
    expect(out.writes.join("")).toBe(
      "::group::validate dev: 2 target(s)\nd1\nd2\ndev: done\n::endgroup::\n" +
        // A title is workflow-command data: % and line breaks escaped.
        "::group::validate prod: 100%25 done%0Areally\np1\np2\np3\nprod: done\n::endgroup::\n",
    );
    expect(err.writes).toEqual([]);
  });

  it("github: the log can go to stderr (diff's stdout is markdown)", () => {
    const out = sink(false);
    const err = sink(false);
    const progress = new Progress("diff", { stdout: out.stream, stderr: err.stream }, { env: { GITHUB_ACTIONS: "true" }, logStream: "stderr" });
    progress.group("diff: build HEAD");
    progress.logLine("x");
    progress.stop();
    expect(err.writes.join("")).toBe("::group::diff: build HEAD\nx\n::endgroup::\n");
    expect(out.writes).toEqual([]);
  });
});
