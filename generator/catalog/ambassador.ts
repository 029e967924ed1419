import type { SidecarAmbassador } from "../config/config-types.gen.js";
import { catalogContainer, expansion, httpProbe, ownConfigMap } from "./common.js";
import { configTemplate } from "./config-text.js";
import { CATALOG_IMAGES } from "./images.js";
import type { CatalogEntry } from "./types.js";

const CONFIG_DIR = "/usr/local/etc/haproxy";

const haproxyCfg = configTemplate(`global
    log stdout format raw local0

defaults
    mode {{mode}}
    log global
{{#if http}}
    option httplog
{{else}}
    option tcplog
{{/if}}
    timeout connect 5s
    timeout client {{timeout}}s
    timeout server {{timeout}}s

# Re-resolve the upstream's name while running: a remote service may move.
resolvers dns
    parse-resolv-conf
    hold valid 10s

frontend health
    mode http
    bind :{{healthPort}}
    monitor-uri /healthz

listen upstream
    bind 127.0.0.1:{{listenPort}}
    server remote {{host}}:{{port}} check resolvers dns init-addr last,libc,none
`);

export function renderHaproxyCfg(s: SidecarAmbassador): string {
  const mode = s.mode ?? "tcp";
  return haproxyCfg({
    mode,
    http: mode === "http",
    timeout: s.timeoutSeconds ?? 60,
    healthPort: s.healthPort ?? 8405,
    listenPort: s.listenPort,
    host: s.upstream.host,
    port: s.upstream.port,
  });
}

/**
 * The ambassador pattern: HAProxy on 127.0.0.1 inside the pod, proxying to a remote service, so the main
 * container's config names localhost and the ambassador owns timeouts, retries of name resolution and logs.
 */
export const ambassador: CatalogEntry<"ambassador"> = (s, ctx) => {
  const name = s.name ?? "ambassador";
  const healthPort = s.healthPort ?? 8405;
  const config = ownConfigMap(ctx.app.name, name, "config", [["haproxy.cfg", renderHaproxyCfg(s)]], true);
  const x = expansion(
    catalogContainer(s, {
      name: "ambassador",
      image: CATALOG_IMAGES.haproxy,
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
      command: ["haproxy"],
      args: ["-W", "-db", "-f", `${CONFIG_DIR}/haproxy.cfg`],
      mounts: [{ volume: config.volume.name, mountPath: CONFIG_DIR, readOnly: true, pointer: ctx.at }],
      ports: [{ name: "proxy-health", containerPort: healthPort }],
      probes: {
        // Native mode: the main container starts once the proxy listens.
        startup: httpProbe("/healthz", "proxy-health", { periodSeconds: 2, failureThreshold: 30 }),
        readiness: httpProbe("/healthz", "proxy-health", { periodSeconds: 10 }),
        liveness: httpProbe("/healthz", "proxy-health", { periodSeconds: 30 }),
      },
    }),
    ctx,
  );
  x.ports = [
    { port: healthPort, pointer: [...ctx.at, "healthPort"] },
    { port: s.listenPort, pointer: [...ctx.at, "listenPort"] },
  ];
  x.volumes = [config.volume];
  x.configMaps = [config.configMap];
  return x;
};
