import type { App, Sidecar } from "../config/config-types.gen.js";
import type { ConfigMapModel, ContainerModel, MountModel, ServicePortModel, VolumeModel } from "../model/types.js";

export type Pointer = (string | number)[];

/** Reports a located config error (MDL001) without stopping: every problem is reported at once. */
export type Report = (pointer: Pointer, message: string, hint: string, key?: boolean) => void;

export interface CatalogContext {
  app: App;
  /** The sidecar's place in the config, e.g. ["apps", 0, "sidecars", 1]. */
  at: Pointer;
  report: Report;
  /** The main container's UID as configured (its own runAsUser, else the app's), if any. */
  mainUser?: number;
  /** The main container's name. */
  mainName: string;
}

/** What a port or a volume is claimed by, to report two sidecars that want the same one. */
export interface PortClaim {
  port: number;
  pointer: Pointer;
}

export interface WriteClaim {
  volume: string;
  /** A single file in the volume; undefined: the whole volume. */
  file?: string;
  pointer: Pointer;
}

/** Everything one sidecar brings to its app. */
export interface SidecarExpansion {
  container: ContainerModel;
  /** Where each of the container's mounts is stated in the config, in mount order (for located errors). */
  mountPointers: Pointer[];
  /** Its own volumes (config, state, tmp). */
  volumes: VolumeModel[];
  configMaps: ConfigMapModel[];
  /** Mounts it adds to the main container (its generated config), with where they come from in the config. */
  mainMounts: {
    mount: MountModel;
    pointer: Pointer;
    /** What to tell the user when this mount would land inside a read-only ConfigMap mount. */
    nestedHint?: (outer: string) => string;
  }[];
  servicePorts: ServicePortModel[];
  podAnnotations: Record<string, string>;
  shareProcessNamespace: boolean;
  /** Ports it listens on in the pod: its container ports, and ports it opens in the main container. */
  ports: PortClaim[];
  writes: WriteClaim[];
  /** App volumes the main container must mount for this sidecar to be of use. */
  sharedWithMain: { volume: string; pointer: Pointer }[];
}

export type SidecarOf<T extends Sidecar["type"]> = Extract<Sidecar, { type: T }>;

/** A catalog entry: turns its config into containers, volumes and config. */
export type CatalogEntry<T extends Sidecar["type"]> = (sidecar: SidecarOf<T>, ctx: CatalogContext) => SidecarExpansion;
