/** `npm run validate` end to end: real kustomize on every overlay, schemas, policy, drift. */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT as ROOT, runCli as cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tree.js";

function repoWith(edit: (config: string) => string = (c) => c): string {
  const dir = tempDir("sidecar-gitops-validate-");
  cpSync(join(ROOT, "gitops.config.yaml"), join(dir, "gitops.config.yaml"));
  const cfg = join(dir, "gitops.config.yaml");
  writeFileSync(cfg, edit(readFileSync(cfg, "utf8")));
  return dir;
}

describe("npm run validate", () => {
  it("passes on the repo itself, with one summary line per environment", () => {
    const r = cli(ROOT, ["validate"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const env of ["dev", "staging", "prod"]) expect(r.stdout).toMatch(new RegExp(`^${env}\\s+5 resource\\(s\\); schemas: 0 error\\(s\\); policy \\(restricted\\): 0 finding\\(s\\)$`, "m"));
    expect(r.stdout).toContain("validate: ok");
  }, 120_000);

  it("reports a policy violation with its rule, resource and located path, per the environment's policy", () => {
    const dir = repoWith((c) => c.replace("      - type: date-logger\n", "      - type: date-logger\n        securityContext: { allowPrivilegeEscalation: true }\n"));
    expect(cli(dir, ["gen"]).code).toBe(0);
    const r = cli(dir, ["validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /overlays\/dev \(kustomize build\):\d+:\d+: error POL001 \/spec\/template\/spec\/initContainers\/0\/securityContext\/allowPrivilegeEscalation: pss-privilege-escalation: Deployment\/sidecar-demo-dev\/web: container "date-logger" must set allowPrivilegeEscalation: false/,
    );
    // The same container under baseline passes: allowPrivilegeEscalation is a restricted-only rule.
    const withEscalation = (c: string) => c.replace("      - type: date-logger\n", "      - type: date-logger\n        securityContext: { allowPrivilegeEscalation: true }\n");
    const everyEnv = (c: string, policy: string) => c.replace(/^  (dev|staging|prod):\n/gm, `  $1:\n    policy: ${policy}\n`);
    const baseline = repoWith((c) => everyEnv(withEscalation(c), "{ podSecurity: baseline }"));
    expect(cli(baseline, ["gen"]).code).toBe(0);
    const r2 = cli(baseline, ["validate"]);
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    for (const env of ["dev", "staging", "prod"]) expect(r2.stdout).toMatch(new RegExp(`^${env}\\s+5 resource\\(s\\); schemas: 0 error\\(s\\); policy \\(baseline\\): 0 finding\\(s\\)$`, "m"));
    expect(r2.stderr).not.toContain("POL001");
    // Under restricted with the rule ignored, it passes too.
    const ignored = repoWith((c) => everyEnv(withEscalation(c), "{ ignore: [pss-privilege-escalation] }"));
    expect(cli(ignored, ["gen"]).code).toBe(0);
    const r3 = cli(ignored, ["validate"]);
    expect(r3.code, r3.stdout + r3.stderr).toBe(0);
    for (const env of ["dev", "staging", "prod"]) expect(r3.stdout).toMatch(new RegExp(`^${env}\\s+5 resource\\(s\\); schemas: 0 error\\(s\\); policy \\(restricted\\): 0 finding\\(s\\)$`, "m"));
  }, 120_000);

  it("fails when the committed tree is out of date", () => {
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    writeFileSync(join(dir, "gitops.config.yaml"), readFileSync(join(dir, "gitops.config.yaml"), "utf8").replace("replicas: 3", "replicas: 4"));
    const r = cli(dir, ["validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/overlays\/prod\/kustomization\.yaml: error VAL001: generated file would be changed by gen/);
  }, 120_000);
});
