/**
 * The committed manifest of owned files (`.gitops/manifest.json`) and the journal of a write in progress
 * (`.gitops/manifest.pending.json`). Both are read as untrusted input: the manifest is committed, so anyone
 * with push access can edit it, and gen deletes what it lists.
 */
import { createHash } from "node:crypto";
import { DiagnosticError, cmp, type Diagnostic } from "../diagnostics/diagnostic.js";
import { TOOL_NAME } from "../model/types.js";
import { createInspector, inspectPath, unsafePathReason } from "./paths.js";

/** The committed record of what gen owns: every generated file and its content hash. */
export const MANIFEST_PATH = ".gitops/manifest.json";
/** Written before the first change of a run and removed after the last; its presence means a run was cut short. */
export const JOURNAL_PATH = ".gitops/manifest.pending.json";
/** gen's bookkeeping folder: never a generated path, never a manifest entry. */
export const STATE_DIR = ".gitops/";

export interface Manifest {
  /** Always "sidecar-gitops": a manifest from another tool is refused rather than trusted. */
  generator: string;
  /** The generator version that wrote it; the only place the version appears, so upgrades do not churn files. */
  version: string;
  /** Relative posix path → "sha256:<hex>" of its exact bytes, sorted by path. */
  files: Record<string, string>;
}

/**
 * A write in progress: every hash gen owned per path before it (the manifest's, plus those of any run it is
 * recovering from, so a crash during recovery loses nothing) and the manifest it will commit.
 */
export interface Journal {
  owned: Record<string, string[]>;
  next: Manifest;
}

const HASH_RE = /^sha256:[0-9a-f]{64}$/;

/** "sha256:<hex>" of raw bytes: what the manifest records and what a file on disk is compared by. */
export function hashBytes(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** "sha256:<hex>" of text as UTF-8, i.e. of the bytes gen writes for it. */
export function hashContent(content: string): string {
  return hashBytes(Buffer.from(content, "utf8"));
}

/** A manifest for the given path → hash map (any order; serializeManifest sorts). */
export function buildManifest(files: Record<string, string>, version: string): Manifest {
  return { generator: TOOL_NAME, version, files };
}

/**
 * Deterministic manifest text: fixed key order, paths sorted by code unit (not locale), two-space JSON,
 * LF, final newline, no timestamps. Equal inputs give equal bytes, so an unchanged tree never churns it.
 */
export function serializeManifest(m: Manifest): string {
  const files = Object.fromEntries(Object.entries(m.files).sort(([a], [b]) => cmp(a, b)));
  return JSON.stringify({ generator: m.generator, version: m.version, files }, null, 2) + "\n";
}

/** Why rel may not be a manifest entry or a generated path, lexically; undefined when it may. */
export function reservedOrUnsafe(rel: unknown): string | undefined {
  const why = unsafePathReason(rel);
  if (why) return why;
  if ((rel as string).startsWith(STATE_DIR)) {
    return (rel as string) === MANIFEST_PATH ? "names the manifest itself" : `is inside ${STATE_DIR}, which holds gen's own bookkeeping`;
  }
  return undefined;
}

const diag = (file: string, code: string, message: string, hint: string, pointer?: string): Diagnostic => ({
  file,
  code,
  severity: "error",
  message,
  hint,
  ...(pointer !== undefined ? { pointer } : {}),
});
const RESTORE = `restore it from git: git checkout -- ${MANIFEST_PATH}`;
/** RFC 6901 escaping of one reference token. */
const token = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Reads and checks the manifest. Returns undefined when there is none (a first run: gen owns nothing).
 * Throws one DiagnosticError listing every refused entry:
 * - WRT010 unreadable, not JSON, wrong shape, or an entry without a sha256 hash;
 * - WRT011 an entry that is absolute, has `..`, a backslash, NUL or an empty segment, names gen's own
 *   bookkeeping, or passes through a symlink (which could point outside the root);
 * - WRT012 the manifest itself (or `.gitops/`) is a symlink or not a regular file.
 */
export async function readManifest(root: string): Promise<Manifest | undefined> {
  const state = await inspectPath(root, MANIFEST_PATH);
  if (state.kind === "missing") return undefined;
  if (state.kind === "blocked") {
    throw new DiagnosticError([diag(MANIFEST_PATH, "WRT012", `cannot use the manifest: ${state.reason}`, `replace it with a real folder and file: ${RESTORE}`)]);
  }
  let data: unknown;
  try {
    data = JSON.parse(state.bytes.toString("utf8"));
  } catch (err) {
    throw new DiagnosticError([diag(MANIFEST_PATH, "WRT010", `the manifest is not valid JSON: ${(err as Error).message}`, RESTORE)]);
  }
  const m = data as Partial<Manifest> | null;
  if (
    !m || typeof m !== "object" || Array.isArray(m) || m.generator !== TOOL_NAME || typeof m.version !== "string" ||
    !m.files || typeof m.files !== "object" || Array.isArray(m.files)
  ) {
    throw new DiagnosticError([
      diag(MANIFEST_PATH, "WRT010", `the manifest does not have the shape ${TOOL_NAME} writes ({"generator": "${TOOL_NAME}", "version", "files"})`, RESTORE),
    ]);
  }
  const problems: Diagnostic[] = [];
  const fsView = createInspector(root);
  // Null prototype: an entry named "__proto__" or "constructor" stays plain data.
  const files = Object.create(null) as Record<string, string>;
  const entries = Object.entries(m.files as Record<string, unknown>).sort(([a], [b]) => cmp(a, b));
  // Lexical check first: nothing unsafe ever reaches the file system, not even an lstat.
  const lexical = entries.map(([entry]) => reservedOrUnsafe(entry));
  const onDisk = await Promise.all(entries.map(async ([entry], i) => (lexical[i] ? undefined : fsView.blocked(entry))));
  for (const [i, [entry, hash]] of entries.entries()) {
    const pointer = `/files/${token(entry)}`;
    const why = lexical[i];
    if (why) {
      problems.push(diag(MANIFEST_PATH, "WRT011", `manifest entry ${JSON.stringify(entry)} ${why}; refusing to touch it`, `remove the entry, or ${RESTORE}`, pointer));
      continue;
    }
    // A symlink anywhere on the way could send a delete outside the root (or make gen hash a file it never
    // wrote). A directory or a file-as-parent is harmless here: the plan leaves such paths alone.
    const blocked = onDisk[i];
    if (blocked?.endsWith("is a symlink")) {
      problems.push(diag(MANIFEST_PATH, "WRT011", `manifest entry ${entry}: ${blocked}; refusing to follow it`, "replace the symlink with a real folder, or remove the entry", pointer));
      continue;
    }
    if (typeof hash !== "string" || !HASH_RE.test(hash)) {
      problems.push(diag(MANIFEST_PATH, "WRT010", `manifest entry ${entry} has no valid "sha256:<64 hex>" hash`, RESTORE, pointer));
      continue;
    }
    files[entry] = hash;
  }
  if (problems.length) throw new DiagnosticError(problems);
  return { generator: m.generator as string, version: m.version, files };
}

/**
 * Reads the journal of an interrupted run, or undefined when there is none or it cannot be trusted. Only
 * gen writes it, atomically, so an unparsable or oddly shaped journal was tampered with: ignoring it only
 * loses the "these hashes are ours too" hint, and every ownership check still applies (the worst outcome is
 * a conflict the user resolves, never a lost file). Entries through symlinks are checked where they are used.
 */
export async function readJournal(root: string): Promise<Journal | undefined> {
  const state = await inspectPath(root, JOURNAL_PATH);
  if (state.kind === "missing") return undefined;
  if (state.kind === "blocked") {
    throw new DiagnosticError([diag(JOURNAL_PATH, "WRT012", `cannot use the write journal: ${state.reason}`, `delete ${JOURNAL_PATH} and check the tree with git status`)]);
  }
  let data: Partial<Journal> | null;
  try {
    data = JSON.parse(state.bytes.toString("utf8")) as Partial<Journal> | null;
  } catch {
    return undefined;
  }
  const isMap = (v: unknown, value: (x: unknown) => boolean) =>
    !!v && typeof v === "object" && !Array.isArray(v) && Object.entries(v).every(([k, x]) => !reservedOrUnsafe(k) && value(x));
  const isHash = (v: unknown) => typeof v === "string" && HASH_RE.test(v);
  if (!data || typeof data !== "object" || !isMap(data.owned, (v) => Array.isArray(v) && v.every(isHash))) return undefined;
  if (!data.next || typeof data.next !== "object" || typeof data.next.version !== "string" || !isMap(data.next.files, isHash)) return undefined;
  return data as Journal;
}
