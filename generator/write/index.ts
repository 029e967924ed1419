/**
 * The write stage: manifest of owned files → plan (create/update/unchanged/adopt/delete, conflicts) →
 * apply (journaled, atomic) → check (drift as a unified diff). The only stage besides config loading,
 * validate/discover and cli/ that touches the file system.
 */
export { applyPlan, writeFileAtomic, type ApplyOptions } from "./apply.js";
export { checkTree, driftAdvice, type TreeChange, type TreeCheck } from "./check.js";
export {
  buildManifest,
  hashBytes,
  hashContent,
  JOURNAL_PATH,
  MANIFEST_PATH,
  readManifest,
  serializeManifest,
  type Journal,
  type Manifest,
} from "./manifest.js";
export { outputRootProblem, TMP_SUFFIX } from "./paths.js";
export { countActions, planWrites, summarizePlan, type PlanOptions, type PlannedFile, type WriteAction, type WritePlan } from "./plan.js";

import type { GeneratedFile } from "../render/generated-file.js";
import { applyPlan, type ApplyOptions } from "./apply.js";
import { countActions, planWrites, type PlanOptions, type WriteAction } from "./plan.js";

/**
 * planWrites + applyPlan: the whole write stage in one call (recovering first from an interrupted run).
 * Returns the number of files per action; throws a DiagnosticError, having written nothing, on any conflict.
 */
export async function writeTree(
  outDir: string,
  files: GeneratedFile[],
  options: PlanOptions & ApplyOptions,
): Promise<Record<WriteAction, number>> {
  const plan = await planWrites(outDir, files, options);
  await applyPlan(plan, options);
  return countActions(plan);
}
