import type { SidecarLogShipper } from "../config/config-types.gen.js";
import { catalogContainer, expansion, httpProbe, ownConfigMap, privateVolume } from "./common.js";
import { configTemplate } from "./config-text.js";
import { CATALOG_IMAGES } from "./images.js";
import type { CatalogEntry } from "./types.js";

const CONFIG_DIR = "/fluent-bit/config";
const STATE_DIR = "/fluent-bit/state";

const fluentBitConf = configTemplate(`[SERVICE]
    Flush              1
    Daemon             Off
    Log_Level          info
    HTTP_Server        On
    HTTP_Listen        0.0.0.0
    HTTP_Port          {{httpPort}}
    Health_Check       On

[INPUT]
    Name               tail
    Path               {{paths}}
    Tag                {{tag}}.*
    DB                 ${STATE_DIR}/tail.db
    Refresh_Interval   5
    Mem_Buf_Limit      8MB
    Skip_Long_Lines    On

[OUTPUT]
    Name               {{output}}
    Match              *
{{#if host}}
    Host               {{host}}
    Port               {{port}}
{{/if}}
{{#if uri}}
    Uri                {{uri}}
{{/if}}
{{#if json}}
    Format             json
{{/if}}
{{#if jsonLines}}
    Format             json_lines
{{/if}}
{{#if labels}}
    Labels             {{labels}}
{{/if}}
{{#if tls}}
    tls                On
    tls.verify         On
{{/if}}
`);

/** fluent-bit.conf for the sidecar's config. */
export function renderFluentBitConf(s: SidecarLogShipper, app: string): string {
  const mountPath = (s.mountPath ?? "/var/log/app").replace(/\/+$/, "");
  const out = s.output ?? {};
  const type = out.type ?? "stdout";
  const tls = out.tls ?? false;
  const defaultPort = { stdout: 0, forward: 24224, http: tls ? 443 : 80, loki: tls ? 443 : 3100 }[type];
  return fluentBitConf({
    httpPort: s.httpPort ?? 2020,
    paths: (s.paths ?? ["*.log"]).map((p) => `${mountPath}/${p}`).join(","),
    tag: app,
    output: type,
    host: type === "stdout" ? undefined : out.host,
    port: out.port ?? defaultPort,
    uri: type === "http" ? (out.uri ?? "/") : type === "loki" ? (out.uri ?? "/loki/api/v1/push") : undefined,
    json: type === "http",
    jsonLines: type === "stdout",
    labels: type === "loki" ? `job=${app}` : undefined,
    tls: type !== "stdout" && tls,
  });
}

/** Fluent Bit tailing the files the main container writes into a shared volume. */
export const logShipper: CatalogEntry<"log-shipper"> = (s, ctx) => {
  const name = s.name ?? "log-shipper";
  const httpPort = s.httpPort ?? 2020;
  const config = ownConfigMap(ctx.app.name, name, "config", [["fluent-bit.conf", renderFluentBitConf(s, ctx.app.name)]], true);
  const stateVolume = privateVolume(name, "state");
  const x = expansion(
    catalogContainer(s, {
      name: "log-shipper",
      image: CATALOG_IMAGES.fluentBit,
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
      command: ["/fluent-bit/bin/fluent-bit"],
      args: ["--config", `${CONFIG_DIR}/fluent-bit.conf`],
      mounts: [
        { volume: s.volume, mountPath: s.mountPath ?? "/var/log/app", readOnly: true, pointer: [...ctx.at, "volume"] },
        { volume: config.volume.name, mountPath: CONFIG_DIR, readOnly: true, pointer: ctx.at },
        { volume: stateVolume, mountPath: STATE_DIR, pointer: ctx.at },
      ],
      ports: [{ name: "fluent-bit", containerPort: httpPort }],
      probes: {
        // Native mode: the main container starts once Fluent Bit is up, so no line is written unwatched.
        startup: httpProbe("/api/v1/health", "fluent-bit", { periodSeconds: 2, failureThreshold: 30 }),
        liveness: httpProbe("/api/v1/health", "fluent-bit", { periodSeconds: 30 }),
      },
    }),
    ctx,
  );
  x.ports = [{ port: httpPort, pointer: [...ctx.at, "httpPort"] }];
  x.volumes = [config.volume, { name: stateVolume, emptyDir: { medium: "", sizeLimit: "64Mi" } }];
  x.configMaps = [config.configMap];
  x.sharedWithMain = [{ volume: s.volume, pointer: [...ctx.at, "volume"] }];
  return x;
};
