import { structuredPatch } from "diff";
import { cmp } from "../diagnostics/diagnostic.js";
import type { BuiltObject } from "./objects.js";

/** The hidden marker the pull-request comment is found by, so a new run updates it in place. */
export const DIFF_MARKER = "<!-- sidecar-gitops-diff -->";

/** An environment's section is collapsed under <details> past this many lines: about a screen a reviewer would scroll. */
export const COLLAPSE_LINES = 80;

/** GitHub refuses a comment body longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export type ChangeKind = "created" | "changed" | "deleted";

/** One object of one environment that differs between the base and the head. */
export interface ResourceChange {
  /** `Deployment sidecar-demo-prod/web`. */
  header: string;
  change: ChangeKind;
  added: number;
  removed: number;
  /** Unified diff hunks without file headers; empty for a deleted object (listed by name only). */
  patch: string;
  /** Changes folded out of the patch, said in words (the version label following a tag). */
  note?: string;
  /** A deleted object that the controllers leave in the cluster (a Namespace protected from pruning). */
  kept?: boolean;
}

export interface EnvironmentDiff {
  env: string;
  /** Present in the head only (new), the base only (removed), or both. */
  presence: "both" | "new" | "removed";
  /** Deleted first, then created and changed in the head's order. */
  resources: ResourceChange[];
}

export interface DiffReport {
  /** What the head is compared with: `main`, or `the merge base with origin/main (1a2b3c4)`. */
  base: string;
  environments: EnvironmentDiff[];
  /** Where each environment runs (`cluster prod, namespace sidecar-demo-prod`), for its heading. */
  places?: ReadonlyMap<string, string>;
  /** The deletion report (guard/report.ts, markdown): shown first, in bold. */
  deletions?: string;
  /** A note that the committed tree is not what the config renders (shown before everything else). */
  stale?: string;
}

export interface RenderOptions {
  /** Cut the output to this many characters, whole resources at a time, with a pointer to the full diff. */
  maxChars?: number;
  /** Where the full diff is, for the pointer (e.g. the job summary's URL). */
  fullDiffAt?: string;
}

/**
 * Per environment, the objects that differ between the base's build and the head's. Objects are matched by
 * group, kind, namespace and name; environments present on one side only diff against nothing.
 */
export function diffEnvironments(base: ReadonlyMap<string, BuiltObject[]>, head: ReadonlyMap<string, BuiltObject[]>): EnvironmentDiff[] {
  const envs = [...new Set([...base.keys(), ...head.keys()])].sort(cmp);
  const out: EnvironmentDiff[] = [];
  for (const env of envs) {
    const before = base.get(env) ?? [];
    const after = head.get(env) ?? [];
    const old = new Map(before.map((o) => [o.key, o]));
    const kept = new Set(after.map((o) => o.key));
    const resources: ResourceChange[] = [];
    for (const o of before) {
      if (kept.has(o.key)) continue;
      resources.push({ header: o.header, change: "deleted", added: 0, removed: lineCount(o.text), patch: "", ...(isProtected(o.text) ? { kept: true } : {}) });
    }
    for (const o of after) {
      const was = old.get(o.key);
      if (was?.text === o.text) continue;
      resources.push(was ? changed(o.header, was.text, o.text) : { header: o.header, change: "created", ...hunks("", o.text) });
    }
      if (resources.length === 0) continue;
    out.push({ env, presence: !base.has(env) ? "new" : !head.has(env) ? "removed" : "both", resources });
  }
  // Environments that lose objects first: deletions are what a reviewer must not miss.
  const deletes = (e: EnvironmentDiff) => e.resources.some((r) => r.change === "deleted" && !r.kept);
  return [...out.filter(deletes), ...out.filter((e) => !deletes(e))];
}

/** Argo CD neither prunes nor deletes it, and Flux does not prune it (render/annotations.ts, namespaceProtection). */
function isProtected(text: string): boolean {
  return /^\s+argocd\.argoproj\.io\/sync-options: .*\bDelete=false\b/m.test(text) || /^\s+kustomize\.toolkit\.fluxcd\.io\/prune: disabled$/m.test(text);
}

function changed(header: string, before: string, after: string): ResourceChange {
  const folded = foldVersionLabel(before, after);
  return { header, change: "changed", ...hunks(folded.before, after), ...(folded.note ? { note: folded.note } : {}) };
}

const VERSION_LINE = /^(\s*app\.kubernetes\.io\/version: )("?)([^"\n]*)\2$/gm;

/**
 * The version label follows the main container's tag on the workload and its pod template, so a tag bump
 * would show it as two more changed lines per environment. When an image's tag changed from the label's old
 * value to its new one, the label lines are shown as context and the change is said once in words.
 */
export function foldVersionLabel(before: string, after: string): { before: string; note?: string } {
  const values = (text: string) => [...text.matchAll(VERSION_LINE)].map((m) => ({ prefix: m[1]!, value: m[3]!, line: m[0] }));
  const was = values(before);
  const now = values(after);
  if (was.length === 0 || was.length !== now.length) return { before };
  const from = was[0]!.value;
  const to = now[0]!.value;
  if (from === to || was.some((v) => v.value !== from) || now.some((v) => v.value !== to)) return { before };
  const tagged = (text: string, tag: string) => text.split("\n").some((l) => /^\s*(- )?image: \S+$/.test(l) && l.trim().replace(/@.*$/, "").endsWith(`:${tag}`));
  if (!tagged(before, from) || !tagged(after, to)) return { before };
  let i = 0;
  const folded = before.replace(VERSION_LINE, (line, prefix: string) => (now[i]?.prefix === prefix ? now[i++]!.line : line));
  return { before: folded, note: `the \`app.kubernetes.io/version\` label follows the tag (\`${from}\` → \`${to}\`) on the workload and its pod template` };
}

function hunks(before: string, after: string): Pick<ResourceChange, "added" | "removed" | "patch"> {
  const patch = structuredPatch("base", "head", before, after, "", "", { context: 3 });
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
  return { added, removed, patch: lines.length > 0 ? lines.join("\n") + "\n" : "" };
}

function lineCount(text: string): number {
  return text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

/** `1 created, 2 changed, 4 deleted`, leaving out zeros; a protected object that leaves the tree is counted apart. */
export function countLine(resources: ResourceChange[]): string {
  const c = counts(resources);
  const parts = (["created", "changed", "deleted"] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${k}`);
  if (c.kept > 0) parts.push(`${c.kept} left in the cluster (protected)`);
  return parts.join(", ");
}

function counts(resources: ResourceChange[]): Record<ChangeKind | "kept", number> {
  const c = { created: 0, changed: 0, deleted: 0, kept: 0 };
  for (const r of resources) c[r.kept ? "kept" : r.change]++;
  return c;
}

/**
 * The pull-request comment: a one-line summary of created, changed and deleted objects, the stale-tree note,
 * the deletions (bold), then a section per environment with a header per resource; a long section is
 * collapsed. With maxChars the output is cut at whole resources, with a pointer to the full diff.
 */
export function renderDiffMarkdown(report: DiffReport, options: RenderOptions = {}): string {
  const all = report.environments.flatMap((e) => e.resources);
  const head: string[] = [DIFF_MARKER];
  if (report.environments.length === 0) {
    head.push(`No changes to the rendered manifests of any environment (against ${report.base}).`);
    if (report.stale) head.push("", report.stale);
    return head.join("\n") + "\n";
  }
  const deleted = counts(all).deleted;
  head.push(`## Rendered changes against ${report.base}: ${summaryCounts(all)} in ${report.environments.length} environment(s)`, "");
  if (report.stale) head.push(report.stale, "");
  if (report.deletions) head.push(report.deletions.trimEnd(), "");
  else if (deleted > 0) head.push(`**Deletes ${deleted} object(s): listed first under each environment.**`, "");

  const limit = options.maxChars ?? Infinity;
  let out = head.join("\n");
  const pointer = (left: number) =>
    `\n---\n**${left} more resource change(s) are not shown here** (this text is cut at ${limit.toLocaleString("en-US")} characters; GitHub's comment limit is ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}): ` +
    `${options.fullDiffAt ? `the full diff is in ${options.fullDiffAt}` : "run `npm run diff` for the full diff"}.\n`;
  const reserve = pointer(all.length).length + 16;
  let shown = 0;
  for (const env of report.environments) {
    // Deleted objects are named in the section's heading lines; the others each have a block with their diff.
    const named = env.resources.filter((r) => r.change === "deleted").length;
    const blocks = env.resources.filter((r) => r.change !== "deleted").map(resourceBlock);
    let take = blocks.length;
    let section = envSection(report, env, blocks, take);
    while (take > 0 && out.length + section.length + reserve > limit) section = envSection(report, env, blocks, --take);
    if ((take === 0 && named === 0 && blocks.length > 0) || out.length + section.length + reserve > limit) break;
    out += section;
    shown += named + take;
    if (take < blocks.length) break;
  }
  if (shown < all.length) out += pointer(all.length - shown);
  if (out.length > limit) out = out.slice(0, Math.max(0, limit - 1)) + "\n"; // only a huge deletion report gets here
  return out;
}

function summaryCounts(all: ResourceChange[]): string {
  const c = counts(all);
  return `${c.created} created, ${c.changed} changed, ${c.deleted} deleted object(s)${c.kept > 0 ? ` (and ${c.kept} left in the cluster, protected)` : ""}`;
}

/** An environment's section with its first `take` resource blocks; deletions are named in bold above the rest. */
function envSection(report: DiffReport, env: EnvironmentDiff, blocks: string[], take: number): string {
  const place = report.places?.get(env.env);
  const presence = env.presence === "new" ? ", new" : env.presence === "removed" ? ", removed" : "";
  const title = `${env.env}${place || presence ? ` (${[place, presence.slice(2)].filter(Boolean).join("; ")})` : ""}: ${countLine(env.resources)}`;
  const deleted = env.resources.filter((r) => r.change === "deleted" && !r.kept);
  const kept = env.resources.filter((r) => r.kept);
  const shownBlocks = blocks.slice(0, take);
  const lines: string[] = [];
  const body = shownBlocks.join("\n");
  const bodyLines = body.trimEnd().split("\n").length;
  const long = bodyLines > COLLAPSE_LINES;
  lines.push(`### ${title}`, "");
  if (deleted.length > 0) lines.push(`**Deleted: ${deleted.map((r) => `\`${r.header}\``).join(", ")}**`, "");
  if (kept.length > 0) lines.push(`No longer rendered, left in the cluster (protected from pruning): ${kept.map((r) => `\`${r.header}\``).join(", ")}`, "");
  if (body !== "") {
    if (long) lines.push(`<details><summary>${shownBlocks.length} resource diff(s), ${bodyLines} lines</summary>`, "", body, "</details>", "");
    else lines.push(body);
  }
  return "\n" + lines.join("\n");
}

/** A created or changed resource's header and its diff (a deleted one is named in its section's bold line). */
function resourceBlock(r: ResourceChange): string {
  // A fence longer than any backtick run in the patch, so manifest content cannot close it.
  const fence = "`".repeat(Math.max(3, ...[...r.patch.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return [`#### \`${r.header}\` (${r.change}, +${r.added} −${r.removed})`, "", ...(r.note ? [`_${r.note}_`, ""] : []), `${fence}diff`, r.patch.trimEnd(), fence, ""].join("\n");
}
