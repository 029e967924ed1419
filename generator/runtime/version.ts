import { readFileSync } from "node:fs";
import { packageFile } from "./paths.js";

let version: string | undefined;

/** The generator's version (its package.json): in the manifest, in the config header's messages, pinned by init. */
export function generatorVersion(): string {
  version ??= (JSON.parse(readFileSync(packageFile("package.json"), "utf8")) as { version: string }).version;
  return version;
}
