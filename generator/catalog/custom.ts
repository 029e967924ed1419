import { containerBase } from "../model/container.js";
import { expansion } from "./common.js";
import type { CatalogEntry } from "./types.js";

/** Any other image, exactly as configured. */
export const customSidecar: CatalogEntry<"custom"> = (s, ctx) => {
  const container = {
    ...containerBase(s, "sidecar"),
    sidecarType: "custom",
    enabledByDefault: s.enabled ?? true,
    optional: true,
    ports: (s.ports ?? []).map((p) => ({ name: p.name, containerPort: p.containerPort })),
    probes: {},
    envFromConfig: false,
  };
  const x = expansion({ container, mountPointers: (s.mounts ?? []).map((_, i) => [...ctx.at, "mounts", i]) }, ctx);
  x.ports = container.ports.map((p, i) => ({ port: p.containerPort, pointer: [...ctx.at, "ports", i, "containerPort"] }));
  return x;
};
