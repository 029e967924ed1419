/**
 * Derives the TypeScript types of the config from its JSON Schema, so they are never written twice by hand.
 * Run with `npm run schema:types`; a unit test fails when the committed file is stale.
 */
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compile, type JSONSchema } from "json-schema-to-typescript";
import { CONFIG_SCHEMA_PATH } from "./validate.js";

export const CONFIG_TYPES_PATH = fileURLToPath(new URL("./config-types.gen.ts", import.meta.url));

/** Renders the types module from the schema text. */
export async function renderConfigTypes(schemaText: string): Promise<string> {
  const schema = JSON.parse(schemaText) as JSONSchema;
  const ts = await compile(schema, "GitopsConfig", {
    bannerComment:
      "/* Generated from schemas/gitops.config.schema.json by `npm run schema:types`. Do not edit. */",
    additionalProperties: false,
    strictIndexSignatures: true,
    cwd: fileURLToPath(new URL("../../schemas/", import.meta.url)),
    style: { singleQuote: false, printWidth: 120 },
    unreachableDefinitions: true,
  });
  return ts.replace(/\r\n/g, "\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = await readFile(CONFIG_SCHEMA_PATH, "utf8");
  await writeFile(CONFIG_TYPES_PATH, await renderConfigTypes(text));
}
