/**
 * `npm run schema:types` also runs this: compiles the config schema once, ahead of time, into ajv
 * standalone code (generator/config/config-validator.gen.js), so `npm run gen` does not spend ~140 ms
 * compiling it on every run. The module records the schema's hash; validate.ts falls back to compiling at
 * run time if the schema changed since, so a stale file can cost speed but never correctness.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import * as standalone from "ajv/dist/standalone/index.js";
import { AJV_OPTIONS, CONFIG_SCHEMA_PATH } from "./validate.js";

export const CONFIG_VALIDATOR_PATH = fileURLToPath(new URL("./config-validator.gen.js", import.meta.url));

export function schemaHash(schemaText: string): string {
  return createHash("sha256").update(schemaText, "utf8").digest("hex");
}

/** The standalone validator module for the schema text. */
export function renderConfigValidator(schemaText: string): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
  const validate = ajv.compile(JSON.parse(schemaText) as object);
  // ajv ships this entry as CommonJS: its default export arrives wrapped once or twice depending on the loader.
  type ToCode = (ajv: Ajv, v: typeof validate) => string;
  const mod = standalone as unknown as { default: ToCode | { default: ToCode } };
  const toCode = typeof mod.default === "function" ? mod.default : mod.default.default;
  const code = toCode(ajv, validate);
  return [
    "// Generated from schemas/gitops.config.schema.json by `npm run schema:types`. Do not edit.",
    "// @ts-nocheck",
    'import { createRequire } from "node:module";',
    "const require = createRequire(import.meta.url);",
    `export const schemaHash = ${JSON.stringify(schemaHash(schemaText))};`,
    code.replace(/^"use strict";/, ""),
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CONFIG_VALIDATOR_PATH, renderConfigValidator(readFileSync(CONFIG_SCHEMA_PATH, "utf8")));
}
