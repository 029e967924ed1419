import { describe, expect, it } from "vitest";
import { CATALOG_IMAGES } from "../../../generator/catalog/images.js";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";
import { appOf, classic, containerOf, podSpecOf, renderedContainer, withMainMounts, restrictedAs } from "./helpers.js";

const MAIN = withMainMounts("{ volume: html, mountPath: /usr/share/nginx/html }");
const VOLUMES = `    volumes:
      - name: html
`;
const DEFAULT = MAIN + `    sidecars:
      - type: date-logger
        volume: html
` + VOLUMES;

describe("date-logger", () => {
  it("adds a busybox container appending date to index.html in the shared volume, as busybox's non-root user", () => {
    const c = containerOf(DEFAULT, "date-logger");
    expect(c).toMatchObject({
      role: "sidecar",
      sidecarType: "date-logger",
      image: CATALOG_IMAGES.busybox.image,
      tag: CATALOG_IMAGES.busybox.tag,
      imagePullPolicy: "IfNotPresent",
      command: ["/bin/sh", "-c"],
      args: ["while true; do date >> /var/log/index.html; sleep 5; done"],
      ports: [],
      probes: {},
      env: [],
      mounts: [{ volume: "html", mountPath: "/var/log", readOnly: false }],
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
      enabledByDefault: true,
      optional: true,
    });
    expect(c.digest).toBeUndefined();
    expect(c.security).toEqual(restrictedAs(65534, 65534));
  });

  it("adds no volume, ConfigMap, main mount, Service port or pod annotation of its own", () => {
    const app = appOf(DEFAULT);
    expect(app.volumes).toEqual([{ name: "html", emptyDir: { medium: "" } }]);
    expect(app.configMaps).toEqual([]);
    expect(app.containers[0]!.mounts).toEqual([{ volume: "html", mountPath: "/usr/share/nginx/html", readOnly: false }]);
    expect(app.service!.extraPorts).toEqual([]);
    expect(app.podAnnotations).toEqual({});
    expect(app.shareProcessNamespace).toBe(false);
  });

  it("takes its mount path, file and interval from the config", () => {
    const text = MAIN + `    sidecars:
      - type: date-logger
        volume: html
        mountPath: /data//
        file: now.txt
        intervalSeconds: 60
` + VOLUMES;
    const c = containerOf(text, "date-logger");
    expect(c.args).toEqual(["while true; do date >> /data/now.txt; sleep 60; done"]);
    expect(c.mounts).toEqual([{ volume: "html", mountPath: "/data//", readOnly: false }]);
  });

  it("applies overrides: name, image, tag, digest, pull policy, env, securityContext", () => {
    const digest = "sha256:" + "a".repeat(64);
    const text = MAIN + `    sidecars:
      - type: date-logger
        name: clock
        volume: html
        image: registry.example.com/mirror/busybox
        tag: "1.36.1"
        digest: "${digest}"
        imagePullPolicy: Always
        env: { TZ: UTC, A: "1" }
        securityContext: { runAsUser: 1000, readOnlyRootFilesystem: false }
` + VOLUMES;
    const c = containerOf(text, "clock");
    expect(c).toMatchObject({ image: "registry.example.com/mirror/busybox", tag: "1.36.1", digest, imagePullPolicy: "Always" });
    expect(c.env).toEqual([["A", "1"], ["TZ", "UTC"]]);
    // The user is the config's; the group stays the image's unless given too.
    expect(c.security).toMatchObject({ runAsUser: 1000, runAsGroup: 65534, readOnlyRootFilesystem: false, runAsNonRoot: true });
    const rendered = renderedContainer(podSpecOf(text), "clock").container;
    expect(rendered.image).toBe(`registry.example.com/mirror/busybox:1.36.1@${digest}`);
  });

  it("replaces requests and limits as a whole each, never merging keys with the defaults", () => {
    const text = MAIN + `    sidecars:
      - type: date-logger
        volume: html
        resources:
          requests: { cpu: 1m }
` + VOLUMES;
    // memory is not carried over from the default requests; the default limits stay.
    expect(containerOf(text, "date-logger").resources).toEqual({ requests: { cpu: "1m" }, limits: { cpu: "50m", memory: "32Mi" } });
    const both = text.replace("          requests: { cpu: 1m }\n", "          requests: { memory: 8Mi }\n          limits: { memory: 8Mi }\n");
    expect(containerOf(both, "date-logger").resources).toEqual({ requests: { memory: "8Mi" }, limits: { memory: "8Mi" } });
  });

  it("is a native sidecar (init container, restartPolicy Always) from Kubernetes 1.29, a regular container in classic mode", () => {
    const native = renderedContainer(podSpecOf(DEFAULT), "date-logger");
    expect(native.list).toBe("initContainers");
    expect(native.container.restartPolicy).toBe("Always");
    expect(native.container.securityContext).toMatchObject({ runAsUser: 65534, runAsGroup: 65534, runAsNonRoot: true });

    const old = renderedContainer(podSpecOf(classic(DEFAULT)), "date-logger");
    expect(old.list).toBe("containers");
    expect(old.container.restartPolicy).toBeUndefined();
    expect((podSpecOf(classic(DEFAULT)).containers as { name: string }[]).map((c) => c.name)).toEqual(["app", "date-logger"]);
    expect(podSpecOf(classic(DEFAULT)).initContainers).toBeUndefined();
  });

  it("enabled: false keeps it out of environments that do not enable it", () => {
    const text = DEFAULT.replace("      - type: date-logger\n", "      - type: date-logger\n        enabled: false\n") +
      "environments:\n  dev:\n    apps:\n      web:\n        containers:\n          date-logger: { enabled: true }\n  prod: {}\n";
    const model = modelFromText(text);
    expect(model.apps[0]!.containers[1]!.enabledByDefault).toBe(false);
    expect(model.environments.map((e) => [e.name, e.apps[0]!.disabledSidecars])).toEqual([["dev", []], ["prod", ["date-logger"]]]);
  });

  it("two date-loggers may share a volume when they write different files", () => {
    const text = MAIN + `    sidecars:
      - type: date-logger
        volume: html
      - type: date-logger
        name: second
        volume: html
        file: other.html
` + VOLUMES;
    expect(appOf(text).containers.map((c) => c.name)).toEqual(["app", "date-logger", "second"]);
  });

  it("reports a volume the main container does not mount, at the sidecar's volume", () => {
    const text = MINIMAL_CONFIG + `    sidecars:
      - type: date-logger
        volume: html
` + VOLUMES;
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:15:17: error MDL001 /apps/0/sidecars/0/volume: sidecar "date-logger" shares volume "html" with the main container, which does not mount it\n' +
        "  hint: add { volume: html, mountPath: ... } to apps[0].main.mounts",
    ]);
  });

  it("reports a file name that could leave the volume or reach the shell as syntax (CFG016)", () => {
    for (const file of ["..", "a/b", "a;b", "$(id)"]) {
      const text = DEFAULT.replace("        volume: html\n", `        volume: html\n        file: ${JSON.stringify(file)}\n`);
      const out = diagnosticsOf(() => modelFromText(text));
      expect(out[0]).toMatch(/^gitops\.config\.yaml:18:15: error CFG016 \/apps\/0\/sidecars\/0\/file: /);
    }
  });
});
