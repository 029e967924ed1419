import { readFileSync } from "node:fs";

/** The generator's version (package.json), recorded in the manifest only so upgrades do not churn every file. */
export function generatorVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
