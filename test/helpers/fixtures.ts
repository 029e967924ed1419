// Where the vendored third-party test data lives (test/fixtures/PROVENANCE.md), and the one way a test may skip.
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURES_DIR = join(REPO_ROOT, "test", "fixtures");
/** kubeconform v0.7.0's own fixtures and real kubeconform's verdicts on them (expected.json). */
export const KUBECONFORM_FIXTURES = join(FIXTURES_DIR, "kubeconform-fixtures");
/** Upstream strict schemas: kubernetes/master-standalone-strict/ (yannh) and crds/ (datreeio CRDs-catalog). */
export const UPSTREAM_SCHEMAS = join(FIXTURES_DIR, "upstream-schemas");
export const UPSTREAM_KUBERNETES = join(UPSTREAM_SCHEMAS, "kubernetes", "master-standalone-strict");
export const UPSTREAM_CRDS = join(UPSTREAM_SCHEMAS, "crds");
/** The project's shared/ folder next to the checkout: only an optional cross-check of the vendored copies. */
export const SHARED_DIR = resolve(REPO_ROOT, "..", "shared");

/** True when the suite runs in CI (CI=true, as GitHub Actions and .ci/run set it). */
export function inCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.CI ?? "").toLowerCase();
  return v !== "" && v !== "0" && v !== "false";
}

/**
 * Skip a test with a reason, except in CI, where a check that would go quiet fails instead: a green CI run must
 * mean the check ran. Every conditional skip in the suite goes through here.
 */
export function skipOrFail(ctx: { skip: (note?: string) => void }, reason: string, env: NodeJS.ProcessEnv = process.env): never {
  if (inCI(env)) throw new Error(`this check would be skipped, which CI does not allow: ${reason}`);
  ctx.skip(reason);
  // ctx.skip throws; this line only satisfies the type checker.
  throw new Error(`skipped: ${reason}`);
}
