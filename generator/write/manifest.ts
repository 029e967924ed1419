import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { DiagnosticError, cmp, type Diagnostic } from "../diagnostics/diagnostic.js";
import { TOOL_NAME } from "../model/types.js";
import { resolveUnder, unsafeParent, unsafePathReason } from "./paths.js";

/** The committed record of what gen owns: every generated file and its content hash. */
export const MANIFEST_PATH = ".gitops/manifest.json";
/** Written before the first change of a run and removed after the last; its presence means a run was cut short. */
export const JOURNAL_PATH = ".gitops/manifest.pending.json";

export interface Manifest {
  generator: string;
  version: string;
  /** Relative posix path → "sha256:<hex>", sorted by path. */
  files: Record<string, string>;
}

/**
 * A write in progress: every hash gen owned before it (the manifest's, plus those of any run it is
 * recovering from, so a crash during recovery loses nothing) and the manifest it will commit.
 */
export interface Journal {
  owned: Record<string, string[]>;
  next: Manifest;
}

export function hashContent(content: string): string {
  return `sha256:${createHash("sha256").update(content, "utf8").digest("hex")}`;
}

/** Deterministic manifest text: sorted paths, two-space JSON, LF, final newline, no timestamps. */
export function serializeManifest(m: Manifest): string {
  const files = Object.fromEntries(Object.entries(m.files).sort(([a], [b]) => cmp(a, b)));
  return JSON.stringify({ generator: m.generator, version: m.version, files }, null, 2) + "\n";
}

export function buildManifest(files: Record<string, string>, version: string): Manifest {
  return { generator: TOOL_NAME, version, files };
}

const fail = (file: string, code: string, message: string, hint: string): Diagnostic => ({ file, code, severity: "error", message, hint });

/**
 * Reads and checks the manifest, which is untrusted input: it is committed, so anyone can edit it. Entries
 * that are absolute, escape the root, or pass through a symlink are refused. A missing manifest means gen
 * owns nothing yet.
 */
export async function readManifest(root: string, path = MANIFEST_PATH): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(resolveUnder(root, path), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DiagnosticError([fail(path, "WRT010", `cannot read the manifest: ${(err as Error).message}`, "restore it with `git checkout -- " + path + "`")]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new DiagnosticError([fail(path, "WRT010", `the manifest is not valid JSON: ${(err as Error).message}`, "restore it with `git checkout -- " + path + "`")]);
  }
  const m = data as Partial<Manifest>;
  if (
    !m || typeof m !== "object" || Array.isArray(m) || m.generator !== TOOL_NAME || typeof m.version !== "string" ||
    !m.files || typeof m.files !== "object" || Array.isArray(m.files)
  ) {
    throw new DiagnosticError([fail(path, "WRT010", `the manifest does not have the shape ${TOOL_NAME} writes ({generator, version, files})`, "restore it with `git checkout -- " + path + "`")]);
  }
  const problems: Diagnostic[] = [];
  for (const [entry, hash] of Object.entries(m.files)) {
    const why = unsafePathReason(entry) ?? (entry === MANIFEST_PATH || entry === JOURNAL_PATH ? "names the manifest itself" : undefined);
    if (why) {
      problems.push({ ...fail(path, "WRT011", `manifest entry ${JSON.stringify(entry)} ${why}; refusing to touch it`, "remove the entry, or restore the manifest from git"), pointer: `/files/${entry.replace(/~/g, "~0").replace(/\//g, "~1")}` });
      continue;
    }
    const parent = await unsafeParent(root, entry);
    if (parent && !parent.endsWith("is not a regular file")) {
      problems.push({ ...fail(path, "WRT011", `manifest entry ${entry}: ${parent}; refusing to follow it`, "replace the symlink with a real directory, or remove the entry"), pointer: `/files/${entry.replace(/~/g, "~0").replace(/\//g, "~1")}` });
      continue;
    }
    if (typeof hash !== "string" || !/^sha256:[0-9a-f]{64}$/.test(hash)) {
      problems.push(fail(path, "WRT010", `manifest entry ${entry} has no valid sha256 hash`, "restore the manifest from git"));
    }
  }
  if (problems.length) throw new DiagnosticError(problems);
  return { generator: m.generator, version: m.version, files: m.files as Record<string, string> };
}

/** Reads the journal of an interrupted run, checked like the manifest. */
export async function readJournal(root: string): Promise<Journal | undefined> {
  let text: string;
  try {
    text = await readFile(resolveUnder(root, JOURNAL_PATH), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  let data: Partial<Journal>;
  try {
    data = JSON.parse(text) as Partial<Journal>;
  } catch {
    // The journal is written atomically, so a torn one was tampered with: ignoring it only loses the
    // "this hash is ours too" hint, and every other check still applies.
    return undefined;
  }
  const ok = (files: unknown, value: (v: unknown) => boolean) =>
    !!files && typeof files === "object" && !Array.isArray(files) && Object.entries(files).every(([k, v]) => !unsafePathReason(k) && value(v));
  const isHash = (v: unknown) => typeof v === "string";
  if (!data || !ok(data.owned, (v) => Array.isArray(v) && v.every(isHash)) || !data.next || !ok(data.next.files, isHash)) return undefined;
  return data as Journal;
}
