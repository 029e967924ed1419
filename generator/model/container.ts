import { cmp } from "../diagnostics/diagnostic.js";
import type { ContainerSecurity, EnvVars, Lifecycle, Mount, Resources } from "../config/config-types.gen.js";
import { quantityString } from "../values/quantity.js";
import { envValue, lifecycleOf } from "./env.js";
import type { ContainerModel, ResourceRequirements } from "./types.js";

/** What every container of the config has in common (main, custom and catalog sidecars). */
export interface ContainerInput {
  name: string;
  image: string;
  tag: string;
  digest?: string;
  imagePullPolicy?: string;
  command?: string[];
  args?: string[];
  env?: EnvVars;
  resources: Resources;
  lifecycle?: Lifecycle;
  mounts?: Mount[];
  securityContext?: ContainerSecurity;
}

type BaseFields = Omit<ContainerModel, "probes" | "envFromConfig" | "ports" | "enabledByDefault" | "optional" | "sidecarType" | "envFrom"> & { envFrom: ContainerModel["envFrom"] };

/** The container fields the config states directly, with the safe defaults (Pod Security "restricted"). */
export function containerBase(c: ContainerInput, role: "main" | "sidecar"): BaseFields {
  const s = c.securityContext ?? {};
  return {
    name: c.name,
    role,
    image: c.image,
    tag: c.tag,
    ...(c.digest ? { digest: c.digest } : {}),
    imagePullPolicy: c.imagePullPolicy ?? "IfNotPresent",
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    env: sortRecordEntries(c.env ?? {}).map(([k, v]) => [k, envValue(v)]),
    // Resolved against the app's Secrets and volumes by model/env.ts's resolveEnvFrom.
    envFrom: [],
    ...(c.lifecycle ? { lifecycle: lifecycleOf(c.lifecycle) } : {}),
    resources: normalizeResources(c.resources),
    mounts: (c.mounts ?? []).map((m) => ({
      volume: m.volume,
      mountPath: m.mountPath,
      readOnly: m.readOnly ?? false,
      ...(m.subPath ? { subPath: m.subPath } : {}),
    })),
    security: {
      readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? true,
      runAsNonRoot: s.runAsNonRoot ?? true,
      allowPrivilegeEscalation: s.allowPrivilegeEscalation ?? false,
      capabilities: { drop: s.capabilities?.drop ?? ["ALL"], add: s.capabilities?.add ?? [] },
      ...(s.runAsUser !== undefined ? { runAsUser: s.runAsUser } : {}),
      ...(s.runAsGroup !== undefined ? { runAsGroup: s.runAsGroup } : {}),
    },
  };
}

export function normalizeResources(r: Resources): ResourceRequirements {
  const out: ResourceRequirements = {};
  if (r.requests && Object.keys(r.requests).length) out.requests = quantities(r.requests as Record<string, string | number | undefined>);
  if (r.limits && Object.keys(r.limits).length) out.limits = quantities(r.limits as Record<string, string | number | undefined>);
  return out;
}

/** A resource list with every quantity as its canonical string (`cpu: 2` → "2", `memory: 1e9` → "1G"). */
function quantities(list: Record<string, string | number | undefined>): Record<string, string> {
  return sortRecord(Object.fromEntries(Object.entries(list).map(([k, v]) => [k, v === undefined ? undefined : quantityString(v)])));
}

/**
 * An environment's resource override as the overlay's strategic-merge patch applies it: the override's
 * quantities over the base's, map by map (requests, limits).
 */
export function mergeResources(base: ResourceRequirements, override: ResourceRequirements | undefined): ResourceRequirements {
  if (!override) return base;
  return { requests: { ...base.requests, ...override.requests }, limits: { ...base.limits, ...override.limits } };
}

/** User-supplied maps are sorted by key (code-unit order, locale independent). */
export function sortRecord<T>(r: Record<string, T | undefined>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(r).sort(cmp)) {
    const v = r[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function sortedEntries(r: Record<string, string | undefined>): [string, string][] {
  return Object.entries(sortRecord(r));
}

/** A map's entries sorted by key, whatever their values. */
export function sortRecordEntries<T>(r: Record<string, T | undefined>): [string, T][] {
  return Object.entries(sortRecord(r));
}
