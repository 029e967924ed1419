/**
 * `npm run docs`: renders docs/config-reference.md from the config schema. `--check` exits 1 when the
 * committed file is out of date (a test runs the same comparison).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { configSchema } from "../config/validate.js";
import { renderConfigReference } from "./config-reference.js";

export const CONFIG_REFERENCE_PATH = fileURLToPath(new URL("../../docs/config-reference.md", import.meta.url));

const wanted = renderConfigReference(configSchema());
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(CONFIG_REFERENCE_PATH, "utf8");
  } catch {
    // missing counts as out of date
  }
  if (current !== wanted) {
    process.stderr.write("docs/config-reference.md is out of date: run `npm run docs`\n");
    process.exitCode = 1;
  }
} else {
  writeFileSync(CONFIG_REFERENCE_PATH, wanted);
  process.stdout.write(`wrote docs/config-reference.md\n`);
}
