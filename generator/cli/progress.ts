/**
 * Feedback while a long command runs (issue 28), in one of three modes picked once per command:
 *
 *   terminal  stderr is a terminal (and not CI, not --quiet, TERM not "dumb"): one line on stderr, redrawn in
 *             place ("\r", the text, erase to the end of the line) at most every 100 ms and every 250 ms to
 *             tick the clock; cleared before any other output (`io` below) and when the command ends;
 *   github    GITHUB_ACTIONS=true (and not --quiet): no line; long phases are folded in the log between
 *             `::group::` and `::endgroup::`, with plain lines inside;
 *   off       anything else: nothing at all, so logs and --output json|junit stay as they were.
 *
 * Our own code rather than a library: cli-progress and log-update draw the line but know neither our CI and
 * --quiet rules nor GitHub's groups, and bring dependencies (string-width, ansi-escapes, ...) for what is
 * here a carriage return and one erase sequence on an ASCII line. Stages never import this: they take an
 * `OnProgress` callback (generator/progress.ts), which `reporter()` makes.
 *
 * A command that writes a tree (gen, promote) uses it so:
 *
 *   options: { ...PROGRESS_OPTIONS }, usage: `${PROGRESS_USAGE}`
 *   progress = startProgress("set-image", rawIO, { quiet: values.quiet }); io = progress.io;
 *   progress.phase("render"); ...; progress.phase("plan"); ...; progress.phase("write");
 *   await applyPlan(plan, { onProgress: progress.reporter() });
 *   endWithReport(progress, summarizePlan(plan) + "set-image: …\n", { title, verbose: values.verbose, changed });
 *   ... finally { progress?.stop(); }   // also on errors: the line never outlives the command
 */
import type { OnProgress } from "../progress.js";
import type { CommandIO } from "./io.js";

export type ProgressMode = "terminal" | "github" | "off";

/** The flags of every command that shows progress (node:util parseArgs form). */
export const PROGRESS_OPTIONS = {
  quiet: { type: "boolean", short: "q", default: false },
  verbose: { type: "boolean", default: false },
} as const;

/** The usage lines of PROGRESS_OPTIONS. */
export const PROGRESS_USAGE = `  --quiet, -q    no progress line on a terminal, no log groups in GitHub Actions (CI=true: no line either)
  --verbose      at the end, per environment what was built or written and how long it took
`;

/** Which mode a command runs in: see the header. */
export function progressMode(stderr: unknown, env: NodeJS.ProcessEnv, quiet = false): ProgressMode {
  if (quiet) return "off";
  if (env.GITHUB_ACTIONS === "true") return "github";
  const ci = (env.CI ?? "").toLowerCase();
  if (ci !== "" && ci !== "0" && ci !== "false") return "off";
  if ((stderr as { isTTY?: boolean } | undefined)?.isTTY !== true || env.TERM === "dumb") return "off";
  return "terminal";
}

export interface ProgressOptions {
  quiet?: boolean;
  /** Where the GitHub groups and the lines in them go: the stream of the command's own report. @default "stdout" */
  logStream?: "stdout" | "stderr";
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** A clock in ms (tests). @default performance.now */
  now?: () => number;
  /** Forces a mode (the bench; tests). */
  mode?: ProgressMode;
}

/** A group of lines that `groupsInOrder` prints together: its key, its title and how many lines it gets. */
export interface LogGroup {
  key: string;
  title: string;
  size: number;
}

/** "1.2 s": elapsed time as every summary line shows it. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The text with the elapsed time on its last line: inside the parenthetical remark that line ends with
 * ("(40 files, 1.2 s)"), else after it ("validate: ok (1.2 s)", "validate: 3 problem(s) (1.2 s)").
 */
export function withElapsed(text: string, ms: number): string {
  const nl = text.endsWith("\n") ? "\n" : "";
  const body = nl ? text.slice(0, -1) : text;
  return (endsWithRemark(body) ? `${body.slice(0, -1)}, ${formatSeconds(ms)})` : `${body} (${formatSeconds(ms)})`) + nl;
}

/** Whether the text ends with " (...)": a closing parenthesis whose opening one follows a space. */
function endsWithRemark(text: string): boolean {
  if (!text.endsWith(")")) return false;
  let depth = 0;
  for (let i = text.length - 1; i >= 0 && text[i] !== "\n"; i--) {
    if (text[i] === ")") depth++;
    else if (text[i] === "(" && --depth === 0) return text[i - 1] === " ";
  }
  return false;
}

const clock = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};
/** 3054 → "3,054". Not toLocaleString: its first call loads ICU's locale data, ~0.1 s. */
export const count = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
/** A workflow command's data: GitHub reads %, CR and LF as escapes in it. */
const commandData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

const DRAW_MS = 100;
const TICK_MS = 250;
/**
 * The ETA is the rate over this window (long enough to smooth batches that finish 40 at a time, short enough
 * to forget a burst of builds read from the cache); shown once a phase ran ETA_AFTER_MS and the window spans
 * ETA_SPAN_MS.
 */
const ETA_WINDOW_MS = 15_000;
const ETA_AFTER_MS = 3000;
const ETA_SPAN_MS = 2000;

export class Progress {
  readonly mode: ProgressMode;
  /** The command's streams; on a terminal every write clears the progress line first. */
  readonly io: CommandIO;
  /** Each finished phase and how long it took, in order (for --verbose). */
  readonly phases: { name: string; ms: number }[] = [];
  private readonly now: () => number;
  private readonly started: number;
  private readonly log: { write(s: string): unknown };
  private name = "";
  private phaseStarted = 0;
  private total: number | undefined;
  private done = 0;
  private detail: string | undefined;
  private samples: [time: number, done: number][] = [];
  private lastDraw = -Infinity;
  private drawn = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private grouped = false;

  constructor(
    readonly command: string,
    private readonly raw: CommandIO,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.mode = options.mode ?? progressMode(raw.stderr, options.env ?? process.env, options.quiet);
    this.log = options.logStream === "stderr" ? raw.stderr : raw.stdout;
    if (this.mode === "terminal") {
      // The stream's own isTTY and columns stay visible (the deletion report's bold asks for isTTY).
      const clearing = (stream: { write(s: string): unknown; isTTY?: boolean; columns?: number }) => ({
        write: (s: string) => (this.clear(), stream.write(s)),
        get isTTY() {
          return stream.isTTY;
        },
        get columns() {
          return stream.columns;
        },
      });
      this.io = { ...raw, stdout: clearing(raw.stdout), stderr: clearing(raw.stderr) };
      this.timer = setInterval(() => this.draw(), TICK_MS);
      this.timer.unref?.();
    } else {
      this.io = raw;
    }
  }

  /** ms since the command started. */
  elapsedMs(): number {
    return this.now() - this.started;
  }

  /** A new phase ("render", "plan", "write", "build"), with its number of steps when they are counted. */
  phase(name: string, total?: number): void {
    this.endPhase();
    this.name = name;
    this.phaseStarted = this.now();
    this.total = total;
    this.done = 0;
    this.detail = undefined;
    this.samples = [];
    this.draw();
  }

  /** `done` steps of the current phase finished; `detail` says what is current (an environment, a file). */
  update(done: number, detail?: string): void {
    this.done = done;
    if (detail !== undefined) this.detail = detail;
    if (this.mode === "terminal" && this.now() - this.lastDraw >= DRAW_MS) this.draw();
  }

  /**
   * The current phase's progress as a stage's callback; `detail` names what is current from a step's item.
   * Undefined when nothing is shown, so the stage skips the call altogether.
   */
  reporter<T>(detail?: (item: T) => string | undefined): OnProgress<T> | undefined {
    if (this.mode !== "terminal") return undefined;
    return (done, total, item) => {
      this.total = total;
      this.update(done, detail?.(item));
    };
  }

  /** Opens a folded group in a GitHub Actions log (closing the open one); nothing elsewhere. */
  group(title: string): void {
    if (this.mode !== "github") return;
    this.endGroup();
    this.log.write(`::group::${commandData(title)}\n`);
    this.grouped = true;
  }

  endGroup(): void {
    if (!this.grouped) return;
    this.log.write("::endgroup::\n");
    this.grouped = false;
  }

  /** A line for the log of a GitHub Actions run (in the open group); nothing elsewhere. */
  logLine(line: string): void {
    if (this.mode === "github") this.log.write(`${line}\n`);
  }

  /**
   * Lines that arrive per group in about the groups' order (parallel work finishes a little out of order),
   * printed group by group under GitHub Actions: the open group's lines as they come, a later group's once
   * every group before it got all its lines; then the group's closing line (from `close`) and its end.
   * Elsewhere the returned function does nothing.
   */
  groupsInOrder(groups: LogGroup[], close?: (key: string) => string | undefined): (key: string, line: string) => void {
    if (this.mode !== "github") return () => {};
    const state = groups.filter((g) => g.size > 0).map((g) => ({ ...g, lines: [] as string[], seen: 0, open: false }));
    const byKey = new Map(state.map((g) => [g.key, g]));
    let current = 0;
    return (key, line) => {
      const g = byKey.get(key);
      if (!g) return;
      g.seen++;
      g.lines.push(line);
      while (current < state.length) {
        const c = state[current]!;
        if (!c.open) {
          this.group(c.title);
          c.open = true;
        }
        for (const l of c.lines.splice(0)) this.logLine(l);
        if (c.seen < c.size) return;
        const last = close?.(c.key);
        if (last !== undefined) this.logLine(last);
        this.endGroup();
        current++;
      }
    };
  }

  /** Clears the line and stops the clock: call before the final output (and on every way out). */
  stop(): void {
    this.endPhase();
    this.name = "";
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
    this.endGroup();
  }

  /** The line as it is drawn now (tests, the README's recording). */
  text(): string {
    const now = this.now();
    let head = `${this.command}: ${this.name}`;
    if (this.total !== undefined && this.total > 0) {
      head += ` ${count(Math.min(this.done, this.total))}/${count(this.total)} (${Math.floor((100 * Math.min(this.done, this.total)) / this.total)}%)`;
    }
    const parts = [head];
    if (this.detail) parts.push(this.detail);
    parts.push(clock(now - this.started));
    const eta = this.eta(now);
    if (eta !== undefined) parts.push(`about ${clock(eta)} left`);
    return parts.join(" · ");
  }

  private endPhase(): void {
    if (this.name !== "") this.phases.push({ name: this.name, ms: this.now() - this.phaseStarted });
  }

  /** Time left at the rate of the last few seconds; undefined until that rate means something. */
  private eta(now: number): number | undefined {
    if (this.total === undefined || this.done >= this.total || now - this.phaseStarted < ETA_AFTER_MS) return undefined;
    const base = this.samples.find(([t]) => now - t <= ETA_WINDOW_MS);
    if (!base || now - base[0] < ETA_SPAN_MS || this.done <= base[1]) return undefined;
    return ((this.total - this.done) * (now - base[0])) / (this.done - base[1]);
  }

  private draw(): void {
    if (this.mode !== "terminal" || this.name === "") return;
    const now = this.now();
    this.lastDraw = now;
    this.samples.push([now, this.done]);
    while (this.samples.length > 2 && now - this.samples[1]![0] > ETA_WINDOW_MS) this.samples.shift();
    const columns = (this.raw.stderr as { columns?: number }).columns || 80;
    // One column short of the width: a line that fills it wraps on some terminals, and "\r" then returns
    // to the wrapped part only.
    this.raw.stderr.write(`\r${this.text().slice(0, columns - 1)}\x1b[K`);
    this.drawn = true;
  }

  private clear(): void {
    if (!this.drawn) return;
    this.raw.stderr.write("\r\x1b[K");
    this.drawn = false;
  }
}

/**
 * How a command that writes a tree (gen, promote) ends: its report's listing (folded under GitHub Actions),
 * with --verbose the time of each phase and what was written where (stderr), then the report's last line,
 * the summary, with the elapsed time. `changed`: the paths written or deleted.
 */
export function endWithReport(progress: Progress, report: string, options: { title: string; verbose?: boolean; changed?: string[] }): void {
  progress.stop();
  const lines = report.endsWith("\n") ? report.slice(0, -1).split("\n") : report.split("\n");
  const summary = lines.pop()!;
  if (lines.length > 0) {
    progress.group(options.title);
    progress.io.stdout.write(lines.map((l) => `${l}\n`).join(""));
    progress.endGroup();
  }
  if (options.verbose) {
    progress.io.stderr.write(`${progress.command}: ${phaseTimes(progress)}\n`);
    const byArea = new Map<string, number>();
    for (const path of options.changed ?? []) byArea.set(areaOf(path), (byArea.get(areaOf(path)) ?? 0) + 1);
    if (byArea.size > 0) progress.io.stderr.write(`${progress.command}: ${[...byArea].map(([area, n]) => `${area} ${count(n)}`).join(", ")} file(s) changed\n`);
  }
  progress.io.stdout.write(withElapsed(`${summary}\n`, progress.elapsedMs()));
}

/** "render 1.2 s, plan 0.4 s, write 5.1 s": each finished phase of a command and how long it took. */
export function phaseTimes(progress: Progress): string {
  return progress.phases.map((p) => `${p.name} ${formatSeconds(p.ms)}`).join(", ");
}

/** Where a generated file belongs for --verbose: its environment's overlays, its cluster, or its top folder. */
function areaOf(path: string): string {
  const parts = path.split("/");
  return (parts[0] === "overlays" || parts[0] === "clusters") && parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.length > 1 ? parts[0]! : path;
}

/** A command's progress: see the header. */
export function startProgress(command: string, io: CommandIO, options: ProgressOptions = {}): Progress {
  return new Progress(command, io, options);
}
