/** Paths → files to read, as kubeconform walks them: folders recursively, .yaml/.yml/.json, ignore patterns. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Files under each path in walk order (lexical, like Go's filepath.Walk), minus ignored ones. */
export function discoverFiles(paths: string[], ignore: RegExp[]): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name));
      return;
    }
    if (!MANIFEST_FILE.test(p)) return;
    if (ignore.some((re) => re.test(p))) return;
    out.push(p);
  };
  for (const p of paths) visit(p);
  return out;
}
