/**
 * Issue 21's pod features in the model: volumes of every source, downward-API env, custom sidecar probes,
 * per-environment args/env/envFrom, pod settings, quantities as numbers, and the located errors of each.
 */
import { describe, expect, it } from "vitest";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText, renderFromText } from "../../helpers/config.js";

const withSidecar = (sidecar: string, extra = "") => `${MINIMAL_CONFIG}    sidecars:\n${sidecar}${extra}`;
const PROXY = `      - type: custom
        name: proxy
        image: example.com/proxy
        tag: "1.0.0"
        ports: [{ name: proxy, containerPort: 9000 }]
        resources: { requests: { cpu: 10m, memory: 16Mi }, limits: { cpu: 100m, memory: 64Mi } }
`;

describe("pod features", () => {
  it("a mount of an undeclared volume names every volume source in its hint (no circular hint)", () => {
    const text = withSidecar(PROXY.replace("        ports:", "        mounts: [{ volume: otel-config, mountPath: /etc/otel }]\n        ports:"));
    const [first] = diagnosticsOf(() => modelFromText(text));
    expect(first).toMatch(/MDL001 \/apps\/0\/sidecars\/0\/mounts\/0\/volume: mount refers to unknown volume "otel-config"/);
    expect(first).toMatch(/hint: declare it under apps\[0\]\.volumes, e\.g\. \{ name: otel-config, configMap: \{ files: \[\.\.\.\] \} \} \(a volume takes one of: emptyDir, configMap, secret, persistentVolumeClaim, projected, downwardAPI\)/);
  });

  it("a configMap volume from a repository file becomes a hashed generator, mounted by a sidecar, with the checksum", () => {
    const text = withSidecar(PROXY.replace("        ports:", "        mounts: [{ volume: conf, mountPath: /etc/proxy, readOnly: true }]\n        ports:"), "    volumes:\n      - name: conf\n        configMap: { files: [examples/otel-collector/collector.yaml], data: { extra.txt: hi } }\n");
    const model = modelFromText(text);
    const app = model.apps[0]!;
    expect(app.volumes.find((v) => v.name === "conf")).toEqual({ name: "conf", configMap: { name: "web-conf" } });
    const cm = app.configMaps.find((c) => c.name === "web-conf")!;
    expect(cm.hashed).toBe(true);
    expect(cm.files.map(([k]) => k)).toEqual(["collector.yaml", "extra.txt"]);
    expect(cm.files[0]![1]).toContain("receivers:");
    expect(app.configChecksum).toMatch(/^[0-9a-f]{64}$/);
    const kustomization = renderFromText(text).find((f) => f.path === "base/web/kustomization.yaml")!.content;
    expect(kustomization).toContain("- name: web-conf\n    files:\n      - volume-conf/collector.yaml\n      - volume-conf/extra.txt");
  });

  it("a missing repository file is a located CFG043, nothing rendered", () => {
    const text = MINIMAL_CONFIG + "    volumes:\n      - name: conf\n        configMap: { files: [no/such/file.yaml] }\n";
    const [first] = diagnosticsOf(() => modelFromText(text));
    expect(first).toMatch(/^gitops\.config\.yaml:\d+:\d+: error CFG043 \/apps\/0\/volumes\/0\/configMap\/files\/0: file no\/such\/file\.yaml does not exist/);
  });

  it("a path leaving the config's folder is refused by the schema", () => {
    const text = MINIMAL_CONFIG + "    volumes:\n      - name: conf\n        configMap: { files: [../etc/passwd] }\n";
    expect(diagnosticsOf(() => modelFromText(text))[0]).toMatch(/CFG016 \/apps\/0\/volumes\/0\/configMap\/files\/0/);
  });

  it("a volume with two sources, a secret volume of an unknown secret, a volume resourceFieldRef without container: located", () => {
    const text = MINIMAL_CONFIG + `    volumes:
      - { name: a, emptyDir: {}, persistentVolumeClaim: { claimName: data } }
      - { name: b, secret: { secret: nope } }
      - name: c
        downwardAPI: { items: [{ path: mem, resourceFieldRef: { resource: limits.memory } }] }
`;
    const out = diagnosticsOf(() => modelFromText(text));
    expect(out.join("\n")).toMatch(/\/apps\/0\/volumes\/0: volume "a" has 2 sources \(emptyDir, persistentVolumeClaim\)/);
    expect(out.join("\n")).toMatch(/\/apps\/0\/volumes\/1\/secret\/secret: unknown secret "nope"/);
    expect(out.join("\n")).toMatch(/\/apps\/0\/volumes\/2\/downwardAPI\/items\/0\/resourceFieldRef: a resourceFieldRef in a volume names its container/);
  });

  it("quantities written as numbers render as the API server's canonical strings", () => {
    const text = MINIMAL_CONFIG.replace("cpu: 10m, memory: 16Mi", "cpu: 0.5, memory: 1e9").replace("cpu: 100m, memory: 64Mi", "cpu: 2, memory: 2000000000");
    const main = modelFromText(text).apps[0]!.containers[0]!;
    expect(main.resources).toEqual({ requests: { cpu: "500m", memory: "1G" }, limits: { cpu: "2", memory: "2G" } });
  });

  it("two sidecars on one port are refused only when some environment runs both", () => {
    const twin = PROXY.replace("name: proxy\n", "name: proxy-b\n").replace("name: proxy,", "name: proxy-b,");
    const apart = withSidecar(PROXY.replace("ports:", "enabled: false\n        ports:") + twin.replace("ports:", "enabled: false\n        ports:"), "environments:\n  dev: { apps: { web: { containers: { proxy: { enabled: true } } } } }\n  prod: { apps: { web: { containers: { proxy-b: { enabled: true } } } } }\n");
    expect(() => modelFromText(apart)).not.toThrow();
    const together = apart.replace("proxy: { enabled: true }", "proxy: { enabled: true }, proxy-b: { enabled: true }");
    expect(diagnosticsOf(() => modelFromText(together))[0]).toMatch(/\/apps\/0\/sidecars\/1\/ports\/0\/containerPort: port 9000 is already used by sidecar "proxy"/);
  });

  it("a custom sidecar's probe goes to its first port by name; without ports it must name one", () => {
    const probed = modelFromText(withSidecar(PROXY + "        probes: { startup: { tcpSocket: {} } }\n")).apps[0]!.containers[1]!;
    expect(probed.probes.startup?.handler).toEqual({ kind: "tcpSocket", port: "proxy" });
    const portless = withSidecar(PROXY.replace("        ports: [{ name: proxy, containerPort: 9000 }]\n", "") + "        probes: { readiness: { httpGet: { path: /ready } } }\n");
    expect(diagnosticsOf(() => modelFromText(portless))[0]).toMatch(/\/apps\/0\/sidecars\/0\/probes\/readiness: the readiness probe of sidecar "proxy" names no port/);
  });

  it("per-environment args, env (downward API) and envFrom land in the environment's container patch", () => {
    const text = withSidecar(PROXY, `    secrets:
      - name: db
        envFrom: true
        externalSecret: { store: vault, data: { PASSWORD: { remoteKey: db } } }
environments:
  prod:
    apps:
      web:
        containers:
          proxy:
            args: ["--instance=prod"]
            env: { POD: { fieldRef: metadata.name } }
            envFrom: [{ secret: db, prefix: DB_ }]
`);
    const patch = renderFromText(text).find((f) => f.path === "overlays/prod/web/patches/containers.yaml")!.content;
    expect(patch).toContain("- name: proxy\n          args:\n            - --instance=prod\n          env:\n            - name: POD\n              valueFrom:\n                fieldRef:\n                  fieldPath: metadata.name\n          envFrom:\n            - prefix: DB_\n              secretRef:\n                name: web-db");
    const unknown = text.replace("{ secret: db, prefix: DB_ }", "{ secret: nope }");
    expect(diagnosticsOf(() => modelFromText(unknown))[0]).toMatch(/\/environments\/prod\/apps\/web\/containers\/proxy\/envFrom\/0\/secret: unknown secret "nope"/);
  });

  it("rollout on a Pod app is refused where it is written", () => {
    const text = MINIMAL_CONFIG.replace("  - name: web\n", "  - name: web\n    kind: Pod\n    rollout: { maxSurge: 1 }\n");
    expect(diagnosticsOf(() => modelFromText(text))[0]).toMatch(/MDL001 \/apps\/0\/rollout: a Pod app has no rollout/);
  });
});
