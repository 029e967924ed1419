/**
 * `npm run validate -- [--no-policy] [--output text|json|junit] PATH...` end to end (issue 11): any manifests
 * through the strict schemas, the API server's semantic rules and the policy; exit 0 / 1 / 2.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LAUNCHER, REPO_ROOT, runCli as cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/tree.js";

/** A Deployment that passes every stage (restricted Pod Security, resources, probes, a pinned image). */
const GOOD = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      securityContext: { runAsNonRoot: true, runAsUser: 101, seccompProfile: { type: RuntimeDefault } }
      containers:
        - name: web
          image: nginxinc/nginx-unprivileged:1.27.4-alpine
          ports: [{ name: http, containerPort: 8080 }]
          resources:
            requests: { cpu: 50m, memory: 64Mi }
            limits: { cpu: 250m, memory: 128Mi }
          readinessProbe: { tcpSocket: { port: http } }
          livenessProbe: { tcpSocket: { port: http } }
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }
`;
/** The same with a CPU request above its limit: schema-valid, refused by the API server. */
const OVER_LIMIT = GOOD.replace("cpu: 50m", "cpu: 500m");
/** Valid for the schema and the API server, but runs as root: only the policy objects. */
const ROOT_USER = GOOD.replace("runAsNonRoot: true, runAsUser: 101, ", "");

function files(entries: Record<string, string>): string {
  const dir = tempDir("sidecar-gitops-validate-paths-");
  for (const [name, text] of Object.entries(entries)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe("npm run validate -- PATH...", () => {
  it("exit 0 on valid manifests, counting resources and files", () => {
    const dir = files({ "a.yaml": GOOD, "sub/b.yml": GOOD.replace("name: web\nspec", "name: web2\nspec") });
    const r = cli(REPO_ROOT, ["validate", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^validate: ok \(2 resource\(s\) in 2 file\(s\), \d+\.\d s\)\n$/);
  });

  it("exit 1 on what the API server refuses, in its words, located at the field", () => {
    const dir = files({ "d.yaml": OVER_LIMIT });
    const r = cli(REPO_ROOT, ["validate", join(dir, "d.yaml")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${join(dir, "d.yaml")}:18:30: error API019 /spec/template/spec/containers/0/resources/requests/cpu: Deployment/web: spec.template.spec.containers[0].resources.requests: Invalid value: "500m": must be less than or equal to cpu limit of 250m`,
    );
    expect(r.stderr).toContain("rule API019 in docs/validation.md");
    expect(r.stdout).toMatch(/^validate: 1 problem\(s\) in 1 resource\(s\) in 1 file\(s\) \(\d+\.\d s\)\n$/);
  });

  it("runs the policy unless --no-policy", () => {
    const dir = files({ "root.yaml": ROOT_USER });
    const r = cli(REPO_ROOT, ["validate", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error POL001 .*pss-run-as-non-root/);
    const off = cli(REPO_ROOT, ["validate", "--no-policy", dir]);
    expect(off.code, off.stderr).toBe(0);
  });

  it("reports schema errors (VAL004) before the semantic stage", () => {
    const dir = files({ "typo.yaml": GOOD.replace("          image:", "          imagePullPolcy: Always\n          image:") });
    const r = cli(REPO_ROOT, ["validate", "--no-policy", dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error VAL004 \/spec\/template\/spec\/containers\/0\/imagePullPolcy: Deployment\/web: additional properties 'imagePullPolcy' not allowed/);
    expect(r.stderr).not.toContain("API0");
  });

  it("applies the CRD CEL rules of the committed schemas (the Flux GitRepository's)", () => {
    const r = cli(REPO_ROOT, ["validate", "test/fixtures/corpus/crds/flux-gitrepository-cel-rule.yaml"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`test/fixtures/corpus/crds/flux-gitrepository-cel-rule.yaml:9:3: error CEL001 /spec: GitRepository/cel-rule: spec: Invalid value: "object": serviceAccountName can only be set when provider is 'azure' or 'aws'`);
  });

  it("reads stdin for -", () => {
    const r = spawnSync(process.execPath, [LAUNCHER, "validate", "--no-policy", "-"], { cwd: REPO_ROOT, input: OVER_LIMIT, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^stdin:18:30: error API019 /m);
  });

  it("--output json: every resource with its status, and the findings", () => {
    const dir = files({ "a.yaml": GOOD, "b.yaml": OVER_LIMIT.replace("name: web\nspec", "name: bad\nspec") });
    const r = cli(REPO_ROOT, ["validate", "--no-policy", "--output", "json", dir]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { resources: { file: string; name: string; status: string }[]; findings: { code: string; pointer: string; line: number }[] };
    expect(report.resources.map((x) => [x.name, x.status])).toEqual([["web", "valid"], ["bad", "invalid"]]);
    expect(report.findings).toEqual([expect.objectContaining({ code: "API019", pointer: "/spec/template/spec/containers/0/resources/requests/cpu", line: 18 })]);
  });

  it("--output junit: one test case per resource, failures counted", () => {
    const dir = files({ "a.yaml": GOOD, "b.yaml": OVER_LIMIT.replace("name: web\nspec", "name: bad\nspec") });
    const r = cli(REPO_ROOT, ["validate", "--no-policy", "--output", "junit", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('tests="2" failures="1"');
    expect(r.stdout).toMatch(/<testcase classname="[^"]*b\.yaml" name="Deployment\/bad"><failure message="1 finding\(s\)">/);
    expect(r.stdout).toMatch(/<testcase classname="[^"]*a\.yaml" name="Deployment\/web"><\/testcase>/);
  });

  it("exit 2 on usage errors: an unknown output, a missing path, a repo-mode flag", () => {
    const dir = files({ "a.yaml": GOOD });
    for (const args of [["--output", "xml", dir], [join(dir, "missing.yaml")], ["--env", "dev", dir], ["--bogus", dir]]) {
      const r = cli(REPO_ROOT, ["validate", ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("usage: npm run validate");
    }
  });
});
