import { cmp } from "../diagnostics/diagnostic.js";
import { catalogContainer, expansion, httpProbe, ownConfigMap } from "./common.js";
import { CATALOG_IMAGES } from "./images.js";
import type { CatalogEntry } from "./types.js";

const WATCH_DIR = "/config";

/**
 * Config files in a ConfigMap without a hash suffix, mounted into the main container, and a sidecar that
 * tells the main process to reload when the kubelet updates them (about a minute after a sync).
 *
 * signal (default): busybox polls a checksum of the files and sends a signal to the main process by name
 * through the pod's shared process namespace. nginx has no reload endpoint, but reloads on SIGHUP; the
 * sidecar must run as the same user as nginx to be allowed to signal it, which is why the main container's
 * user must be set. webhook: configmap-reload calls a reload URL of the main container (e.g. Prometheus).
 */
export const configReloader: CatalogEntry<"config-reloader"> = (s, ctx) => {
  const name = s.name ?? "config-reloader";
  const files = Object.entries(s.files)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .sort((a, b) => cmp(a[0], b[0]));
  const config = ownConfigMap(ctx.app.name, name, "files", files, false);
  const volume = config.volume.name;
  const webhook = s.reload?.webhook;
  const watched = { volume, mountPath: WATCH_DIR, readOnly: true, pointer: ctx.at };
  const resources = { requests: { cpu: "5m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } };
  let x;
  if (webhook) {
    const metricsPort = s.metricsPort ?? 9533;
    x = expansion(
      catalogContainer(s, {
        name: "config-reloader",
        image: CATALOG_IMAGES.configmapReload,
        resources,
        args: [`--volume-dir=${WATCH_DIR}`, `--webhook-url=${webhook.url}`, `--webhook-method=${webhook.method ?? "POST"}`, `--web.listen-address=:${metricsPort}`],
        mounts: [watched],
        ports: [{ name: "reload-metrics", containerPort: metricsPort }],
        probes: { liveness: httpProbe("/metrics", "reload-metrics", { periodSeconds: 30 }) },
      }),
      ctx,
    );
    x.ports = [{ port: metricsPort, pointer: [...ctx.at, "metricsPort"] }];
  } else {
    const signal = s.reload?.signal ?? {};
    const process = signal.process ?? "nginx";
    if (ctx.mainUser === undefined) {
      ctx.report([...ctx.at, "reload"], `a signal reload needs the main container's user: a process may only signal processes of its own user`, `set apps[].securityContext.runAsUser (or main.securityContext.runAsUser) to the main image's user, e.g. 101 for nginx-unprivileged; or use reload.webhook`);
    }
    // Only schema-checked names and numbers reach the script; `cat` follows the ConfigMap's ..data symlinks.
    const script = [
      `sum() { cat ${WATCH_DIR}/* 2>/dev/null | md5sum; }`,
      "last=$(sum)",
      `while sleep ${s.intervalSeconds ?? 5}; do`,
      "  now=$(sum)",
      `  if [ "$now" != "$last" ]; then`,
      `    if pkill -${signal.signal ?? "HUP"} -o -x ${process}; then echo "config changed: sent SIG${signal.signal ?? "HUP"} to ${process}"; last=$now; fi`,
      "  fi",
      "done",
    ].join("\n");
    x = expansion(
      catalogContainer(s, {
        name: "config-reloader",
        image: CATALOG_IMAGES.busybox,
        resources,
        command: ["/bin/sh", "-c"],
        args: [script],
        mounts: [watched],
        ...(ctx.mainUser !== undefined ? { runAsUser: ctx.mainUser } : {}),
      }),
      ctx,
    );
    x.shareProcessNamespace = true;
  }
  x.volumes = [config.volume];
  x.configMaps = [config.configMap];
  x.mainMounts = [{ mount: { volume, mountPath: s.mountPath, readOnly: true }, pointer: [...ctx.at, "mountPath"] }];
  return x;
};
