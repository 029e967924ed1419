import { describe, expect, it } from "vitest";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";
import { appOf, classic, containerOf, podSpecOf, renderedContainer, withMainMounts } from "./helpers.js";

const MAIN = withMainMounts("{ volume: logs, mountPath: /var/log/nginx }");
/** Lines 15-28: sidecars, the item and its fields, then volumes. */
const DEFAULT = MAIN + `    sidecars:
      - type: custom
        name: tailer
        image: ghcr.io/example/tailer
        tag: "2.1.0"
        command: ["/bin/tailer"]
        args: ["--dir", "/logs"]
        env: { Z: "1", A: "2" }
        ports: [{ name: tail-metrics, containerPort: 9100 }]
        mounts: [{ volume: logs, mountPath: /logs, readOnly: true }]
        resources:
          requests: { cpu: 5m, memory: 8Mi }
          limits: { memory: 16Mi }
    volumes:
      - name: logs
`;

describe("custom sidecar", () => {
  it("is exactly as configured, with the safe security defaults and no user of its own", () => {
    const c = containerOf(DEFAULT, "tailer");
    expect(c).toEqual({
      name: "tailer",
      role: "sidecar",
      sidecarType: "custom",
      enabledByDefault: true,
      optional: true,
      image: "ghcr.io/example/tailer",
      tag: "2.1.0",
      imagePullPolicy: "IfNotPresent",
      command: ["/bin/tailer"],
      args: ["--dir", "/logs"],
      env: [["A", "2"], ["Z", "1"]],
      resources: { requests: { cpu: "5m", memory: "8Mi" }, limits: { memory: "16Mi" } },
      mounts: [{ volume: "logs", mountPath: "/logs", readOnly: true }],
      security: { readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"], add: [] } },
      ports: [{ name: "tail-metrics", containerPort: 9100 }],
      probes: {},
      envFromConfig: false,
      envFrom: [],
    });
  });

  it("adds no volume, ConfigMap, main mount, Service port, annotation or shared process namespace", () => {
    const app = appOf(DEFAULT);
    expect(app.volumes).toEqual([{ name: "logs", emptyDir: { medium: "" } }]);
    expect(app.configMaps).toEqual([]);
    expect(app.containers[0]!.mounts).toEqual([{ volume: "logs", mountPath: "/var/log/nginx", readOnly: false }]);
    expect(app.service!.extraPorts).toEqual([]);
    expect(app.podAnnotations).toEqual({});
    expect(app.shareProcessNamespace).toBe(false);
  });

  it("does not need the main container to mount the volumes it mounts", () => {
    const text = DEFAULT.replace("      mounts:\n        - { volume: logs, mountPath: /var/log/nginx }\n", "");
    expect(appOf(text).containers[0]!.mounts).toEqual([]);
  });

  it("takes its securityContext, digest and pull policy from the config", () => {
    const digest = "sha256:" + "b".repeat(64);
    const text = DEFAULT.replace(
      '        tag: "2.1.0"\n',
      `        tag: "2.1.0"\n        digest: "${digest}"\n        imagePullPolicy: Always\n        securityContext: { runAsUser: 1234, runAsGroup: 1234, capabilities: { add: [NET_BIND_SERVICE] } }\n`,
    );
    const c = containerOf(text, "tailer");
    expect(c).toMatchObject({ digest, imagePullPolicy: "Always" });
    expect(c.security).toEqual({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
      runAsUser: 1234,
      runAsGroup: 1234,
    });
  });

  it("renders as a native sidecar (restartPolicy Always), or a regular container in classic mode", () => {
    const native = renderedContainer(podSpecOf(DEFAULT), "tailer");
    expect(native.list).toBe("initContainers");
    expect(native.container).toEqual({
      name: "tailer",
      image: "ghcr.io/example/tailer:2.1.0",
      imagePullPolicy: "IfNotPresent",
      restartPolicy: "Always",
      command: ["/bin/tailer"],
      args: ["--dir", "/logs"],
      ports: [{ name: "tail-metrics", containerPort: 9100, protocol: "TCP" }],
      env: [{ name: "A", value: "2" }, { name: "Z", value: "1" }],
      resources: { requests: { cpu: "5m", memory: "8Mi" }, limits: { memory: "16Mi" } },
      volumeMounts: [{ name: "logs", mountPath: "/logs", readOnly: true }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true },
    });
    const spec = podSpecOf(classic(DEFAULT));
    expect(spec.initContainers).toBeUndefined();
    const old = renderedContainer(spec, "tailer");
    expect(old.list).toBe("containers");
    expect(old.container.restartPolicy).toBeUndefined();
  });

  it("classic mode on Kubernetes before 1.29 by default", () => {
    const text = DEFAULT.replace("  name: demo\n", '  name: demo\n  kubernetesVersion: "1.28"\n');
    expect(renderedContainer(podSpecOf(text), "tailer").list).toBe("containers");
  });

  it("enabled: false removes it in every environment that does not enable it", () => {
    const text = DEFAULT.replace("        name: tailer\n", "        name: tailer\n        enabled: false\n") +
      "environments:\n  dev:\n    apps:\n      web:\n        containers:\n          tailer: { enabled: true }\n  prod: {}\n";
    const model = modelFromText(text);
    expect(model.apps[0]!.containers[1]).toMatchObject({ enabledByDefault: false, optional: true });
    expect(model.environments.map((e) => [e.name, e.apps[0]!.disabledSidecars])).toEqual([["dev", []], ["prod", ["tailer"]]]);
  });

  it("reports a port on the main port and a mount of an undeclared volume, at the list items", () => {
    const text = DEFAULT.replace("containerPort: 9100", "containerPort: 8080").replace("mounts: [{ volume: logs, mountPath: /logs", "mounts: [{ volume: nope, mountPath: /logs");
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:23:54: error MDL001 /apps/0/sidecars/0/ports/0/containerPort: port 8080 is already used by the main container "app"\n' +
        "  hint: give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments",
      'gitops.config.yaml:24:28: error MDL001 /apps/0/sidecars/0/mounts/0/volume: mount refers to unknown volume "nope"\n' +
        "  hint: declare it under apps[0].volumes, e.g. { name: nope, configMap: { files: [...] } } (a volume takes one of: emptyDir, configMap, secret, persistentVolumeClaim, projected, downwardAPI), or use one of: logs",
    ]);
  });

  it("requires name, image, tag and resources; no catalog defaults (CFG012)", () => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + "    sidecars:\n      - type: custom\n"));
    expect(out.map((d) => d.split("\n")[0])).toEqual(
      ["name", "image", "tag", "resources"].map((k) => `gitops.config.yaml:14:9: error CFG012 /apps/0/sidecars/0: missing required key "${k}"`),
    );
  });

  it("rejects the catalog entries' own keys (CFG011)", () => {
    const out = diagnosticsOf(() => modelFromText(DEFAULT.replace("        name: tailer\n", "        name: tailer\n        volume: logs\n")));
    expect(out).toEqual([expect.stringMatching(/^gitops\.config\.yaml:18:9: error CFG011 \/apps\/0\/sidecars\/0\/volume: unknown key "volume"/)]);
  });
});
