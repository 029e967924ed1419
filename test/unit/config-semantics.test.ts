/**
 * Issue 11: gen refuses a config whose rendered workload the API server would refuse, located in the config
 * (the semantic rules of validate/semantic on each environment's pod spec).
 */
import { describe, expect, it } from "vitest";
import { genFindings, MINIMAL_CONFIG } from "../helpers/config.js";

const findings = genFindings;

describe("the API server's rules at gen time, located in the config", () => {
  it("accepts the minimal config", () => {
    expect(findings(MINIMAL_CONFIG)).toEqual([]);
  });

  it("a pod runAsUser beyond 2^31-1: API024 at that line, naming every environment", () => {
    const ds = findings(`${MINIMAL_CONFIG}    securityContext:\n      runAsUser: 3000000000\n`);
    expect(ds).toEqual([
      expect.objectContaining({
        file: "gitops.config.yaml",
        line: 14,
        col: 18,
        pointer: "/apps/0/securityContext/runAsUser",
        code: "API024",
        message: 'app "web" renders a workload the API server refuses (dev, prod, staging): spec.template.spec.securityContext.runAsUser: Invalid value: 3000000000: must be between 0 and 2147483647, inclusive',
      }),
    ]);
    expect(ds[0]!.hint).toContain("rule API024 in docs/validation.md");
  });

  it("a container's runAsGroup out of range, at the main container's line", () => {
    const ds = findings(MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      securityContext: { runAsGroup: 2147483648 }\n"));
    expect(ds.map((d) => [d.code, d.pointer, d.line])).toEqual([["API024", "/apps/0/main/securityContext/runAsGroup", 10]]);
  });
});
