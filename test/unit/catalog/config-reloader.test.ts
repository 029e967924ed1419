import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CATALOG_IMAGES } from "../../../generator/catalog/images.js";
import { diagnosticsOf, fileAt, MINIMAL_CONFIG, modelFromText, renderFromText } from "../../helpers/config.js";
import { appOf, baseObject, classic, containerOf, podSpecOf, renderedContainer, withAppUser } from "./helpers.js";

const SIDECAR = `    sidecars:
      - type: config-reloader
        mountPath: /etc/nginx/conf.d
        files:
          default.conf: |
            server { listen 8080; }
          a.conf: "# first"
`;
/** The main container runs as 101 (the app's securityContext); the sidecars block starts at line 14. */
const SIGNAL = withAppUser(MINIMAL_CONFIG) + SIDECAR;
const WEBHOOK = MINIMAL_CONFIG + SIDECAR + `        reload:
          webhook: { url: "http://127.0.0.1:8080/-/reload" }
`;

const SIGNAL_SCRIPT = `sum() { cat /config/* 2>/dev/null | md5sum; }
last=$(sum)
while sleep 5; do
  now=$(sum)
  if [ "$now" != "$last" ]; then
    if pkill -HUP -o -x nginx; then echo "config changed: sent SIGHUP to nginx"; last=$now; fi
  fi
done`;

describe("config-reloader", () => {
  describe("signal mode (default)", () => {
    it("adds busybox polling the files and signalling nginx, as the main container's user", () => {
      const c = containerOf(SIGNAL, "config-reloader");
      expect(c).toMatchObject({
        role: "sidecar",
        sidecarType: "config-reloader",
        image: CATALOG_IMAGES.busybox.image,
        tag: CATALOG_IMAGES.busybox.tag,
        command: ["/bin/sh", "-c"],
        args: [SIGNAL_SCRIPT],
        ports: [],
        probes: {},
        resources: { requests: { cpu: "5m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
        mounts: [{ volume: "config-reloader-files", mountPath: "/config", readOnly: true }],
        optional: true,
      });
      // The main container's user, not busybox's 65534; no group of the image's either.
      expect(c.security).toEqual({
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"], add: [] },
        runAsUser: 101,
      });
    });

    it("prefers the main container's own runAsUser to the app's", () => {
      const text = SIGNAL.replace("      port: 8080\n", "      port: 8080\n      securityContext: { runAsUser: 33 }\n");
      expect(containerOf(text, "config-reloader").security.runAsUser).toBe(33);
      const mainOnly = MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      securityContext: { runAsUser: 33 }\n") + SIDECAR;
      expect(containerOf(mainOnly, "config-reloader").security.runAsUser).toBe(33);
    });

    it("shares the pod's process namespace, in the model and the rendered pod spec", () => {
      expect(appOf(SIGNAL).shareProcessNamespace).toBe(true);
      const spec = podSpecOf(SIGNAL);
      expect(spec.shareProcessNamespace).toBe(true);
      const r = renderedContainer(spec, "config-reloader");
      expect(r.list).toBe("initContainers");
      expect(r.container.restartPolicy).toBe("Always");
      expect(r.container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 101,
      });
      expect(renderedContainer(podSpecOf(classic(SIGNAL)), "config-reloader").list).toBe("containers");
    });

    it("takes the process, signal and interval from the config", () => {
      const text = SIGNAL + `        intervalSeconds: 30
        reload:
          signal: { process: caddy, signal: USR1 }
`;
      const script = containerOf(text, "config-reloader").args![0]!;
      expect(script).toContain("while sleep 30; do");
      expect(script).toContain('if pkill -USR1 -o -x caddy; then echo "config changed: sent SIGUSR1 to caddy"; last=$now; fi');
      expect(script).not.toContain("nginx");
    });

    it("reports a signal reload without the main container's user, at reload", () => {
      expect(diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + SIDECAR))).toEqual([
        "gitops.config.yaml:14:9: error MDL001 /apps/0/sidecars/0/reload: a signal reload needs the main container's user: a process may only signal processes of its own user\n" +
          "  hint: set apps[].securityContext.runAsUser (or main.securityContext.runAsUser) to the main image's user, e.g. 101 for nginx-unprivileged; or use reload.webhook",
      ]);
      // Written out, the error is at the reload block itself; the sidecar's own user does not count.
      const explicit = MINIMAL_CONFIG + SIDECAR + "        securityContext: { runAsUser: 101 }\n        reload:\n          signal: { process: nginx }\n";
      expect(diagnosticsOf(() => modelFromText(explicit))).toEqual([
        expect.stringMatching(/^gitops\.config\.yaml:22:11: error MDL001 \/apps\/0\/sidecars\/0\/reload: a signal reload needs the main container's user/),
      ]);
    });

    it.each([
      ["a space", '"nginx -9"'],
      ["a semicolon", '"nginx;id"'],
      ["more than 15 characters", "a-very-long-process"],
    ])("rejects a process name with %s (CFG016)", (_name, process) => {
      const text = SIGNAL + `        reload:\n          signal: { process: ${process} }\n`;
      expect(diagnosticsOf(() => modelFromText(text))[0]).toMatch(/^gitops\.config\.yaml:22:30: error CFG016 \/apps\/0\/sidecars\/0\/reload\/signal\/process: /);
    });
  });

  it("mounts the files read-only into the main container at mountPath", () => {
    const app = appOf(SIGNAL);
    expect(app.containers[0]!.mounts).toEqual([{ volume: "config-reloader-files", mountPath: "/etc/nginx/conf.d", readOnly: true }]);
    expect(app.volumes).toEqual([{ name: "config-reloader-files", configMap: { name: "web-config-reloader" } }]);
    const main = renderedContainer(podSpecOf(SIGNAL), "app").container;
    expect(main.volumeMounts).toEqual([{ name: "config-reloader-files", mountPath: "/etc/nginx/conf.d", readOnly: true }]);
  });

  it("keeps the files in a plain ConfigMap without hash suffix, so edits are updated in place", () => {
    const app = appOf(SIGNAL);
    expect(app.configMaps).toEqual([
      { name: "web-config-reloader", dir: "config-reloader", files: [["a.conf", "# first"], ["default.conf", "server { listen 8080; }\n"]], hashed: false },
    ]);
    const files = renderFromText(SIGNAL);
    const cm = parse(fileAt(files, "base/web/configmap-config-reloader.yaml")) as { kind: string; metadata: { name: string }; data: Record<string, string> };
    expect(cm.kind).toBe("ConfigMap");
    expect(cm.metadata.name).toBe("web-config-reloader");
    expect(cm.data).toEqual({ "a.conf": "# first", "default.conf": "server { listen 8080; }\n" });
    expect(Object.keys(cm.data)).toEqual(["a.conf", "default.conf"]);
    const k = baseObject(SIGNAL, "kustomization.yaml") as { resources: string[]; configMapGenerator?: unknown };
    expect(k.resources).toContain("configmap-config-reloader.yaml");
    expect(k.configMapGenerator).toBeUndefined();
    expect(files.some((f) => f.path.startsWith("base/web/config-reloader/"))).toBe(false);
  });

  it("names its volume and ConfigMap after its name", () => {
    const text = SIGNAL.replace("      - type: config-reloader\n", "      - type: config-reloader\n        name: reloader\n");
    const app = appOf(text);
    expect(app.volumes.map((v) => v.name)).toEqual(["reloader-files"]);
    expect(app.configMaps.map((c) => c.name)).toEqual(["web-reloader"]);
    expect(app.containers[0]!.mounts[0]!.volume).toBe("reloader-files");
    expect(fileAt(renderFromText(text), "base/web/configmap-reloader.yaml")).toContain("name: web-reloader");
  });

  describe("webhook mode", () => {
    it("adds configmap-reload calling the URL, with its metrics port and the image's own user, and no error without a main user", () => {
      const c = containerOf(WEBHOOK, "config-reloader");
      expect(c).toMatchObject({
        image: CATALOG_IMAGES.configmapReload.image,
        tag: CATALOG_IMAGES.configmapReload.tag,
        args: ["--volume-dir=/config", "--webhook-url=http://127.0.0.1:8080/-/reload", "--webhook-method=POST", "--web.listen-address=:9533"],
        ports: [{ name: "reload-metrics", containerPort: 9533 }],
        probes: {
          liveness: { handler: { kind: "httpGet", path: "/metrics", port: "reload-metrics" }, initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 1, failureThreshold: 3 },
        },
        mounts: [{ volume: "config-reloader-files", mountPath: "/config", readOnly: true }],
        resources: { requests: { cpu: "5m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
      });
      expect(c.command).toBeUndefined();
      expect(c.security).toMatchObject({ runAsUser: CATALOG_IMAGES.configmapReload.runAsUser, runAsGroup: CATALOG_IMAGES.configmapReload.runAsGroup });
      const app = appOf(WEBHOOK);
      expect(app.shareProcessNamespace).toBe(false);
      expect(podSpecOf(WEBHOOK).shareProcessNamespace).toBeUndefined();
      expect(app.configMaps.map((x) => [x.name, x.hashed])).toEqual([["web-config-reloader", false]]);
      expect(app.containers[0]!.mounts).toEqual([{ volume: "config-reloader-files", mountPath: "/etc/nginx/conf.d", readOnly: true }]);
    });

    it("takes the method and metrics port from the config, and reports a metrics port clash there", () => {
      const text = WEBHOOK.replace('{ url: "http://127.0.0.1:8080/-/reload" }', '{ url: "http://127.0.0.1:8080/-/reload", method: GET }') + "        metricsPort: 9999\n";
      expect(containerOf(text, "config-reloader").args).toEqual([
        "--volume-dir=/config",
        "--webhook-url=http://127.0.0.1:8080/-/reload",
        "--webhook-method=GET",
        "--web.listen-address=:9999",
      ]);
      const clash = WEBHOOK + "        metricsPort: 8080\n";
      expect(diagnosticsOf(() => modelFromText(clash))).toEqual([
        'gitops.config.yaml:22:22: error MDL001 /apps/0/sidecars/0/metricsPort: port 8080 is already used by the main container "app"\n' +
          "  hint: give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments",
      ]);
    });

    it("rejects a URL with a space or a quote, and both signal and webhook at once", () => {
      const space = WEBHOOK.replace('"http://127.0.0.1:8080/-/reload"', '"http://127.0.0.1:8080/-/reload --x"');
      expect(diagnosticsOf(() => modelFromText(space))[0]).toMatch(/^gitops\.config\.yaml:21:\d+: error CFG016 \/apps\/0\/sidecars\/0\/reload\/webhook\/url: /);
      const quote = WEBHOOK.replace('"http://127.0.0.1:8080/-/reload"', `"http://127.0.0.1:8080/'x"`);
      expect(diagnosticsOf(() => modelFromText(quote))[0]).toMatch(/error CFG016 \/apps\/0\/sidecars\/0\/reload\/webhook\/url: /);
      const both = WEBHOOK + "          signal: {}\n";
      expect(diagnosticsOf(() => modelFromText(both))[0]).toMatch(/^gitops\.config\.yaml:21:11: error CFG010 \/apps\/0\/sidecars\/0\/reload: /);
    });
  });

  it("reports a mountPath another main mount already uses", () => {
    const text = MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      mounts:\n        - { volume: tmp, mountPath: /etc/nginx/conf.d/ }\n") +
      SIDECAR + "        reload:\n          webhook: { url: http://127.0.0.1/r }\n    volumes:\n      - name: tmp\n";
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:17:20: error MDL001 /apps/0/sidecars/0/mountPath: two mounts at /etc/nginx/conf.d in container "app"\n  hint: mount each path once',
    ]);
  });

  it("requires files and mountPath (CFG012)", () => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + "    sidecars:\n      - type: config-reloader\n"));
    expect(out.map((d) => d.split("\n")[0])).toEqual([
      'gitops.config.yaml:14:9: error CFG012 /apps/0/sidecars/0: missing required key "files"',
      'gitops.config.yaml:14:9: error CFG012 /apps/0/sidecars/0: missing required key "mountPath"',
    ]);
  });
});
