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
