import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import type { GeneratedFile } from "../../generator/render/generated-file.js";

const created: string[] = [];

/** Removes every temp directory this test file made (test/helpers/setup.ts runs it after each file). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh temp directory, removed after the test file; tests never write anywhere else. */
export function tempDir(prefix = "sidecar-gitops-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes rendered files under dir plainly (no ownership rules): for feeding kustomize in tests. */
export function writeFilesTo(dir: string, files: GeneratedFile[]): void {
  for (const f of files) {
    const target = join(dir, ...f.path.split("/"));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.content);
  }
}

/** Every regular file under dir as posix path → content, sorted: a whole-tree snapshot to compare. */
export function readTree(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = join(d, e.name);
      const rel = relative(dir, abs).split(sep).join("/");
      if (skip(rel)) continue;
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) out[rel] = readFileSync(abs, "utf8");
    }
  };
  walk(dir);
  return out;
}
