/**
 * The deletion report: what leaves the tree and what the controllers then delete, from which cluster and
 * namespace, objects by kind. Printed first, in bold, by gen (every mode), promote and the PR diff.
 */
import { cmp } from "../diagnostics/diagnostic.js";
import { NAMESPACE_TARGET } from "../render/targets.js";
import { controllersOf, placeOf, type DeletionReview, type RemovedTarget } from "./destructive.js";

/** text: plain; ansi: the heading in bold for a terminal or a CI log; markdown: for a PR comment. */
export type ReportStyle = "text" | "ansi" | "markdown";

/** Targets listed one by one per environment; the rest are counted by kind. */
export const LISTED_TARGETS = 20;

/** ANSI bold where the reader sees it: a terminal or GitHub Actions' log, unless NO_COLOR is set. */
export function terminalStyle(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ReportStyle {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return "text";
  return stream.isTTY || env.GITHUB_ACTIONS === "true" || (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") ? "ansi" : "text";
}

/** The report, or "" when nothing leaves the tree. */
export function formatDeletionReport(review: DeletionReview, style: ReportStyle): string {
  const code = (s: string) => (style === "markdown" ? `\`${s}\`` : s);
  const notes = review.staleAcknowledgements.map((note) => `${code(note)}: nothing of it is left in the tree to delete; the entry can go\n`);
  if (review.targets.length === 0) return notes.join("");
  const bold = (s: string) => (style === "ansi" ? `\x1b[1m${s}\x1b[22m` : style === "markdown" ? `**${s}**` : s);
  const md = style === "markdown";
  const destructive = review.targets.filter((t) => t.destructive);
  const objects = destructive.reduce((n, t) => n + t.objects.length, 0);
  const lines: string[] = [];
  lines.push(
    bold(
      destructive.length > 0
        ? `Deletes: ${review.targets.length} sync target(s) leave the tree; ${controllersOf(destructive)} then delete ${objects} object(s) from the cluster`
        : `${review.targets.length} sync target(s) leave the tree; no controller deletes their objects`,
    ),
  );
  const item = (depth: number, s: string) => (md ? `${"  ".repeat(depth)}- ${s}` : `${"  ".repeat(depth + 1)}${s}`);
  const envs = [...new Set(review.targets.map((t) => t.env))].sort(cmp);
  for (const env of envs) {
    const targets = review.targets.filter((t) => t.env === env);
    const rename = review.renames.find((r) => r.what === "environment" && r.from === env);
    const gone = review.environmentsRemoved.includes(env);
    lines.push(item(0, `${md ? bold(env) : env}${gone ? ` (the whole environment${rename ? `; did you mean to rename ${env} to ${rename.to}?` : ""})` : ""}`));
    for (const t of targets.slice(0, LISTED_TARGETS)) lines.push(...targetLines(t, review, item, code, bold, md));
    const rest = targets.slice(LISTED_TARGETS);
    if (rest.length > 0) {
      lines.push(item(1, `… and ${rest.length} more target(s): ${byKind(rest.filter((t) => t.destructive).flatMap((t) => t.objects))}`));
    }
  }
  return lines.join("\n") + "\n" + notes.join("");
}

function targetLines(
  t: RemovedTarget,
  review: DeletionReview,
  item: (depth: number, s: string) => string,
  code: (s: string) => string,
  bold: (s: string) => string,
  md: boolean,
): string[] {
  if (t.name === NAMESPACE_TARGET && !t.destructive) {
    return [item(1, `${code(t.path)}: Namespace ${t.namespace ?? namespaceName(t)} stays (protected from pruning and deletion); delete it by hand once it is empty`)];
  }
  const rename = review.renames.find((r) => r.what === "app" && r.from === t.name);
  const what = t.unreadable ? `objects unknown (${t.unreadable})` : t.objects.map((o) => `${o.kind} ${o.name}`).join(", ");
  const consent = !t.destructive ? "" : t.consent === "removed" ? " (consented: removed)" : t.consent === "allow-delete" ? " (consented: --allow-delete)" : md ? " (not acknowledged under `removed:`)" : " (no consent)";
  const head = t.destructive
    ? `${code(t.path)}${rename ? ` (did you mean to rename ${t.name} to ${rename.to}?)` : ""}: ${bold(`${placeOf(t)}: ${what}`)}${consent}`
    : `${code(t.path)}: ${what} stay in ${placeOf(t)}: no controller deletes them; delete them by hand if they should go`;
  const by = t.controllers.map((c) => `${c.engine}: ${c.owner}, ${c.deletes ? "deletes them" : "leaves them"} (${c.why})`).join("; ");
  return [item(1, head), ...(by ? [item(2, by)] : t.destructive ? [item(2, "no Argo CD or Flux object in the tree; a controller that syncs overlays/ prunes them")] : [])];
}

function namespaceName(t: RemovedTarget): string {
  return t.objects.find((o) => o.kind === "Namespace")?.name ?? "?";
}

/** `980 Deployment, 980 Service`: counts by kind, most first. */
export function byKind(objects: { kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(o.kind, (counts.get(o.kind) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || cmp(a, b)).map(([k, n]) => `${n} ${k}`).join(", ") || "no objects";
}
