import { describe, expect, it } from "vitest";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText, SIDECAR } from "../../helpers/config.js";


describe("buildModel", () => {
  it("applies safe defaults: restricted security, recommended labels, selector without version", () => {
    const model = modelFromText(MINIMAL_CONFIG + SIDECAR);
    const app = model.apps[0]!;
    expect(app.kind).toBe("Deployment");
    expect(app.containers.map((c) => [c.name, c.role])).toEqual([["app", "main"], ["side", "sidecar"]]);
    for (const c of app.containers) {
      expect(c.security).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(c.security.capabilities.drop).toEqual(["ALL"]);
    }
    expect(app.selectorLabels).toEqual({ "app.kubernetes.io/instance": "web", "app.kubernetes.io/name": "web" });
    expect(app.labels).toMatchObject({
      "app.kubernetes.io/managed-by": "sidecar-gitops",
      "app.kubernetes.io/part-of": "demo",
    });
    // The version only on the workload and its pods (README "Labels").
    expect(app.labels).not.toHaveProperty(["app.kubernetes.io/version"]);
    expect(app.workloadLabels).toEqual({ ...app.labels, "app.kubernetes.io/version": "1.27.4-alpine" });
    expect(Object.keys(app.labels)).toEqual([...Object.keys(app.labels)].sort());
    expect(Object.keys(app.workloadLabels)).toEqual([...Object.keys(app.workloadLabels)].sort());
  });

  it("gives each environment a default namespace and the environment label, sorted by name", () => {
    const model = modelFromText(MINIMAL_CONFIG);
    expect(model.environments.map((e) => [e.name, e.namespace, e.labels.environment])).toEqual([
      ["dev", "demo-dev", "dev"],
      ["prod", "demo-prod", "prod"],
      ["staging", "demo-staging", "staging"],
    ]);
  });

  it("carries per-environment tags, replicas and the config keys to merge", () => {
    const text =
      MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n") +
      SIDECAR +
      `    config:
      data: { A: "1", B: "2" }
environments:
  prod:
    replicas: 3
    apps:
      web:
        containers:
          side: { tag: "1.36.1" }
        config:
          data: { B: "20", C: "30" }
`;
    const prod = modelFromText(text).environments[0]!;
    const web = prod.apps[0]!;
    expect(web.replicas).toBe(3);
    expect(web.version).toBe("1.27.4-alpine");
    expect(web.images.find((i) => i.container === "side")!.tag).toBe("1.36.1");
    expect(web.configData).toEqual([["B", "20"], ["C", "30"]]);
  });

  it("is independent of key order in the config", () => {
    const a = modelFromText(MINIMAL_CONFIG + "environments:\n  b: {}\n  a: { labels: { y: '1', x: '2' } }\n");
    const b = modelFromText(MINIMAL_CONFIG + "environments:\n  a: { labels: { x: '2', y: '1' } }\n  b: {}\n");
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it.each([
    [
      "a duplicate container name",
      MINIMAL_CONFIG + SIDECAR.replace("name: side", "name: app"),
      /^gitops\.config\.yaml:15:\d+: error MDL001 \/apps\/0\/sidecars\/0\/name: duplicate container name "app" in app "web"/,
    ],
    [
      "a mount of an undeclared volume",
      MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      mounts: [{ volume: nope, mountPath: /x }]\n"),
      /error MDL001 \/apps\/0\/main\/mounts\/0\/volume: mount refers to unknown volume "nope"/,
    ],
    [
      "replicas on a Pod",
      MINIMAL_CONFIG.replace("  - name: web\n", "  - name: web\n    kind: Pod\n    replicas: 2\n"),
      /error MDL001 \/apps\/0\/replicas: a Pod app runs exactly one pod/,
    ],
    [
      "an override of an unknown app, at its key",
      MINIMAL_CONFIG + "environments:\n  dev:\n    apps:\n      api: {}\n",
      /^gitops\.config\.yaml:16:7: error MDL001 \/environments\/dev\/apps\/api: environment "dev" overrides unknown app "api"\n  hint: use one of: web$/,
    ],
    [
      "an override of an unknown container",
      MINIMAL_CONFIG + "environments:\n  dev:\n    apps:\n      web:\n        containers:\n          nginx: { tag: '1' }\n",
      /error MDL001 \/environments\/dev\/apps\/web\/containers\/nginx: app "web" has no container "nginx"\n  hint: use one of: app/,
    ],
    [
      "a config override on an app without config",
      MINIMAL_CONFIG + "environments:\n  dev:\n    apps:\n      web:\n        config: { data: { A: b } }\n",
      /error MDL001 \/environments\/dev\/apps\/web\/config: app "web" has no config to override/,
    ],
    [
      "an app name that starts with a digit",
      MINIMAL_CONFIG.replace("  - name: web", "  - name: 1web"),
      /error MDL001 \/apps\/0\/name: app name "1web" must start with a letter/,
    ],
  ])("reports %s with its location", (_name, text, expected) => {
    const out = diagnosticsOf(() => modelFromText(text));
    expect(out[0]).toMatch(expected);
  });

  it("runs sidecars natively from Kubernetes 1.29, classic before, and per app or environment on request", () => {
    expect(modelFromText(MINIMAL_CONFIG + SIDECAR).apps[0]!.sidecarMode).toBe("native");
    const old = MINIMAL_CONFIG.replace("  name: demo\n", '  name: demo\n  kubernetesVersion: "1.28"\n') + SIDECAR;
    expect(modelFromText(old).apps[0]!.sidecarMode).toBe("classic");
    const mixed = modelFromText(MINIMAL_CONFIG + SIDECAR + "environments:\n  dev:\n    apps:\n      web: { sidecarMode: classic, containers: { side: { enabled: false } } }\n");
    expect(mixed.environments[0]).toMatchObject({ apps: [{ sidecarMode: "classic", disabledSidecars: ["side"] }] });
  });

  it.each([
    [
      "native sidecars on Kubernetes 1.28",
      MINIMAL_CONFIG.replace("  name: demo\n", '  name: demo\n  kubernetesVersion: "1.28"\n').replace("  - name: web\n", "  - name: web\n    sidecarMode: native\n"),
      /error MDL001 \/apps\/0\/sidecarMode: native sidecars need Kubernetes 1\.29 or newer/,
    ],
    [
      "a disabled main container",
      MINIMAL_CONFIG + "environments:\n  dev:\n    apps:\n      web:\n        containers:\n          app: { enabled: false }\n",
      /error MDL001 \/environments\/dev\/apps\/web\/containers\/app\/enabled: the main container "app" cannot be disabled/,
    ],
  ])("reports %s", (_name, text, expected) => {
    expect(diagnosticsOf(() => modelFromText(text))[0]).toMatch(expected);
  });

  it("reports every cross-field problem at once", () => {
    const text = MINIMAL_CONFIG + SIDECAR.replace("name: side", "name: app") + "environments:\n  dev:\n    apps:\n      api: {}\n";
    expect(diagnosticsOf(() => modelFromText(text))).toHaveLength(2);
  });
});
