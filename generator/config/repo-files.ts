import { readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import type { SidecarGitopsConfiguration as GitopsConfig } from "./config-types.gen.js";
import { locate, toPointer, type YamlSource } from "./source.js";
import { DiagnosticError, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";

/** A ConfigMap holds at most 1 MiB (the API server's limit on an object in etcd): one file cannot be more. */
export const MAX_REPO_FILE_BYTES = 1024 * 1024;

/**
 * Files of the repository the config names (apps[].volumes[].configMap.files), by the JSON pointer of the entry
 * that names them: their text, read before the model is built so the model stays pure.
 */
export type RepoFiles = ReadonlyMap<string, string>;

/**
 * Reads every repository file the config names, relative to the folder of the config file that names it (an
 * app file's paths are relative to that file). Defends against reading outside that folder: the schema refuses
 * `..` and absolute paths, and a symlink that resolves outside is refused here. Every problem is located (CFG043).
 */
export function readRepoFiles(config: GitopsConfig, source: YamlSource): RepoFiles {
  const files = new Map<string, string>();
  const problems: Diagnostic[] = [];
  config.apps.forEach((app, ai) => {
    (app.volumes ?? []).forEach((v, vi) => {
      (v.configMap?.files ?? []).forEach((rel, fi) => {
        const pointer = toPointer(["apps", ai, "volumes", vi, "configMap", "files", fi]);
        const where = locate(source, pointer);
        const fail = (message: string, hint: string) => problems.push({ ...where, code: "CFG043", severity: "error", message, hint });
        const folder = resolve(dirname(where.file));
        const path = resolve(folder, rel);
        let real: string;
        try {
          real = realpathSync(path);
        } catch {
          fail(`file ${rel} does not exist (looked for ${path})`, `create it, or write its path relative to the folder of ${where.file}`);
          return;
        }
        const realFolder = realpathSync(folder);
        if (!real.startsWith(realFolder + sep)) {
          fail(`file ${rel} resolves to ${real}, outside ${realFolder}`, "keep the file in the config's folder or below it (a symlink may not lead out)");
          return;
        }
        const stat = statSync(real);
        if (!stat.isFile()) return fail(`${rel} is not a regular file`, "name a file, not a folder");
        if (stat.size > MAX_REPO_FILE_BYTES) return fail(`file ${rel} is ${stat.size} bytes; a ConfigMap holds at most ${MAX_REPO_FILE_BYTES}`, "split the file, or mount it from a volume of its own");
        try {
          files.set(pointer, new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(real)));
        } catch {
          fail(`file ${rel} is not UTF-8 text`, "store text config as UTF-8 (binary data does not belong in a ConfigMap rendered from text)");
        }
      });
    });
  });
  if (problems.length > 0) throw new DiagnosticError(sortDiagnostics(problems));
  return files;
}
