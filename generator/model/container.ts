import { cmp } from "../diagnostics/diagnostic.js";
import type { ContainerSecurity, Mount, Resources } from "../config/config-types.gen.js";
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
  env?: Record<string, string | undefined>;
  resources: Resources;
  mounts?: Mount[];
  securityContext?: ContainerSecurity;
}

type BaseFields = Omit<ContainerModel, "probes" | "envFromConfig" | "ports" | "enabledByDefault" | "optional" | "sidecarType">;

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
    env: sortedEntries(c.env ?? {}),
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
  if (r.requests && Object.keys(r.requests).length) out.requests = sortRecord(r.requests as Record<string, string>);
  if (r.limits && Object.keys(r.limits).length) out.limits = sortRecord(r.limits as Record<string, string>);
  return out;
}

/** User-supplied maps are sorted by key (code-unit order, locale independent). */
/**
 * An environment's resource override as the overlay's strategic-merge patch applies it: the override's
 * quantities over the base's, map by map (requests, limits).
 */
export function mergeResources(base: ResourceRequirements, override: ResourceRequirements | undefined): ResourceRequirements {
  if (!override) return base;
  return { requests: { ...base.requests, ...override.requests }, limits: { ...base.limits, ...override.limits } };
}

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
