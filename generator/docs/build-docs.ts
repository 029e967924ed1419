/**
 * `npm run docs`: renders docs/config-reference.md from the config schema and docs/sidecar-catalog.md from
 * the schema and the examples. `--check` exits 1 when a committed file is out of date (tests run the same
 * comparison).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configSchema } from "../config/validate.js";
import { renderCatalogDocs } from "./catalog-docs.js";
import { renderConfigReference } from "./config-reference.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const readText = (path: string) => readFileSync(`${ROOT}${path}`, "utf8");

const docs: [string, string][] = [
  ["docs/config-reference.md", renderConfigReference(configSchema())],
  ["docs/sidecar-catalog.md", renderCatalogDocs(configSchema(), readText)],
];
for (const [path, wanted] of docs) {
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readText(path);
    } catch {
      // missing counts as out of date
    }
    if (current !== wanted) {
      process.stderr.write(`${path} is out of date: run \`npm run docs\`\n`);
      process.exitCode = 1;
    }
  } else {
    writeFileSync(`${ROOT}${path}`, wanted);
    process.stdout.write(`wrote ${path}\n`);
  }
}
