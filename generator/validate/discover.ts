/** Paths → files to read, as kubeconform walks them: folders recursively, .yaml/.yml/.json, ignore patterns. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** What walking the paths found, in walk order: a file to read, or a path that could not be walked. */
export type Walked = { file: string } | { path: string; error: NodeJS.ErrnoException };

/**
 * Each path walked as kubeconform walks it (resource/files.go: findFilesInFolders): in lexical order like Go's
 * filepath.Walk, .yaml/.yml/.json files minus ignored ones. A path that cannot be walked (missing, unreadable)
 * ends its own walk with an error entry named by that path, keeping the files found before; the next path is
 * walked all the same.
 */
export function walkPaths(paths: string[], ignore: RegExp[]): Walked[] {
  const out: Walked[] = [];
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name));
      return;
    }
    if (!MANIFEST_FILE.test(p)) return;
    if (ignore.some((re) => re.test(p))) return;
    out.push({ file: p });
  };
  for (const p of paths) {
    try {
      visit(p);
    } catch (err) {
      if (typeof (err as NodeJS.ErrnoException).code !== "string") throw err;
      out.push({ path: p, error: err as NodeJS.ErrnoException });
    }
  }
  return out;
}

/** Files under each path in walk order, minus ignored ones; throws on the first path that cannot be walked. */
export function discoverFiles(paths: string[], ignore: RegExp[]): string[] {
  return walkPaths(paths, ignore).map((w) => {
    if ("error" in w) throw w.error;
    return w.file;
  });
}
