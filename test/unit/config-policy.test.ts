/**
 * Issue 13, item 4: a securityContext that breaks an environment's Pod Security level is refused at gen time,
 * located in gitops.config.yaml, one finding per config line listing the environments it breaks.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderFromConfigText } from "../../generator/pipeline.js";
import { FIX, genFindings, MINIMAL_CONFIG } from "../helpers/config.js";
import { fixtureConfigs } from "../helpers/fixture-configs.js";

const findings = genFindings;

const SIDECAR = "    sidecars:\n      - type: date-logger\n        volume: html\n        mountPath: /var/log\n";
const VOLUMES = "    volumes:\n      - name: html\n";
const MOUNTED = MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      mounts: [{ volume: html, mountPath: /usr/share/nginx/html, readOnly: true }]\n");
const withSidecar = (security: string, envs = "") => MOUNTED + SIDECAR + security + VOLUMES + envs;

describe("Pod Security at gen time, located in the config", () => {
  it("allowPrivilegeEscalation: true on a sidecar: one finding at that line, naming every environment it breaks", () => {
    const ds = findings(withSidecar("        securityContext:\n          allowPrivilegeEscalation: true\n"));
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ file: "gitops.config.yaml", line: 19, col: 37, pointer: "/apps/0/sidecars/0/securityContext/allowPrivilegeEscalation", code: "POL001" });
    expect(ds[0]!.message).toBe('pss-privilege-escalation: container "date-logger" must set allowPrivilegeEscalation: false; breaks dev, prod, staging (Pod Security "restricted")');
    expect(ds[0]!.hint).toMatch(FIX);
    expect(ds[0]!.hint).toMatch(/^write allowPrivilegeEscalation: false/);
  });

  it("runAsUser: 0 on the main container and on the pod, each at its own line", () => {
    const text = MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      securityContext: { runAsUser: 0 }\n") + "    securityContext:\n      runAsUser: 0\n";
    const ds = findings(text);
    expect(ds.map((d) => [d.pointer, d.line])).toEqual([
      ["/apps/0/main/securityContext/runAsUser", 10],
      ["/apps/0/securityContext/runAsUser", 15],
    ]);
    expect(ds.every((d) => d.message.startsWith("pss-run-as-user: ") && d.message.endsWith('breaks dev, prod, staging (Pod Security "restricted")'))).toBe(true);
    expect(ds[0]!.hint).toMatch(/^write a non-zero UID, e\.g\. runAsUser: 101/);
  });

  it("lists only the environments it breaks: not a baseline one, not one that ignores the rule, not one without the sidecar", () => {
    const envs =
      "environments:\n  dev: { podSecurity: baseline }\n  qa: { policy: { ignore: [pss-privilege-escalation] } }\n  staging: {}\n" +
      "  prod:\n    apps:\n      web:\n        containers:\n          date-logger: { enabled: false }\n  uat:\n    apps:\n      web: { sidecarMode: classic }\n";
    const ds = findings(withSidecar("        securityContext: { allowPrivilegeEscalation: true }\n", envs));
    expect(ds).toHaveLength(1);
    expect(ds[0]!.message).toMatch(/; breaks staging, uat \(Pod Security "restricted"\)$/);
  });

  it("one finding for a line that breaks two rules (an added capability)", () => {
    const ds = findings(MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      securityContext: { capabilities: { add: [NET_ADMIN] } }\n"));
    expect(ds).toHaveLength(1);
    expect(ds[0]!.pointer).toBe("/apps/0/main/securityContext/capabilities/add/0");
    expect(ds[0]!.message).toMatch(/^pss-capabilities-baseline: .*; pss-capabilities: .*; breaks dev, prod, staging/);
  });

  it("names each level when environments differ", () => {
    const envs = "environments:\n  dev: { podSecurity: baseline }\n  prod: {}\n";
    const ds = findings(MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      securityContext: { capabilities: { add: [NET_ADMIN] } }\n") + envs);
    expect(ds[0]!.message).toMatch(/breaks dev \(Pod Security "baseline"\); prod \(Pod Security "restricted"\)$/);
  });

  it("passes every example and fixture config (they keep their environments' levels)", () => {
    const root = new URL("../../", import.meta.url).pathname;
    for (const f of readdirSync(join(root, "examples")).filter((n) => n.endsWith(".yaml")).map((n) => `examples/${n}`)) {
      expect(() => renderFromConfigText(f, readFileSync(join(root, f), "utf8")), f).not.toThrow();
    }
    const fixtures = Object.entries(fixtureConfigs());
    expect(fixtures.map(([name]) => name)).toEqual(expect.arrayContaining(["four-apps", "reference"]));
    for (const [name, text] of fixtures) expect(() => renderFromConfigText("gitops.config.yaml", text), name).not.toThrow();
  });

  it("keeps validate/ independent of model/ and render/ (the mapping lives in generator/config-policy.ts)", () => {
    const dir = new URL("../../generator/validate/", import.meta.url).pathname;
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    for (const file of walk(dir).filter((f) => f.endsWith(".ts"))) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/from "(\.\.\/)+(model|render|pipeline|config-policy)[/.]/);
    }
  });
});

/** Issue 23: every rule `validate` applies to a workload runs at gen, located in the config, with exceptions per app. */
describe("the operational rules at gen time, located in the config", () => {
  const READINESS_ONLY = MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      probes:\n        readiness: { httpGet: { path: / } }\n");

  it("a readiness probe only: one finding at apps[].main.probes, naming every environment", () => {
    const ds = findings(READINESS_ONLY);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ line: 10, col: 7, pointer: "/apps/0/main/probes", code: "POL001" });
    expect(ds[0]!.message).toBe('probes: main container "app" has no livenessProbe; breaks dev, prod, staging');
    expect(ds[0]!.hint).toMatch(FIX);
    expect(ds[0]!.hint).toContain("apps[0].policy.ignore: [{ rule: probes, reason: \"…\" }]");
  });

  it("an environment that does not require probes is not listed; one that skips the rule for the app either", () => {
    const envs = "environments:\n  dev: { policy: { requireProbes: false } }\n  staging:\n    apps:\n      web:\n        policy:\n          ignore: [{ rule: probes, reason: staging has no traffic }]\n  prod: {}\n";
    const ds = findings(READINESS_ONLY + envs);
    expect(ds.map((d) => d.message)).toEqual(['probes: main container "app" has no livenessProbe; breaks prod']);
  });

  it("apps[].policy.ignore with a reason skips the rule in every environment", () => {
    expect(findings(READINESS_ONLY + "    policy:\n      ignore:\n        - rule: probes\n          reason: nginx restarts itself\n")).toEqual([]);
  });

  it("a rule id that does not exist is POL002 at its line, with a guess", () => {
    const ds = findings(READINESS_ONLY + "    policy:\n      ignore:\n        - rule: probe\n          reason: typo\nenvironments:\n  dev: { policy: { ignore: [pss-seccom] } }\n");
    expect(ds.filter((d) => d.code === "POL002").map((d) => [d.pointer, d.line, d.message, d.hint])).toEqual([
      ["/apps/0/policy/ignore/0/rule", 17, 'no policy rule "probe"', "did you mean probes? (rules: docs/policy.md)"],
      ["/environments/dev/policy/ignore/0", 20, 'no policy rule "pss-seccom"', "did you mean pss-seccomp? (rules: docs/policy.md)"],
    ]);
  });

  it("an environment's resource override that leaves a limit out is still complete after the merge (no finding)", () => {
    const envs = "environments:\n  prod:\n    apps:\n      web:\n        containers:\n          app: { resources: { limits: { memory: 128Mi } } }\n";
    expect(findings(MINIMAL_CONFIG + envs)).toEqual([]);
  });
});

describe("moving tags in protected environments", () => {
  const DIGEST = `sha256:${"ab".repeat(32)}`;
  const tagged = (tag: string, envs: string) => MINIMAL_CONFIG.replace('      tag: "1.27.4-alpine"\n', `      tag: ${tag}\n`) + envs;

  it("the container's own tag: reported at it, for prod only (protected by default)", () => {
    const ds = findings(tagged("main", "environments:\n  dev: {}\n  prod: {}\n"));
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ line: 8, col: 12, pointer: "/apps/0/main/tag", code: "POL001" });
    expect(ds[0]!.message).toBe('mutable-tag: container "app" image nginxinc/nginx-unprivileged:main uses tag main, which moves: what runs would change without a commit; breaks prod (protected)');
    expect(ds[0]!.hint).toMatch(/^pin the image: write a version tag/);
  });

  it("an environment's tag: reported at the environment's line", () => {
    const ds = findings(MINIMAL_CONFIG + "environments:\n  production:\n    apps:\n      web:\n        containers:\n          app: { tag: Stable }\n");
    expect(ds.map((d) => [d.pointer, d.line])).toEqual([["/environments/production/apps/web/containers/app/tag", 18]]);
  });

  it.each([
    ["pinned by the container's digest", `main\n      digest: "${DIGEST}"`, "environments:\n  prod: {}\n"],
    ["pinned by the environment's digest", "main", `environments:\n  prod: { apps: { web: { containers: { app: { digest: "${DIGEST}" } } } } }\n`],
    ["not protected", "main", "environments:\n  prod: { protected: false }\n"],
    ["a version tag", '"1.27.4"', "environments:\n  prod: {}\n"],
    ["skipped for the app in prod, with a reason", "edge", "environments:\n  prod: { apps: { web: { policy: { ignore: [{ rule: mutable-tag, reason: canary of edge builds }] } } } }\n"],
  ])("accepted when %s", (_why, tag, envs) => {
    expect(findings(tagged(tag, envs))).toEqual([]);
  });

  it("the environment's own globs (policy.mutableTags) and a protected environment of another name", () => {
    const envs = 'environments:\n  live:\n    protected: true\n    policy: { mutableTags: ["nightly-*", "*-snapshot"] }\n  qa: { policy: { mutableTags: ["nightly-*"] } }\n';
    expect(findings(tagged("nightly-2024", envs)).map((d) => d.message)).toEqual([expect.stringMatching(/uses tag nightly-2024, which moves.*; breaks live \(protected\)$/)]);
    expect(findings(tagged("1.0-snapshot", envs))).toHaveLength(1);
    expect(findings(tagged("1.0-snapshots", envs))).toEqual([]);
  });
});
