import { containerBase } from "../model/container.js";
import { toProbe } from "../model/probes.js";
import type { ContainerModel } from "../model/types.js";
import { expansion } from "./common.js";
import type { CatalogEntry } from "./types.js";

/** Any other image, exactly as configured. */
export const customSidecar: CatalogEntry<"custom"> = (s, ctx) => {
  const ports = (s.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort }));
  // A probe without a port goes to the sidecar's first port, by name; a sidecar without ports must name one.
  const probes: ContainerModel["probes"] = {};
  for (const kind of ["readiness", "liveness", "startup"] as const) {
    const p = s.probes?.[kind];
    if (!p) continue;
    const portless = (p.httpGet && p.httpGet.port === undefined) || (!p.httpGet && !p.exec && p.tcpSocket?.port === undefined);
    if (portless && ports.length === 0) {
      ctx.report([...ctx.at, "probes", kind], `the ${kind} probe of sidecar "${s.name}" names no port, and the sidecar declares none`, "add port: <number> to the probe, or declare the sidecar's ports");
    }
    probes[kind] = toProbe(p, undefined, ports[0]?.name ?? 1);
  }
  const container = {
    ...containerBase(s, "sidecar"),
    sidecarType: "custom",
    enabledByDefault: s.enabled ?? true,
    optional: true,
    ports,
    probes,
    envFromConfig: false,
  };
  const x = expansion({ container, mountPointers: (s.mounts ?? []).map((_, i) => [...ctx.at, "mounts", i]) }, ctx);
  x.ports = container.ports.map((p, i) => ({ port: p.containerPort, pointer: [...ctx.at, "ports", i, "containerPort"] }));
  return x;
};
