export { applyPlan, writeFileAtomic, TMP_SUFFIX, type ApplyOptions } from "./apply.js";
export { checkTree, type TreeCheck } from "./check.js";
export { hashContent, JOURNAL_PATH, MANIFEST_PATH, readManifest, serializeManifest, type Manifest } from "./manifest.js";
export { countActions, planWrites, summarizePlan, type PlanOptions, type PlannedFile, type WriteAction, type WritePlan } from "./plan.js";

import type { GeneratedFile } from "../render/generated-file.js";
import { applyPlan, type ApplyOptions } from "./apply.js";
import { countActions, planWrites, type PlanOptions } from "./plan.js";

/** planWrites + applyPlan: the whole write stage in one call. Returns the counts per action. */
export async function writeTree(outDir: string, files: GeneratedFile[], options: PlanOptions & ApplyOptions) {
  const plan = await planWrites(outDir, files, options);
  await applyPlan(plan, options);
  return countActions(plan);
}
