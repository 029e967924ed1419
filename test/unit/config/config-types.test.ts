import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_TYPES_PATH, renderConfigTypes } from "../../../generator/config/generate-types.js";
import { CONFIG_SCHEMA_PATH } from "../../../generator/config/validate.js";

describe("config types", () => {
  it("generator/config/config-types.gen.ts is derived from the schema (run `npm run schema:types`)", async () => {
    const fresh = await renderConfigTypes(readFileSync(CONFIG_SCHEMA_PATH, "utf8"));
    expect(readFileSync(CONFIG_TYPES_PATH, "utf8")).toBe(fresh);
  }, 30_000);
});

describe("precompiled config validator", () => {
  it("generator/config/config-validator.gen.js is compiled from the current schema (run `npm run schema:types`)", async () => {
    const { CONFIG_VALIDATOR_PATH, renderConfigValidator } = await import("../../../generator/config/build-validator.js");
    expect(readFileSync(CONFIG_VALIDATOR_PATH, "utf8")).toBe(renderConfigValidator(readFileSync(CONFIG_SCHEMA_PATH, "utf8")));
  }, 30_000);
});
