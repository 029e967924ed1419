import type { EnvVars, Mount, Resources } from "../config/config-types.gen.js";
import { containerBase } from "../model/container.js";
import type { ConfigMapModel, ContainerModel, PortModel, ProbeModel, VolumeModel } from "../model/types.js";
import type { CatalogImage } from "./images.js";
import type { CatalogContext, Pointer, SidecarExpansion } from "./types.js";

/** The fields every catalog sidecar accepts. */
export interface CommonSidecarFields {
  type: string;
  name?: string;
  enabled?: boolean;
  image?: string;
  tag?: string;
  digest?: string;
  imagePullPolicy?: "IfNotPresent" | "Always" | "Never";
  env?: EnvVars;
  resources?: Resources;
  securityContext?: CatalogSecurity;
  /** Volumes of apps[].volumes it mounts beyond its own. */
  mounts?: Mount[];
}
type CatalogSecurity = NonNullable<Parameters<typeof containerBase>[0]["securityContext"]>;

export interface CatalogDefaults {
  name: string;
  image: CatalogImage;
  resources: Required<Resources>;
  command?: string[];
  args?: string[];
  env?: Record<string, string>;
  mounts: { volume: string; mountPath: string; readOnly?: boolean; subPath?: string; pointer: Pointer }[];
  ports?: PortModel[];
  probes?: ContainerModel["probes"];
  /** Run as this user instead of the image's (the signal reloader runs as the main container's user). */
  runAsUser?: number;
  /** false: the other resources depend on it, so an environment cannot remove it. */
  optional?: boolean;
}

/**
 * A catalog sidecar's container: the entry's defaults (pinned image, resources, its non-root user), then
 * what the config overrides. Requests and limits are replaced as a whole each, never merged key by key.
 */
export function catalogContainer(s: CommonSidecarFields, d: CatalogDefaults): { container: ContainerModel; mountPointers: Pointer[] } {
  const sc = s.securityContext ?? {};
  const base = containerBase(
    {
      name: s.name ?? d.name,
      image: s.image ?? d.image.image,
      tag: s.tag ?? d.image.tag,
      ...(s.digest ? { digest: s.digest } : {}),
      ...(s.imagePullPolicy ? { imagePullPolicy: s.imagePullPolicy } : {}),
      ...(d.command ? { command: d.command } : {}),
      ...(d.args ? { args: d.args } : {}),
      env: { ...(d.env ?? {}), ...(s.env ?? {}) },
      resources: { requests: s.resources?.requests ?? d.resources.requests, limits: s.resources?.limits ?? d.resources.limits },
      mounts: d.mounts.map(({ pointer: _pointer, ...m }) => m),
      securityContext: {
        ...sc,
        runAsUser: sc.runAsUser ?? d.runAsUser ?? d.image.runAsUser,
        runAsGroup: sc.runAsGroup ?? (d.runAsUser !== undefined ? undefined : d.image.runAsGroup),
      },
    },
    "sidecar",
  );
  return {
    container: {
      ...base,
      sidecarType: s.type,
      enabledByDefault: s.enabled ?? true,
      optional: d.optional ?? true,
      ports: d.ports ?? [],
      probes: d.probes ?? {},
      envFromConfig: false,
    },
    mountPointers: d.mounts.map((m) => m.pointer),
  };
}

export function httpProbe(path: string, port: number | string, timing: Partial<Omit<ProbeModel, "handler">> = {}): ProbeModel {
  return { handler: { kind: "httpGet", path, port }, ...probeTiming(timing) };
}

export function tcpProbe(port: number | string, timing: Partial<Omit<ProbeModel, "handler">> = {}): ProbeModel {
  return { handler: { kind: "tcpSocket", port }, ...probeTiming(timing) };
}

function probeTiming(t: Partial<Omit<ProbeModel, "handler">>): Omit<ProbeModel, "handler"> {
  return { initialDelaySeconds: t.initialDelaySeconds ?? 0, periodSeconds: t.periodSeconds ?? 10, timeoutSeconds: t.timeoutSeconds ?? 1, failureThreshold: t.failureThreshold ?? 3 };
}

/** An expansion with nothing but the container; entries add what they need. */
export function expansion(c: { container: ContainerModel; mountPointers: Pointer[] }, ctx: CatalogContext): SidecarExpansion {
  // A catalog sidecar's extra mounts of the app's volumes (a custom sidecar states all of its mounts itself).
  const sidecar = ctx.app.sidecars?.[Number(ctx.at[ctx.at.length - 1])];
  if (sidecar && sidecar.type !== "custom" && sidecar.mounts) {
    sidecar.mounts.forEach((m, i) => {
      c.container.mounts.push({ volume: m.volume, mountPath: m.mountPath, readOnly: m.readOnly ?? false, ...(m.subPath ? { subPath: m.subPath } : {}) });
      c.mountPointers.push([...ctx.at, "mounts", i]);
    });
  }
  return {
    ...c,
    volumes: [],
    configMaps: [],
    mainMounts: [],
    servicePorts: [],
    podAnnotations: {},
    shareProcessNamespace: false,
    ports: c.container.ports.map((p) => ({ port: p.containerPort, pointer: ctx.at })),
    writes: [],
    sharedWithMain: [],
  };
}

/**
 * A sidecar's own ConfigMap (`<app>-<sidecar>`) with the files it needs, and the private volume that mounts it.
 * hashed: generated with a hash suffix (read once, a change rolls the pods) or plain (reloaded in place).
 */
export function ownConfigMap(
  app: string,
  sidecar: string,
  purpose: string,
  files: [string, string][],
  hashed: boolean,
): { volume: VolumeModel; configMap: ConfigMapModel } {
  const name = `${app}-${sidecar}`;
  return { volume: { name: privateVolume(sidecar, purpose), configMap: { name } }, configMap: { name, dir: sidecar, files, hashed } };
}

/** Private volumes are named after their sidecar, so two sidecars never share one by accident. */
export function privateVolume(sidecar: string, purpose: string): string {
  return `${sidecar}-${purpose}`.slice(0, 63).replace(/-+$/, "");
}
