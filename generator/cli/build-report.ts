/**
 * What a command's kustomize builds took, per group of targets (an environment, "argocd", "flux/<cluster>"):
 * the progress line's detail, under GitHub Actions log lines as builds finish (folded per group when the
 * groups are known beforehand), and with --verbose, at the end, per group what was built, what came from the
 * cache and how long each target took (slowest first), for people hunting a slow target. Used by validate
 * and diff.
 */
import type { OnProgress } from "../progress.js";
import type { BuildResult } from "../tools/kustomize-batch.js";
import { count, type Progress } from "./progress.js";

export interface ReportedUnit {
  dir: string;
  group: string;
}

export interface BuildTimingOptions {
  /** Every target in group order, known beforehand: the GitHub log then folds each group on its own. */
  units?: ReportedUnit[];
  /** A target's group when `units` is not given. */
  groupOf?: (dir: string) => string;
  /** What the progress line shows for a finished target. @default its group */
  detail?: (unit: ReportedUnit) => string;
  /** Keep every result for `verbose()`. */
  verbose?: boolean;
}

export interface BuildTimings {
  /** For buildKustomizations: the progress line, the log, the --verbose record; undefined when none is on. */
  onProgress: OnProgress<{ dir: string; result: BuildResult }> | undefined;
  /** Records how long the checks of a target's build output took. */
  checked(dir: string, ms: number): void;
  /** The --verbose listing, one block per group (in the units' order, else by name). */
  verbose(): string;
  /** The closing line of a group under GitHub Actions: its targets, built and from the cache. */
  tally(group: string): string;
}

const time = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** How a build came about, in a few words. */
function how(r: BuildResult): string {
  if (r.cached) return "from the cache";
  const what = r.output === undefined ? "kustomize build failed" : "built";
  return r.batch > 1 ? `${what} in a batch of ${r.batch} (${time(r.ms * r.batch)})` : `${what} in ${time(r.ms)}`;
}

function tally(results: BuildResult[]): string {
  const run = results.filter((r) => !r.cached);
  const failed = run.filter((r) => r.output === undefined).length;
  const kustomizeMs = run.reduce((n, r) => n + r.ms, 0);
  const fromCache = `${count(results.length - run.length)} from the cache`;
  if (run.length === 0) return `${count(results.length)} target(s): all ${fromCache}`;
  return `${count(results.length)} target(s): ${count(run.length - failed)} built${failed > 0 ? `, ${count(failed)} failed` : ""} (${time(kustomizeMs)} of kustomize), ${fromCache}`;
}

export function buildTimings(progress: Progress, command: string, options: BuildTimingOptions = {}): BuildTimings {
  const units = options.units;
  const unitGroup = new Map(units?.map((u) => [u.dir, u.group]));
  const groupOf = (dir: string) => unitGroup.get(dir) ?? options.groupOf?.(dir) ?? "";
  const finished = new Map<string, BuildResult>();
  const checks = new Map<string, number>();
  const members = (group: string) => [...finished.keys()].filter((d) => groupOf(d) === group);
  const groupTally = (group: string) => `${group}: ${tally(members(group).map((d) => finished.get(d)!))}`;

  let line: ((dir: string, text: string) => void) | undefined;
  if (progress.mode === "github" && units) {
    const order = [...new Set(units.map((u) => u.group))];
    const size = (g: string) => units.filter((u) => u.group === g).length;
    const inOrder = progress.groupsInOrder(
      order.map((g) => ({ key: g, title: `${command} ${g}: ${count(size(g))} target(s)`, size: size(g) })),
      groupTally,
    );
    line = (dir, text) => inOrder(groupOf(dir), text);
  } else if (progress.mode === "github") {
    line = (_dir, text) => progress.logLine(text);
  }
  const report = progress.reporter<{ dir: string }>(({ dir }) => {
    const group = groupOf(dir);
    return options.detail ? options.detail({ dir, group }) : group;
  });
  const keep = line !== undefined || options.verbose === true;
  return {
    onProgress:
      report || keep
        ? (done, total, item) => {
            report?.(done, total, item);
            if (!keep) return;
            finished.set(item.dir, item.result);
            line?.(item.dir, `${item.dir}: ${how(item.result)}`);
          }
        : undefined,
    checked: (dir, ms) => checks.set(dir, ms),
    tally: groupTally,
    verbose: () => {
      const out: string[] = [];
      const seen = [...new Set([...finished.keys()].map(groupOf))];
      const order = units ? [...new Set(units.map((u) => u.group))].filter((g) => seen.includes(g)) : seen.sort();
      for (const g of order) {
        const dirs = members(g);
        const checkMs = dirs.reduce((n, d) => n + (checks.get(d) ?? 0), 0);
        out.push(`${g.padEnd(12)} ${tally(dirs.map((d) => finished.get(d)!))}${checks.size > 0 ? `; checks ${time(checkMs)}` : ""}`);
        const cost = (d: string) => finished.get(d)!.ms + (checks.get(d) ?? 0);
        for (const d of [...dirs].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : 1))) {
          out.push(`  ${d}: ${how(finished.get(d)!)}${checks.has(d) ? `, checks ${time(checks.get(d)!)}` : ""}`);
        }
      }
      return out.map((l) => `${l}\n`).join("");
    },
  };
}
