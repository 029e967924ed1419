import { catalogContainer, expansion, httpProbe, ownConfigMap } from "./common.js";
import { configTemplate } from "./config-text.js";
import { CATALOG_IMAGES } from "./images.js";
import type { CatalogEntry } from "./types.js";

const stubStatusConf = configTemplate(`# nginx stub_status for the {{sidecar}} sidecar: reachable from inside the pod only.
server {
    listen {{port}};
    location = /stub_status {
        stub_status;
        access_log off;
        allow 127.0.0.1;
        deny all;
    }
}
`);

export function renderStubStatusConf(port: number, sidecar: string): string {
  return stubStatusConf({ port, sidecar });
}

/**
 * The adapter pattern: nginx-prometheus-exporter reads nginx's stub_status on localhost and serves it as
 * Prometheus metrics. The server block for stub_status is generated and mounted into nginx's conf.d; the
 * metrics port is on the Service and the pods are annotated for annotation-based scraping.
 */
export const nginxExporter: CatalogEntry<"nginx-exporter"> = (s, ctx) => {
  const name = s.name ?? "nginx-exporter";
  const statusPort = s.statusPort ?? 8081;
  const metricsPort = s.metricsPort ?? 9113;
  const config = ownConfigMap(ctx.app.name, name, "nginx", [["stub-status.conf", renderStubStatusConf(statusPort, name)]], true);
  const x = expansion(
    catalogContainer(s, {
      name: "nginx-exporter",
      image: CATALOG_IMAGES.nginxExporter,
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
      args: [`--nginx.scrape-uri=http://127.0.0.1:${statusPort}/stub_status`, `--web.listen-address=:${metricsPort}`, "--web.telemetry-path=/metrics"],
      mounts: [],
      ports: [{ name: "metrics", containerPort: metricsPort }],
      probes: {
        readiness: httpProbe("/metrics", "metrics", { periodSeconds: 10, timeoutSeconds: 2 }),
        liveness: httpProbe("/metrics", "metrics", { periodSeconds: 30, timeoutSeconds: 2 }),
      },
      // The Service port and the scrape annotations point at it: an environment cannot remove it alone.
      optional: false,
    }),
    ctx,
  );
  x.ports = [
    { port: metricsPort, pointer: [...ctx.at, "metricsPort"] },
    { port: statusPort, pointer: [...ctx.at, "statusPort"] },
  ];
  x.volumes = [config.volume];
  x.configMaps = [config.configMap];
  const confDir = (s.confDir ?? "/etc/nginx/conf.d").replace(/\/+$/, "");
  x.mainMounts = [
    {
      mount: { volume: config.volume.name, mountPath: `${confDir}/stub-status.conf`, readOnly: true, subPath: "stub-status.conf" }, pointer: [...ctx.at, "confDir"],
      nestedHint: (outer) => `set confDir to a folder of its own (e.g. /etc/nginx/stub-status) and add "include /etc/nginx/stub-status/*.conf;" to a file of ${outer}`,
    },
  ];
  x.servicePorts = [{ name: "metrics", port: metricsPort, targetPort: "metrics" }];
  if (s.annotations ?? true) {
    x.podAnnotations = { "prometheus.io/path": "/metrics", "prometheus.io/port": String(metricsPort), "prometheus.io/scrape": "true" };
  }
  return x;
};
