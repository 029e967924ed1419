import type { SidecarGitopsConfiguration as GitopsConfig } from "../config/config-types.gen.js";
import type { CiJob, CiModel } from "./types.js";

type Report = (pointer: (string | number)[], message: string, hint: string, key?: boolean) => void;

/** Every job the generated CI can have, in the order they are rendered; all of them by default. */
export const CI_JOBS: readonly CiJob[] = ["validate", "kubeconform", "diff", "promote"];
/** The oldest Node.js the generator runs on (package.json `engines`): a CI job on an older one cannot start it. */
export const MIN_NODE_MAJOR = 20;
/** The active Node LTS line, the default of `ci.nodeVersion`. */
export const DEFAULT_NODE_VERSION = "24";
export const DEFAULT_RUNS_ON = "ubuntu-latest";

/**
 * The ci section resolved: which workflows and jobs gen writes, on which Node and runner. Checks what the
 * schema cannot say well: a Node release older than the generator supports, and a Windows runner (the jobs
 * are bash scripts). Undefined with `enabled: false`: nothing is rendered, and gen deletes what it wrote before.
 */
export function buildCi(config: GitopsConfig, report: Report): CiModel | undefined {
  const ci = config.ci ?? {};
  if (ci.enabled === false) return undefined;

  const nodeVersion = ci.nodeVersion ?? DEFAULT_NODE_VERSION;
  const major = Number(nodeVersion.split(".")[0]);
  if (major < MIN_NODE_MAJOR) {
    report(
      ["ci", "nodeVersion"],
      `Node ${nodeVersion} is older than the generator supports (Node ${MIN_NODE_MAJOR} or later): the CI jobs could not run it`,
      `write nodeVersion: "${DEFAULT_NODE_VERSION}" (the active LTS line), or "${MIN_NODE_MAJOR}" at the oldest`,
    );
  }

  const runsOn = ci.runsOn ?? DEFAULT_RUNS_ON;
  const labels = typeof runsOn === "string" ? [runsOn] : runsOn;
  labels.forEach((label, i) => {
    if (/^windows/i.test(label)) {
      report(
        typeof runsOn === "string" ? ["ci", "runsOn"] : ["ci", "runsOn", i],
        `runner "${label}" is a Windows runner: the generated jobs are bash scripts (set -o pipefail, curl, tar) for Linux or macOS`,
        "run them on a Linux runner, e.g. runsOn: ubuntu-24.04 (or a self-hosted one: runsOn: [self-hosted, linux])",
      );
    }
  });

  const chosen = new Set<CiJob>(ci.jobs ?? CI_JOBS);
  return {
    jobs: CI_JOBS.filter((j) => chosen.has(j)),
    nodeVersion,
    runsOn: typeof runsOn === "string" ? runsOn : [...runsOn],
    branch: config.delivery?.revision ?? "main",
  };
}
