/**
 * What a command's kustomize builds took, per group of targets (an environment, "argocd", "flux/<cluster>"):
 * under GitHub Actions a folded log group per group as its builds finish, and with --verbose, at the end, per
 * group what was built, what came from the cache and how long each target took (slowest first), for people
 * hunting a slow target. Used by validate and diff.
 */
import type { OnProgress } from "../progress.js";
import type { BuildResult } from "../tools/kustomize-batch.js";
import { count, type Progress } from "./progress.js";

export interface ReportedUnit {
  dir: string;
  group: string;
}

export interface BuildTimings {
  /** For buildKustomizations: the progress line and the log; undefined when neither shows. */
  onProgress: OnProgress<{ dir: string; result: BuildResult }> | undefined;
  /** Records how long the checks of a target's build output took. */
  checked(dir: string, ms: number): void;
  /** The --verbose listing, one block per group in the units' order. */
  verbose(built: Map<string, BuildResult>): string;
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

/**
 * `command` titles the log groups; `detail` says on the progress line what a finished target belongs to
 * (default: its group).
 */
export function buildTimings(progress: Progress, units: ReportedUnit[], command: string, detail: (unit: ReportedUnit) => string = (u) => u.group): BuildTimings {
  const groupOf = new Map(units.map((u) => [u.dir, u.group]));
  const order: string[] = [];
  const members = new Map<string, string[]>();
  for (const u of units) {
    if (!members.has(u.group)) {
      order.push(u.group);
      members.set(u.group, []);
    }
    members.get(u.group)!.push(u.dir);
  }
  const finished = new Map<string, BuildResult>();
  const checks = new Map<string, number>();
  const line =
    progress.mode === "github"
      ? progress.groupsInOrder(
          order.map((g) => ({ key: g, title: `${command} ${g}: ${count(members.get(g)!.length)} target(s)`, size: members.get(g)!.length })),
          (g) => `${g}: ${tally(members.get(g)!.map((d) => finished.get(d)!))}`,
        )
      : undefined;
  const report = progress.reporter<{ dir: string }>(({ dir }) => {
    const group = groupOf.get(dir);
    return group === undefined ? undefined : detail({ dir, group });
  });
  return {
    onProgress:
      line || report
        ? (done, total, item) => {
            report?.(done, total, item);
            if (!line) return;
            finished.set(item.dir, item.result);
            const group = groupOf.get(item.dir);
            if (group !== undefined) line(group, `${item.dir}: ${how(item.result)}`);
          }
        : undefined,
    checked: (dir, ms) => checks.set(dir, ms),
    verbose: (built) => {
      const out: string[] = [];
      for (const g of order) {
        const dirs = members.get(g)!.filter((d) => built.has(d));
        const checkMs = dirs.reduce((n, d) => n + (checks.get(d) ?? 0), 0);
        out.push(`${g.padEnd(12)} ${tally(dirs.map((d) => built.get(d)!))}${checks.size > 0 ? `; checks ${time(checkMs)}` : ""}`);
        const cost = (d: string) => built.get(d)!.ms + (checks.get(d) ?? 0);
        for (const d of [...dirs].sort((a, b) => cost(b) - cost(a) || (a < b ? -1 : 1))) {
          out.push(`  ${d}: ${how(built.get(d)!)}${checks.has(d) ? `, checks ${time(checks.get(d)!)}` : ""}`);
        }
      }
      return out.map((l) => `${l}\n`).join("");
    },
  };
}
