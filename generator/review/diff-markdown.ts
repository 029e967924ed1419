import { structuredPatch } from "diff";
import { cmp } from "../diagnostics/diagnostic.js";

/** The hidden marker the pull-request comment is found by, so a new run updates it in place. */
export const DIFF_MARKER = "<!-- sidecar-gitops-diff -->";

/** Diffs longer than this many lines are collapsed under a <details> toggle. */
const COLLAPSE_LINES = 40;

export interface EnvironmentDiff {
  env: string;
  added: number;
  removed: number;
  /** Unified diff hunks (without file headers). */
  patch: string;
}

/**
 * Per environment, the unified diff of its built manifests (all its sync targets, in path order) between
 * the base and the head. Environments present on one side only diff against nothing.
 */
export function diffEnvironments(base: Map<string, string>, head: Map<string, string>): EnvironmentDiff[] {
  const envs = [...new Set([...base.keys(), ...head.keys()])].sort(cmp);
  const out: EnvironmentDiff[] = [];
  for (const env of envs) {
    const a = base.get(env) ?? "";
    const b = head.get(env) ?? "";
    if (a === b) continue;
    const patch = structuredPatch(`${env} (base)`, `${env} (head)`, a, b, "", "", { context: 3 });
    let added = 0;
    let removed = 0;
    const lines: string[] = [];
    for (const h of patch.hunks) {
      // GNU unified format: an empty range starts at the line before it (-0,0 for an empty file).
      lines.push(`@@ -${h.oldLines === 0 ? h.oldStart - 1 : h.oldStart},${h.oldLines} +${h.newLines === 0 ? h.newStart - 1 : h.newStart},${h.newLines} @@`);
      for (const l of h.lines) {
        if (l.startsWith("+")) added++;
        else if (l.startsWith("-")) removed++;
        if (!l.startsWith("\\")) lines.push(l);
      }
    }
    out.push({ env, added, removed, patch: lines.join("\n") + "\n" });
  }
  return out;
}

/** The pull-request comment: a one-line total, then a section per changed environment (collapsed when long). */
export function renderDiffMarkdown(diffs: EnvironmentDiff[], baseRef: string): string {
  if (diffs.length === 0) return `${DIFF_MARKER}\nNo changes to the rendered manifests of any environment (against \`${baseRef}\`).\n`;
  const added = diffs.reduce((n, d) => n + d.added, 0);
  const removed = diffs.reduce((n, d) => n + d.removed, 0);
  const parts = [
    DIFF_MARKER,
    `## Rendered changes against \`${baseRef}\`: ${diffs.length} environment(s), +${added} −${removed} lines`,
    "",
  ];
  for (const d of diffs) {
    // A fence longer than any backtick run in the patch, so manifest content cannot close it.
    const fence = "`".repeat(Math.max(3, ...[...d.patch.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    const block = `${fence}diff\n${d.patch}${fence}`;
    const title = `${d.env} (+${d.added} −${d.removed})`;
    if (d.patch.split("\n").length > COLLAPSE_LINES) parts.push(`<details><summary><b>${title}</b></summary>`, "", block, "", "</details>", "");
    else parts.push(`### ${title}`, "", block, "");
  }
  return parts.join("\n");
}
