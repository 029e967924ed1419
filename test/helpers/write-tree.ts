/** Helpers for the write-stage tests: whole-tree snapshots that include stray temp and journal files. */
import { cpSync } from "node:fs";
import { DiagnosticError, formatDiagnostic } from "../../generator/diagnostics/diagnostic.js";
import { readTree, tempDir } from "./tree.js";

/** Awaits p, which must reject with a DiagnosticError; returns its formatted diagnostics. */
export async function rejectedWith(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  throw new Error("expected a DiagnosticError, but the call succeeded");
}

/** A copy of dir in a fresh temp dir (to try two recoveries from one crashed tree). */
export function copyTree(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** The snapshot without temp files (`*.gitops-tmp`): what a reader of the tree sees. */
export function withoutTemps(tree: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tree).filter(([p]) => !p.endsWith(".gitops-tmp")));
}

export { readTree, tempDir };
