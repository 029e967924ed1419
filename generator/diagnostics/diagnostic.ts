/**
 * A located problem, in one shape for every stage (config, model, render, write, validate, policy).
 * Printed as `<file>:<line>:<col>: <severity> <CODE> <json-pointer>: <message>` plus an indented hint.
 */
export type Severity = "error" | "warning";

export interface Diagnostic {
  /** Path as the user gave it (or relative to the output root); never made absolute for display. */
  file: string;
  /** 1-based; omitted when the problem has no position (e.g. a missing file). */
  line?: number;
  col?: number;
  /** RFC 6901 JSON pointer into the document, "" for the root. */
  pointer?: string;
  /** Stable code prefixed by stage: CFG, MDL, DEL, RND, WRT, VAL, POL. */
  code: string;
  severity: Severity;
  message: string;
  /** One concrete fix. */
  hint?: string;
}

/** Thrown by library code for expected, user-facing failures; the CLI prints it without a stack trace. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "DiagnosticError";
    this.diagnostics = diagnostics;
  }
}

/** Formats one diagnostic as its one-line form plus an optional hint line. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}:${d.col ?? 1}` : d.file;
  const pointer = d.pointer !== undefined ? ` ${d.pointer === "" ? "/" : d.pointer}` : "";
  let out = `${where}: ${d.severity} ${d.code}${pointer}: ${d.message}`;
  if (d.hint) out += `\n  hint: ${d.hint}`;
  return out;
}

/** GitHub Actions workflow-command form, so errors annotate the pull request. */
export function formatGithubAnnotation(d: Diagnostic): string {
  const props = [`file=${escapeGithubProperty(d.file)}`];
  if (d.line !== undefined) props.push(`line=${d.line}`, `col=${d.col ?? 1}`);
  const msg = `${d.code}${d.pointer ? ` ${d.pointer}` : ""}: ${d.message}${d.hint ? ` (hint: ${d.hint})` : ""}`;
  return `::${d.severity === "error" ? "error" : "warning"} ${props.join(",")}::${escapeGithubData(msg)}`;
}

function escapeGithubData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value also ends at `,` and `:` (as @actions/core's escapeProperty has it). */
function escapeGithubProperty(s: string): string {
  return escapeGithubData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Sorts by file, then line, then column: the order users read an editor in. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0) || cmp(a.code, b.code),
  );
}

/** Code-unit comparison: deterministic regardless of locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
