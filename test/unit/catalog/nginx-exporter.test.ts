import { describe, expect, it } from "vitest";
import { CATALOG_IMAGES } from "../../../generator/catalog/images.js";
import { diagnosticsOf, fileAt, MINIMAL_CONFIG, modelFromText, renderFromText } from "../../helpers/config.js";
import { appOf, baseObject, classic, containerOf, podSpecOf, renderedContainer, withoutHeader, restrictedAs } from "./helpers.js";

/** Lines 13-14: sidecars, the item. */
const DEFAULT = MINIMAL_CONFIG + `    sidecars:
      - type: nginx-exporter
`;

function withFields(fields: string): string {
  return DEFAULT + fields.split("\n").filter(Boolean).map((l) => `        ${l}\n`).join("");
}

const STUB_STATUS = `# nginx stub_status for the nginx-exporter sidecar: reachable from inside the pod only.
server {
    listen 8081;
    location = /stub_status {
        stub_status;
        access_log off;
        allow 127.0.0.1;
        deny all;
    }
}
`;

describe("nginx-exporter", () => {
  it("adds the exporter scraping stub_status on localhost, with its metrics port, probes and non-root user", () => {
    const c = containerOf(DEFAULT, "nginx-exporter");
    expect(c).toMatchObject({
      role: "sidecar",
      sidecarType: "nginx-exporter",
      image: CATALOG_IMAGES.nginxExporter.image,
      tag: CATALOG_IMAGES.nginxExporter.tag,
      args: ["--nginx.scrape-uri=http://127.0.0.1:8081/stub_status", "--web.listen-address=:9113", "--web.telemetry-path=/metrics"],
      ports: [{ name: "metrics", containerPort: 9113 }],
      mounts: [],
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
      enabledByDefault: true,
      optional: false,
    });
    expect(c.command).toBeUndefined();
    expect(c.probes).toEqual({
      readiness: { handler: { kind: "httpGet", path: "/metrics", port: "metrics" }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
      liveness: { handler: { kind: "httpGet", path: "/metrics", port: "metrics" }, initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 2, failureThreshold: 3 },
    });
    expect(c.security).toEqual(restrictedAs(65534, 65534));
  });

  it("generates the stub_status server block into a hashed ConfigMap and mounts it into nginx's conf.d by subPath", () => {
    const app = appOf(DEFAULT);
    expect(app.configMaps).toEqual([{ name: "web-nginx-exporter", dir: "nginx-exporter", files: [["stub-status.conf", STUB_STATUS]], hashed: true }]);
    expect(app.volumes).toEqual([{ name: "nginx-exporter-nginx", configMap: { name: "web-nginx-exporter" } }]);
    expect(app.containers[0]!.mounts).toEqual([
      { volume: "nginx-exporter-nginx", mountPath: "/etc/nginx/conf.d/stub-status.conf", readOnly: true, subPath: "stub-status.conf" },
    ]);
    const files = renderFromText(DEFAULT);
    expect(withoutHeader(fileAt(files, "base/web/nginx-exporter/stub-status.conf"))).toBe(STUB_STATUS);
    const k = baseObject(DEFAULT, "kustomization.yaml") as { configMapGenerator: unknown[] };
    expect(k.configMapGenerator).toEqual([{ name: "web-nginx-exporter", files: ["nginx-exporter/stub-status.conf"] }]);
    const main = renderedContainer(podSpecOf(DEFAULT), "app");
    expect(main.list).toBe("containers");
    expect(main.container.volumeMounts).toEqual([
      { name: "nginx-exporter-nginx", mountPath: "/etc/nginx/conf.d/stub-status.conf", readOnly: true, subPath: "stub-status.conf" },
    ]);
  });

  it("puts the metrics port on the Service and annotates the pods (not the Deployment) for scraping", () => {
    const app = appOf(DEFAULT);
    expect(app.service!.extraPorts).toEqual([{ name: "metrics", port: 9113, targetPort: "metrics" }]);
    expect(app.podAnnotations).toEqual({ "prometheus.io/path": "/metrics", "prometheus.io/port": "9113", "prometheus.io/scrape": "true" });
    const svc = baseObject(DEFAULT, "service.yaml") as { spec: { ports: unknown[] } };
    expect(svc.spec.ports).toEqual([
      { name: "http", port: 80, targetPort: "http", protocol: "TCP" },
      { name: "metrics", port: 9113, targetPort: "metrics", protocol: "TCP" },
    ]);
    const d = baseObject(DEFAULT, "deployment.yaml") as { metadata: { annotations?: unknown }; spec: { template: { metadata: { annotations: unknown } } } };
    // Besides the config checksum that rolls the pods (render/annotations.ts), only the scrape annotations.
    const { "checksum/config": _checksum, ...scrape } = d.spec.template.metadata.annotations as Record<string, string>;
    expect(scrape).toEqual({ "prometheus.io/path": "/metrics", "prometheus.io/port": "9113", "prometheus.io/scrape": "true" });
    expect(d.metadata.annotations).toBeUndefined();
  });

  it("takes the status port, metrics port and conf.d from the config everywhere they appear", () => {
    const text = withFields("statusPort: 8090\nmetricsPort: 9200\nconfDir: /etc/nginx/http.d/\nname: metrics-adapter");
    const app = appOf(text);
    const c = app.containers.find((x) => x.name === "metrics-adapter")!;
    expect(c.args).toEqual(["--nginx.scrape-uri=http://127.0.0.1:8090/stub_status", "--web.listen-address=:9200", "--web.telemetry-path=/metrics"]);
    expect(c.ports).toEqual([{ name: "metrics", containerPort: 9200 }]);
    const [cm] = app.configMaps;
    expect(cm).toMatchObject({ name: "web-metrics-adapter", dir: "metrics-adapter" });
    expect(cm!.files[0]![1]).toContain("    listen 8090;\n");
    expect(cm!.files[0]![1]).toMatch(/^# nginx stub_status for the metrics-adapter sidecar/);
    expect(app.containers[0]!.mounts).toEqual([
      { volume: "metrics-adapter-nginx", mountPath: "/etc/nginx/http.d/stub-status.conf", readOnly: true, subPath: "stub-status.conf" },
    ]);
    expect(app.service!.extraPorts).toEqual([{ name: "metrics", port: 9200, targetPort: "metrics" }]);
    expect(app.podAnnotations["prometheus.io/port"]).toBe("9200");
  });

  it("annotations: false leaves the pods unannotated but keeps the Service port", () => {
    const app = appOf(withFields("annotations: false"));
    expect(app.podAnnotations).toEqual({});
    expect(app.service!.extraPorts).toHaveLength(1);
    const d = baseObject(withFields("annotations: false"), "deployment.yaml") as { spec: { template: { metadata: { annotations?: unknown } } } };
    expect(Object.keys(d.spec.template.metadata.annotations ?? {}).filter((k) => k.startsWith("prometheus.io/"))).toEqual([]);
  });

  it("applies overrides: image, tag, resources (limits replaced as a whole), env, securityContext", () => {
    const text = withFields('image: quay.io/mirror/nginx-exporter\ntag: "1.5.0"\nresources: { limits: { memory: 32Mi } }\nenv: { SSL_VERIFY: "false" }\nsecurityContext: { runAsGroup: 1 }');
    const c = containerOf(text, "nginx-exporter");
    expect(c).toMatchObject({ image: "quay.io/mirror/nginx-exporter", tag: "1.5.0", env: [["SSL_VERIFY", "false"]] });
    expect(c.resources).toEqual({ requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } });
    expect(c.security).toMatchObject({ runAsUser: 65534, runAsGroup: 1 });
  });

  it("renders as a native sidecar, or a regular container in classic mode", () => {
    const native = renderedContainer(podSpecOf(DEFAULT), "nginx-exporter");
    expect(native.list).toBe("initContainers");
    expect(native.container).toMatchObject({ restartPolicy: "Always", image: "nginx/nginx-prometheus-exporter:1.4.2" });
    const old = renderedContainer(podSpecOf(classic(DEFAULT)), "nginx-exporter");
    expect(old.list).toBe("containers");
    expect(old.container.restartPolicy).toBeUndefined();
  });

  it("reports enabled: false once, at enabled: the Service and annotations depend on it", () => {
    expect(diagnosticsOf(() => modelFromText(withFields("enabled: false")))).toEqual([
      'gitops.config.yaml:15:18: error MDL001 /apps/0/sidecars/0/enabled: sidecar "nginx-exporter" cannot be off by default: the Service and the pod annotations depend on it\n' +
        "  hint: remove enabled: false",
    ]);
  });

  it("reports an environment that disables it, at that environment's enabled", () => {
    const text = DEFAULT + "environments:\n  dev:\n    apps:\n      web:\n        containers:\n          nginx-exporter: { enabled: false }\n  prod: {}\n";
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:20:38: error MDL001 /environments/dev/apps/web/containers/nginx-exporter/enabled: sidecar "nginx-exporter" cannot be removed in one environment: the Service and the pod annotations depend on it\n' +
        "  hint: remove it from the app instead",
    ]);
    // Enabling it explicitly, or resizing it, is fine.
    expect(() => modelFromText(text.replace("{ enabled: false }", "{ enabled: true, resources: { limits: { memory: 128Mi } } }"))).not.toThrow();
  });

  it.each([
    ["status port", "statusPort: 8080", "15:21", "statusPort"],
    ["metrics port", "metricsPort: 8080", "15:22", "metricsPort"],
  ])("reports its %s on the main container's port", (_name, field, at, key) => {
    expect(diagnosticsOf(() => modelFromText(withFields(field)))).toEqual([
      `gitops.config.yaml:${at}: error MDL001 /apps/0/sidecars/0/${key}: port 8080 is already used by the main container "app"\n` +
        "  hint: give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments",
    ]);
  });

  it("reports its status port equal to its metrics port", () => {
    expect(diagnosticsOf(() => modelFromText(withFields("statusPort: 9113")))).toEqual([
      'gitops.config.yaml:15:21: error MDL001 /apps/0/sidecars/0/statusPort: port 9113 is already used by sidecar "nginx-exporter"\n' +
        "  hint: give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments",
    ]);
  });

  it("rejects a conf.d path with a space or a semicolon (CFG016)", () => {
    for (const dir of ['"/etc/nginx/conf.d;x"', '"/etc/nginx/conf d"']) {
      expect(diagnosticsOf(() => modelFromText(withFields(`confDir: ${dir}`)))[0]).toMatch(/^gitops\.config\.yaml:15:18: error CFG016 \/apps\/0\/sidecars\/0\/confDir: /);
    }
  });
});
