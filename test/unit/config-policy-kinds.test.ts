/**
 * gen's policy and API-server checks (config-policy.ts) on the new workload kinds: each kind's pod is found
 * where the kind keeps it and a finding is located in the config; a StatefulSet's claim template counts as a
 * volume of its pods (the controller adds it), as the server's own StatefulSet validation allows.
 */
import { describe, expect, it } from "vitest";
import { checkSemantics } from "../../generator/validate/semantic/index.js";
import { formatFieldError } from "../../generator/validate/semantic/field-errors.js";
import { genFindings, MINIMAL_CONFIG } from "../helpers/config.js";
import { formatDiagnostic } from "../../generator/diagnostics/diagnostic.js";

const asKind = (kind: string, extra = "") => MINIMAL_CONFIG.replace("  - name: web\n", `  - name: web\n    kind: ${kind}\n${extra}`);
const root = (text: string) => text.replace("      port: 8080\n", "      port: 8080\n      securityContext: { runAsUser: 0 }\n");

describe("gen's checks on each kind's pod", () => {
  it.each([
    ["StatefulSet", ""],
    ["DaemonSet", ""],
    ["Job", ""],
    ["CronJob", "    cronJob: { schedule: 0 3 * * * }\n"],
  ])("%s: a root user breaks restricted, located at the config line", (kind, extra) => {
    const out = genFindings(root(asKind(kind, extra))).map(formatDiagnostic);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/error POL001 \/apps\/0\/main\/securityContext\/runAsUser: pss-run-as-user: .* breaks dev, prod, staging \(Pod Security "restricted"\)/);
  });

  it("a StatefulSet's container mounting a claim template passes; a mount of neither a volume nor a claim is refused", () => {
    const withMount = (volume: string) =>
      asKind("StatefulSet", "    statefulSet: { volumeClaimTemplates: [{ name: data, size: 1Gi }] }\n").replace("      port: 8080\n", `      port: 8080\n      mounts: [{ volume: ${volume}, mountPath: /data }]\n`);
    expect(genFindings(withMount("data"))).toEqual([]);
    expect(genFindings(withMount("nope")).map(formatDiagnostic)[0]).toMatch(/error MDL001 \/apps\/0\/main\/mounts\/0\/volume: mount refers to unknown volume "nope"\n  hint: declare it under apps\[0\]\.volumes, e\.g\. .*, or use one of: data/);
  });
});

describe("the API server's StatefulSet rules (validate/semantic)", () => {
  const sts = (claims: string[]) => ({
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "db" },
    spec: {
      serviceName: "db",
      selector: { matchLabels: { app: "db" } },
      template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "db", image: "db:1", volumeMounts: [{ name: "data", mountPath: "/data" }] }] } },
      volumeClaimTemplates: claims.map((name) => ({ metadata: { name }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } } })),
    },
  });

  it("a mount of a claim template is a mount of a volume the pods will have", () => {
    expect(checkSemantics(sts(["data"])).map(formatFieldError)).toEqual([]);
  });

  it("a mount of neither is refused, in the server's words", () => {
    expect(checkSemantics(sts(["other"])).map(formatFieldError)).toEqual(['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"']);
  });
});
