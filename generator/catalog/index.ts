import type { Sidecar } from "../config/config-types.gen.js";
import { ambassador } from "./ambassador.js";
import { configReloader } from "./config-reloader.js";
import { customSidecar } from "./custom.js";
import { dateLogger } from "./date-logger.js";
import { gitSync } from "./git-sync.js";
import { logShipper } from "./log-shipper.js";
import { nginxExporter } from "./nginx-exporter.js";
import type { CatalogContext, SidecarExpansion } from "./types.js";

export type { CatalogContext, SidecarExpansion } from "./types.js";

/** Expands one sidecar of the config through its catalog entry. */
export function expandSidecar(s: Sidecar, ctx: CatalogContext): SidecarExpansion {
  switch (s.type) {
    case "custom":
      return customSidecar(s, ctx);
    case "date-logger":
      return dateLogger(s, ctx);
    case "log-shipper":
      return logShipper(s, ctx);
    case "git-sync":
      return gitSync(s, ctx);
    case "config-reloader":
      return configReloader(s, ctx);
    case "nginx-exporter":
      return nginxExporter(s, ctx);
    case "ambassador":
      return ambassador(s, ctx);
  }
}
