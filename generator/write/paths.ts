/**
 * The only way the write stage looks at a path under the output root. Every relative path it touches comes
 * from the renderer, the committed manifest or the journal; the last two are untrusted (anyone can edit a
 * committed file), so each path is checked lexically first and then component by component on disk.
 * @internal
 */
import { constants } from "node:fs";
import { lstat, open } from "node:fs/promises";
import { join, relative, sep, isAbsolute } from "node:path";

/**
 * Suffix of the temp file written beside a target before the atomic rename (`.gitignore` lists it). Fixed
 * rather than random so a later run can find and remove what a killed run left behind.
 */
export const TMP_SUFFIX = ".gitops-tmp";

/**
 * Why a relative path may not be used under the output root, or undefined when it is safe. Defends against
 * a tampered manifest (or a renderer bug) pointing gen at files outside the tree: absolute paths, `..`,
 * backslashes (Windows separators, which `join` would honour there), NUL bytes (truncate C paths), empty or
 * `.` segments (two spellings of one file would defeat the ownership map).
 */
export function unsafePathReason(rel: unknown): string | undefined {
  if (typeof rel !== "string" || rel === "") return "is empty";
  if (rel.includes("\0")) return "contains a NUL byte";
  if (rel.includes("\\")) return "contains a backslash";
  if (rel.startsWith("/") || /^[A-Za-z]:/.test(rel)) return "is absolute";
  const segments = rel.split("/");
  if (segments.some((s) => s === "..")) return "escapes the output root (..)";
  if (segments.some((s) => s === "" || s === ".")) return "has an empty or '.' segment";
  return undefined;
}

/**
 * The absolute path of a relative path that passed unsafePathReason. Re-checks containment: a caller that
 * forgot the lexical check gets an internal error, not a write outside the root.
 */
export function resolveUnder(root: string, rel: string): string {
  const why = unsafePathReason(rel);
  const abs = join(root, ...rel.split("/"));
  const back = relative(root, abs);
  if (why || back === "" || back === ".." || back.startsWith(".." + sep) || isAbsolute(back)) {
    throw new Error(`internal: refusing to resolve ${JSON.stringify(rel)} under ${root}${why ? `: ${why}` : ""}`);
  }
  return abs;
}

/**
 * The first component of rel (below root) that makes it unsafe to read, write or delete: a symlink anywhere
 * (a symlinked folder could redirect writes or deletes outside the tree, and a symlinked file would make gen
 * read or replace something it never wrote), a non-directory where a directory is needed, or a target that
 * exists and is not a regular file (a directory, a FIFO that would block a read, a device). Undefined when
 * the path is a regular file or does not exist yet.
 */
export async function unsafeParent(root: string, rel: string): Promise<string | undefined> {
  const segments = rel.split("/");
  let cur = root;
  for (let i = 0; i < segments.length; i++) {
    cur = join(cur, segments[i]!);
    let st;
    try {
      st = await lstat(cur);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return undefined; // does not exist yet: nothing below it can either
      if (code === "ENOTDIR") return `${segments.slice(0, i).join("/") || "the output root"} is not a directory`;
      throw err;
    }
    const last = i === segments.length - 1;
    if (st.isSymbolicLink()) return `${segments.slice(0, i + 1).join("/")} is a symlink`;
    if (!last && !st.isDirectory()) return `${segments.slice(0, i + 1).join("/")} is not a directory`;
    if (last && st.isDirectory()) return `${rel} is a directory`;
    if (last && !st.isFile()) return `${rel} is not a regular file`;
  }
  return undefined;
}

/** What stands at a relative path: nothing, a regular file (with its bytes), or something gen must not touch. */
export type PathState = { kind: "missing" } | { kind: "file"; bytes: Buffer } | { kind: "blocked"; reason: string };

/**
 * Inspects rel under root without following symlinks. The file is opened with O_NOFOLLOW | O_NONBLOCK and
 * re-checked with fstat, so a symlink or FIFO swapped in after the lstat walk is refused instead of
 * followed or blocking forever.
 */
export async function inspectPath(root: string, rel: string): Promise<PathState> {
  const abs = resolveUnder(root, rel);
  const reason = await unsafeParent(root, rel);
  if (reason) return { kind: "blocked", reason };
  let fh;
  try {
    fh = await open(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    if (code === "ELOOP") return { kind: "blocked", reason: `${rel} is a symlink` };
    throw err;
  }
  try {
    if (!(await fh.stat()).isFile()) return { kind: "blocked", reason: `${rel} is not a regular file` };
    return { kind: "file", bytes: await fh.readFile() };
  } finally {
    await fh.close();
  }
}

/** True when something (anything, even a dangling symlink) exists at rel. */
export async function existsAt(root: string, rel: string): Promise<boolean> {
  try {
    await lstat(resolveUnder(root, rel));
    return true;
  } catch {
    return false;
  }
}
