import type { Probe } from "../config/config-types.gen.js";
import type { ProbeModel } from "./types.js";

/**
 * A probe of the config with its defaults. `defaultPort` is where httpGet and tcpSocket go when the probe names
 * no port: the main container's port by name ("http"), a custom sidecar's first port by name.
 */
export function toProbe(p: Probe, port: number | undefined, defaultPort: number | string = port !== undefined ? "http" : 80): ProbeModel {
  const handler: ProbeModel["handler"] = p.exec
    ? { kind: "exec", command: p.exec.command }
    : p.httpGet
      ? { kind: "httpGet", path: p.httpGet.path, port: p.httpGet.port ?? defaultPort }
      : { kind: "tcpSocket", port: p.tcpSocket?.port ?? defaultPort };
  return {
    handler,
    initialDelaySeconds: p.initialDelaySeconds ?? 0,
    periodSeconds: p.periodSeconds ?? 10,
    timeoutSeconds: p.timeoutSeconds ?? 1,
    failureThreshold: p.failureThreshold ?? 3,
  };
}
