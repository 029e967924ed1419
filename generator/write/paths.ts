import { lstat } from "node:fs/promises";
import { join } from "node:path";

/**
 * Why a relative path may not be used under the output root, or undefined when it is safe. Defends against
 * a tampered manifest (or a renderer bug) pointing gen at files outside the tree: absolute paths, `..`,
 * backslashes (Windows separators), NUL bytes, empty or `.` segments.
 */
export function unsafePathReason(rel: string): string | undefined {
  if (typeof rel !== "string" || rel === "") return "empty path";
  if (rel.includes("\0")) return "contains a NUL byte";
  if (rel.includes("\\")) return "contains a backslash";
  if (rel.startsWith("/") || /^[A-Za-z]:/.test(rel)) return "is absolute";
  const segments = rel.split("/");
  if (segments.some((s) => s === "..")) return "escapes the output root (..)";
  if (segments.some((s) => s === "" || s === ".")) return "has an empty or '.' segment";
  return undefined;
}

/** The absolute path of a safe relative path. */
export function resolveUnder(root: string, rel: string): string {
  return join(root, ...rel.split("/"));
}

/**
 * The first existing component of rel (below root) that is a symlink or not a directory where a directory
 * is needed, or undefined. A symlinked folder inside the tree could redirect writes or deletes outside it.
 */
export async function unsafeParent(root: string, rel: string): Promise<string | undefined> {
  const segments = rel.split("/");
  let cur = root;
  for (let i = 0; i < segments.length; i++) {
    cur = join(cur, segments[i]!);
    let st;
    try {
      st = await lstat(cur);
    } catch {
      return undefined; // does not exist yet: nothing below it can either
    }
    const last = i === segments.length - 1;
    if (st.isSymbolicLink()) return `${segments.slice(0, i + 1).join("/")} is a symlink`;
    if (!last && !st.isDirectory()) return `${segments.slice(0, i + 1).join("/")} is not a directory`;
    if (last && !st.isFile()) return `${rel} exists and is not a regular file`;
  }
  return undefined;
}
