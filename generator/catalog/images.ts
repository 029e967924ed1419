/**
 * Every image the sidecar catalog uses, pinned in this one place (README's image table is checked against
 * it). A sidecar's `image`, `tag` or `digest` in the config overrides its entry.
 */
export interface CatalogImage {
  image: string;
  tag: string;
  /** Where the image comes from. */
  upstream: string;
  /** The image's non-root user, set explicitly so runAsNonRoot can be verified (images that run as root or a named user). */
  runAsUser: number;
  runAsGroup: number;
  /** The catalog types that run it, with the mode when a type has several images. */
  usedBy: { type: string; mode?: string }[];
}

export const CATALOG_IMAGES = {
  busybox: { image: "busybox", tag: "1.37.0", upstream: "https://hub.docker.com/_/busybox", runAsUser: 65534, runAsGroup: 65534, usedBy: [{ type: "date-logger" }, { type: "config-reloader", mode: "signal" }] },
  fluentBit: { image: "cr.fluentbit.io/fluent/fluent-bit", tag: "4.0.8", upstream: "https://github.com/fluent/fluent-bit", runAsUser: 65534, runAsGroup: 65534, usedBy: [{ type: "log-shipper" }] },
  gitSync: { image: "registry.k8s.io/git-sync/git-sync", tag: "v4.4.2", upstream: "https://github.com/kubernetes/git-sync", runAsUser: 65533, runAsGroup: 65533, usedBy: [{ type: "git-sync" }] },
  configmapReload: { image: "ghcr.io/jimmidyson/configmap-reload", tag: "v0.15.0", upstream: "https://github.com/jimmidyson/configmap-reload", runAsUser: 65534, runAsGroup: 65534, usedBy: [{ type: "config-reloader", mode: "webhook" }] },
  nginxExporter: { image: "nginx/nginx-prometheus-exporter", tag: "1.4.2", upstream: "https://github.com/nginx/nginx-prometheus-exporter", runAsUser: 65534, runAsGroup: 65534, usedBy: [{ type: "nginx-exporter" }] },
  haproxy: { image: "haproxy", tag: "3.2.8-alpine", upstream: "https://hub.docker.com/_/haproxy", runAsUser: 99, runAsGroup: 99, usedBy: [{ type: "ambassador" }] },
} as const satisfies Record<string, CatalogImage>;
