/** `npm run validate` end to end: real kustomize on every overlay, schemas, policy, drift. */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
  it("passes on the repo itself, with one summary line per environment and per delivery engine", () => {
    const r = cli(ROOT, ["validate", "--no-cache"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Each environment: its Namespace target and the web target (ServiceAccount, ConfigMap, Service, Deployment).
    for (const env of ["dev", "staging", "prod"]) expect(r.stdout).toMatch(new RegExp(`^${env}\\s+2 target\\(s\\), 5 resource\\(s\\); schemas: 0 error\\(s\\); API server: 0 refusal\\(s\\); policy \\(restricted\\): 0 finding\\(s\\)$`, "m"));
    // The AppProject and three ApplicationSets; per cluster its Flux Kustomizations (namespace, shard, app).
    expect(r.stdout).toMatch(/^argocd\s+1 target\(s\), 4 resource\(s\); schemas: 0 error\(s\); API server: 0 refusal\(s\)$/m);
    expect(r.stdout).toMatch(/^flux\/nonprod\s+3 target\(s\), 6 resource\(s\); schemas: 0 error\(s\); API server: 0 refusal\(s\)$/m);
    expect(r.stdout).toMatch(/^flux\/prod\s+2 target\(s\), 3 resource\(s\); schemas: 0 error\(s\); API server: 0 refusal\(s\)$/m);
    expect(r.stdout).toMatch(/^kustomize\s+12 build\(s\), 0 from the cache/m);
    expect(r.stdout).toContain("validate: ok");
    // A second run reuses every build whose inputs did not change.
    const again = cli(ROOT, ["validate"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^kustomize\s+12 build\(s\), 12 from the cache/m);
  }, 120_000);

  it("refuses a securityContext that breaks Pod Security at the config line, once, listing the environments (gen and validate)", () => {
    const escalate = (c: string) => c.replace("      - type: date-logger\n", "      - type: date-logger\n        securityContext: { allowPrivilegeEscalation: true }\n");
    const dir = repoWith(escalate);
    for (const command of ["gen", "validate"]) {
      const r = cli(dir, [command]);
      expect(r.code, command).toBe(1);
      const lines = r.stderr.split("\n").filter((l) => l.includes("POL001"));
      expect(lines, command).toEqual([
        'gitops.config.yaml:38:54: error POL001 /apps/0/sidecars/0/securityContext/allowPrivilegeEscalation: pss-privilege-escalation: container "date-logger" must set allowPrivilegeEscalation: false; breaks dev, prod, staging (Pod Security "restricted")',
      ]);
      expect(r.stderr).toMatch(/hint: write allowPrivilegeEscalation: false/);
    }
    // The same config with the rule ignored in every environment renders and validates.
    const relaxed = repoWith((c) => escalate(c).replace(/^ {2}(dev|staging|prod):\n/gm, "  $1:\n    policy: { ignore: [pss-privilege-escalation] }\n"));
    expect(cli(relaxed, ["gen"]).code).toBe(0);
    const r2 = cli(relaxed, ["validate"]);
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    expect(r2.stdout).toMatch(/^prod\s+2 target\(s\), 5 resource\(s\); schemas: 0 error\(s\); API server: 0 refusal\(s\); policy \(restricted\): 0 finding\(s\)$/m);
    // Under baseline the same container passes: allowPrivilegeEscalation is a restricted-only rule.
    const baseline = repoWith((c) => escalate(c).replace(/^ {2}(dev|staging|prod):\n/gm, "  $1:\n    policy: { podSecurity: baseline }\n"));
    expect(cli(baseline, ["gen"]).code).toBe(0);
    const r3 = cli(baseline, ["validate"]);
    expect(r3.code, r3.stdout + r3.stderr).toBe(0);
    for (const env of ["dev", "staging", "prod"]) expect(r3.stdout).toMatch(new RegExp(`^${env}\\s+2 target\\(s\\), 5 resource\\(s\\); schemas: 0 error\\(s\\); API server: 0 refusal\\(s\\); policy \\(baseline\\): 0 finding\\(s\\)$`, "m"));
    expect(r3.stderr).not.toContain("POL001");
  }, 120_000);

  it("still checks the policy on the built overlays (a hand edit the config does not know of)", () => {
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    const deployment = join(dir, "base", "web", "deployment.yaml");
    writeFileSync(deployment, readFileSync(deployment, "utf8").replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true"));
    const r = cli(dir, ["validate", "--env", "dev"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/base\/web\/deployment\.yaml: error VAL001: generated file was edited by hand/);
    // A second run reads the build's validation from the cache (its inputs on disk are unchanged): the same findings.
    const again = cli(dir, ["validate", "--env", "dev"]);
    expect(again.stdout).toMatch(/^kustomize\s+2 build\(s\), 2 from the cache/m);
    expect([again.code, again.stderr]).toEqual([r.code, r.stderr]);
    expect(r.stderr).toMatch(/overlays\/dev\/web \(kustomize build\):\d+:\d+: error POL001 \/spec\/template\/spec\/(init)?[cC]ontainers\/0\/securityContext\/allowPrivilegeEscalation: pss-privilege-escalation: Deployment\/sidecar-demo-dev\/web: container "(nginx|date-logger)" must set allowPrivilegeEscalation: false\n  hint: write allowPrivilegeEscalation: false, or remove the line \(false is the default\) \(in gitops\.config\.yaml, or undo a hand edit of the generated file\)/);
  }, 120_000);

  it("fails when the committed tree is out of date", () => {
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    writeFileSync(join(dir, "gitops.config.yaml"), readFileSync(join(dir, "gitops.config.yaml"), "utf8").replace("replicas: 3", "replicas: 4"));
    const r = cli(dir, ["validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/overlays\/prod\/web\/kustomization\.yaml: error VAL001: generated file would be changed by gen/);
  }, 120_000);

  it("after a change to one environment of one app, builds and validates only that target again", () => {
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    expect(cli(dir, ["validate"]).code).toBe(0);
    writeFileSync(join(dir, "gitops.config.yaml"), readFileSync(join(dir, "gitops.config.yaml"), "utf8").replace("replicas: 3", "replicas: 4"));
    expect(cli(dir, ["gen"]).code).toBe(0);
    const r = cli(dir, ["validate"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^kustomize\s+12 build\(s\), 11 from the cache/m);
  }, 120_000);

  it("names a hand edit as such, with --force and the file it overwrites", () => {
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    const target = join(dir, "overlays", "prod", "web", "kustomization.yaml");
    writeFileSync(target, readFileSync(target, "utf8").replace("count: 3", "count: 5"));
    const r = cli(dir, ["validate", "--env", "prod"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/overlays\/prod\/web\/kustomization\.yaml: error VAL001: generated file was edited by hand since gen wrote it/);
    expect(r.stderr).toMatch(/hint: move the change into gitops\.config\.yaml, then run `npm run gen -- --force`: plain gen refuses \(WRT002\), --force overwrites overlays\/prod\/web\/kustomization\.yaml/);
  }, 120_000);

  it("--env NAME builds and checks that environment only; an unknown one is a usage error", () => {
    const r = cli(ROOT, ["validate", "--env", "staging"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^staging\s+2 target\(s\), 5 resource\(s\)/m);
    expect(r.stdout).not.toMatch(/^(argocd|flux)/m);
    expect(r.stdout).not.toMatch(/^(dev|prod)\s/m);
    const bad = cli(ROOT, ["validate", "--env", "qa"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/has no environment "qa"; use one of: dev, prod, staging/);
  }, 120_000);

  it("VAL002: an overlay kustomize cannot build, with a hint that says what to run", async () => {
    const { FIX } = await import("../helpers/config.js");
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    rmSync(join(dir, "overlays", "dev", "web", "kustomization.yaml"));
    const r = cli(dir, ["validate", "--env", "dev"]);
    expect(r.code).toBe(1);
    const hint = /error VAL002: .*\n  hint: (.*)/.exec(r.stderr)?.[1];
    expect(hint).toMatch(FIX);
    expect(hint).toMatch(/^run `npm run gen`/);
  }, 120_000);
});

