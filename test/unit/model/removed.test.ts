/** The `removed:` section: schema, model, and its contradictions located where they are written (DEL002). */
import { describe, expect, it } from "vitest";
import { FIX, genFindings, MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";

const ENVS = "environments:\n  dev: {}\n";

describe("removed:", () => {
  it("resolves environments and apps (with or without environments) into the model", () => {
    const model = modelFromText(MINIMAL_CONFIG + ENVS + "removed:\n  environments: [prod]\n  apps:\n    - name: api\n    - { name: old, environments: [staging] }\n");
    expect(model.removed).toEqual({ environments: ["prod"], apps: [{ name: "api" }, { name: "old", environments: ["staging"] }] });
    expect(modelFromText(MINIMAL_CONFIG + ENVS).removed).toEqual({ environments: [], apps: [] });
  });

  it("refuses an entry for an environment or app the config still has, at the entry (DEL002)", () => {
    const text = MINIMAL_CONFIG + ENVS + "removed:\n  environments: [dev]\n  apps:\n    - { name: web }\n    - { name: api, environments: [dev] }\n";
    const lines = text.split("\n");
    const found = genFindings(text);
    expect(found.map((d) => [d.code, d.pointer, d.line, d.col])).toEqual([
      ["DEL002", "/removed/environments/0", lines.indexOf("  environments: [dev]") + 1, 18],
      ["DEL002", "/removed/apps/0/name", lines.indexOf("    - { name: web }") + 1, 15],
      ["DEL002", "/removed/apps/1/environments/0", lines.indexOf("    - { name: api, environments: [dev] }") + 1, 35],
    ]);
    expect(found[0]!.message).toBe('environment "dev" is marked removed but is still under environments');
    for (const d of found) expect(d.hint).toMatch(FIX);
  });

  it("is checked by the schema: unknown keys, names that are not DNS labels, an empty environments list", () => {
    const codes = (extra: string) => genFindings(MINIMAL_CONFIG + ENVS + extra).map((d) => `${d.code} ${d.pointer}`);
    expect(codes("removed:\n  environment: [prod]\n")).toEqual(["CFG011 /removed/environment"]);
    expect(codes("removed:\n  environments: [Prod]\n")).toEqual(["CFG016 /removed/environments/0"]);
    expect(codes("removed:\n  apps:\n    - { name: api, environments: [] }\n")).toEqual(["CFG010 /removed/apps/0/environments"]);
  });
});
