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
    // The same config under baseline with the rule ignored passes the policy.
    const relaxed = repoWith((c) =>
      c
        .replace("      - type: date-logger\n", "      - type: date-logger\n        securityContext: { allowPrivilegeEscalation: true }\n")
        .replace(/^environments:\n/m, "environments:\n  all:\n    policy: { ignore: [pss-privilege-escalation] }\n"),
    );
    expect(cli(relaxed, ["gen"]).code).toBe(0);
    const r2 = cli(relaxed, ["validate"]);
    expect(r2.stdout).toMatch(/^all\s+5 resource\(s\); schemas: 0 error\(s\); policy \(restricted\): 0 finding\(s\)$/m);
  }, 120_000);

  it("fails when the committed tree is out of date", () => {
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    writeFileSync(join(dir, "gitops.config.yaml"), readFileSync(join(dir, "gitops.config.yaml"), "utf8").replace("replicas: 3", "replicas: 4"));
    const r = cli(dir, ["validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/overlays\/prod\/kustomization\.yaml: error VAL001: generated file would be changed by gen/);
  }, 120_000);

  it("names a hand edit as such, with --force and the file it overwrites", () => {
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    const target = join(dir, "overlays", "prod", "kustomization.yaml");
    writeFileSync(target, readFileSync(target, "utf8").replace("count: 3", "count: 5"));
    const r = cli(dir, ["validate", "--env", "prod"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/overlays\/prod\/kustomization\.yaml: error VAL001: generated file was edited by hand since gen wrote it/);
    expect(r.stderr).toMatch(/hint: move the change into gitops\.config\.yaml, then run `npm run gen -- --force`: plain gen refuses \(WRT002\), --force overwrites overlays\/prod\/kustomization\.yaml/);
  }, 120_000);

  it("--env NAME builds and checks that environment only; an unknown one is a usage error", () => {
    const r = cli(ROOT, ["validate", "--env", "staging"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^staging\s+5 resource\(s\)/m);
    expect(r.stdout).not.toMatch(/^(dev|prod)\s/m);
    const bad = cli(ROOT, ["validate", "--env", "qa"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/has no environment "qa"; use one of: dev, prod, staging/);
  }, 120_000);
});
