import { catalogContainer, expansion } from "./common.js";
import { CATALOG_IMAGES } from "./images.js";
import type { CatalogEntry } from "./types.js";

/** The classic example's sidecar: appends `date` to a file in a shared volume every few seconds. */
export const dateLogger: CatalogEntry<"date-logger"> = (s, ctx) => {
  const mountPath = s.mountPath ?? "/var/log";
  const file = `${mountPath.replace(/\/+$/, "")}/${s.file ?? "index.html"}`;
  const seconds = s.intervalSeconds ?? 5;
  const x = expansion(
    catalogContainer(s, {
      name: "date-logger",
      image: CATALOG_IMAGES.busybox,
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
      command: ["/bin/sh", "-c"],
      // The path and interval match narrow schema patterns: nothing in them can reach the shell as syntax.
      args: [`while true; do date >> ${file}; sleep ${seconds}; done`],
      mounts: [{ volume: s.volume, mountPath, pointer: [...ctx.at, "volume"] }],
    }),
    ctx,
  );
  x.writes = [{ volume: s.volume, file: s.file ?? "index.html", pointer: [...ctx.at, "volume"] }];
  x.sharedWithMain = [{ volume: s.volume, pointer: [...ctx.at, "volume"] }];
  return x;
};
