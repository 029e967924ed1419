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
  it("passes on the repo itself, with one summary line per environment and per delivery engine", () => {
    const r = cli(ROOT, ["validate", "--no-cache"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // Each environment: its Namespace target and the web target (ServiceAccount, ConfigMap, Service, Deployment).
    for (const env of ["dev", "staging", "prod"]) expect(r.stdout).toMatch(new RegExp(`^${env}\\s+2 target\\(s\\), 5 resource\\(s\\); schemas: 0 error\\(s\\); policy \\(restricted\\): 0 finding\\(s\\)$`, "m"));
    // The AppProject and three ApplicationSets; per cluster its Flux Kustomizations (namespace, shard, app).
    expect(r.stdout).toMatch(/^argocd\s+1 target\(s\), 4 resource\(s\); schemas: 0 error\(s\)$/m);
    expect(r.stdout).toMatch(/^flux\/nonprod\s+3 target\(s\), 6 resource\(s\); schemas: 0 error\(s\)$/m);
    expect(r.stdout).toMatch(/^flux\/prod\s+2 target\(s\), 3 resource\(s\); schemas: 0 error\(s\)$/m);
    expect(r.stdout).toMatch(/^kustomize\s+12 build\(s\), 0 from the cache/m);
    expect(r.stdout).toContain("validate: ok");
    // A second run reuses every build whose inputs did not change.
    const again = cli(ROOT, ["validate"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^kustomize\s+12 build\(s\), 12 from the cache/m);
  }, 120_000);

  it("reports a policy violation with its rule, resource and located path, per the environment's policy", () => {
    const dir = repoWith((c) => c.replace("      - type: date-logger\n", "      - type: date-logger\n        securityContext: { allowPrivilegeEscalation: true }\n"));
    expect(cli(dir, ["gen"]).code).toBe(0);
    const r = cli(dir, ["validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /overlays\/dev\/web \(kustomize build\):\d+:\d+: error POL001 \/spec\/template\/spec\/initContainers\/0\/securityContext\/allowPrivilegeEscalation: pss-privilege-escalation: Deployment\/sidecar-demo-dev\/web: container "date-logger" must set allowPrivilegeEscalation: false/,
    );
    // The same config under baseline with the rule ignored passes the policy.
    const relaxed = repoWith((c) =>
      c
        .replace("      - type: date-logger\n", "      - type: date-logger\n        securityContext: { allowPrivilegeEscalation: true }\n")
        .replace(/^environments:\n/m, "environments:\n  all:\n    cluster: nonprod\n    policy: { ignore: [pss-privilege-escalation] }\n"),
    );
    expect(cli(relaxed, ["gen"]).code).toBe(0);
    const r2 = cli(relaxed, ["validate"]);
    expect(r2.stdout).toMatch(/^all\s+2 target\(s\), 5 resource\(s\); schemas: 0 error\(s\); policy \(restricted\): 0 finding\(s\)$/m);
  }, 120_000);

  it("fails when the committed tree is out of date", () => {
    const dir = repoWith();
    expect(cli(dir, ["gen"]).code).toBe(0);
    writeFileSync(join(dir, "gitops.config.yaml"), readFileSync(join(dir, "gitops.config.yaml"), "utf8").replace("replicas: 3", "replicas: 4"));
    const r = cli(dir, ["validate"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/overlays\/prod\/web\/kustomization\.yaml: error VAL001: generated file would be changed by gen/);
  }, 120_000);
});
