/** The README's gen-time policy examples are what gen prints (issue 23). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../generator/diagnostics/diagnostic.js";
import { NEW_USER_CONFIG } from "../../helpers/new-user-config.js";
import { genFindings } from "../../helpers/config.js";
import { REFERENCE_CONFIG } from "../../helpers/fixture-configs.js";

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

describe("README: the policy at gen", () => {
  it("prints the probes example for the default config (the reference fixture) without its liveness probe", () => {
    const text = REFERENCE_CONFIG.replace("        liveness:\n          httpGet: { path: / }\n          initialDelaySeconds: 10\n          periodSeconds: 10\n", "");
    const printed = genFindings(text).map(formatDiagnostic);
    expect(printed).toHaveLength(1);
    expect(README).toContain("The default config without its liveness probe:\n\n```\n" + printed[0] + "\n```");
  });

  it("prints the mutable-tag example for the new user's config with a moving tag in prod", () => {
    const text = NEW_USER_CONFIG.replace("    replicas: 3                            # three zones\n", "    replicas: 3                            # three zones\n    apps:\n      catalog:\n        containers:\n          catalog: { tag: stable }\n");
    const [line] = genFindings(text).map(formatDiagnostic);
    expect(README).toContain("```\n" + line!.split("\n")[0] + "\n```");
  });
});
