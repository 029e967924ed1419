import type { App, DownwardAPIFile, Volume } from "../config/config-types.gen.js";
import { toPointer } from "../config/source.js";
import type { RepoFiles } from "../config/repo-files.js";
import { cmp } from "../diagnostics/diagnostic.js";
import { quantityString } from "../values/quantity.js";
import type { ConfigMapModel, DownwardAPIFileModel, ProjectedSourceModel, VolumeModel } from "./types.js";

type Report = (pointer: (string | number)[], message: string, hint: string, key?: boolean) => void;

/** The sources a volume of the config may take; one per volume (none: an emptyDir). */
export const VOLUME_SOURCES = ["emptyDir", "configMap", "secret", "persistentVolumeClaim", "projected", "downwardAPI"] as const;

/** What the app's own volumes (apps[].volumes) bring to the pod. */
export interface UserVolumes {
  volumes: VolumeModel[];
  /** The ConfigMaps of its configMap volumes, generated from files (hashed: their content rolls the pods). */
  configMaps: ConfigMapModel[];
  /** The ConfigMap behind a configMap volume, by volume name. */
  configMapOf: (volume: string) => string | undefined;
  /** Names of read-only volumes (ConfigMap, Secret, projected, downward API): no mount may nest inside one. */
  readOnly: Set<string>;
}

/**
 * apps[].volumes as pod volumes: emptyDir, a ConfigMap of repository files (through a configMapGenerator, like
 * the app config), a Secret of apps[].secrets, an existing PVC, a projected volume (service account tokens,
 * downward API, Secrets) or downward API files. Cross-field problems are reported where they are written.
 */
export function buildUserVolumes(app: App, at: (...rest: (string | number)[]) => (string | number)[], containerNames: string[], repoFiles: RepoFiles, report: Report): UserVolumes {
  const volumes: VolumeModel[] = [];
  const configMaps: ConfigMapModel[] = [];
  const byVolume = new Map<string, string>();
  const readOnly = new Set<string>();
  const secretName = (name: string, pointer: (string | number)[]): string | undefined => {
    if ((app.secrets ?? []).some((s) => s.name === name)) return `${app.name}-${name}`.slice(0, 253);
    const known = (app.secrets ?? []).map((s) => s.name);
    report(pointer, `unknown secret "${name}"`, known.length ? `use one of: ${known.join(", ")}` : `declare it under apps[].secrets (name, and where its values come from: externalSecret or sealedSecret)`);
    return undefined;
  };
  const downward = (items: DownwardAPIFile[], pointer: (string | number)[]): DownwardAPIFileModel[] =>
    items.map((item, ii) => {
      const here = [...pointer, ii];
      if ((item.fieldRef === undefined) === (item.resourceFieldRef === undefined)) {
        report(here, "a downward API file takes exactly one of fieldRef and resourceFieldRef", "write { path: name, fieldRef: metadata.name } or { path: mem, resourceFieldRef: { containerName: app, resource: limits.memory } }");
      }
      const r = item.resourceFieldRef;
      if (r && r.containerName === undefined) {
        report([...here, "resourceFieldRef"], "a resourceFieldRef in a volume names its container", `add containerName: one of ${containerNames.join(", ")}`);
      } else if (r && r.containerName !== undefined && !containerNames.includes(r.containerName)) {
        report([...here, "resourceFieldRef", "containerName"], `app "${app.name}" has no container "${r.containerName}"`, `use one of: ${containerNames.join(", ")}`);
      }
      return {
        path: item.path,
        ...(item.fieldRef !== undefined ? { fieldRef: item.fieldRef } : {}),
        ...(r ? { resourceFieldRef: { containerName: r.containerName ?? "", resource: r.resource, ...(r.divisor !== undefined ? { divisor: quantityString(r.divisor) } : {}) } } : {}),
      };
    });

  (app.volumes ?? []).forEach((v: Volume, vi) => {
    const here = at("volumes", vi);
    const sources = VOLUME_SOURCES.filter((s) => v[s] !== undefined);
    if (sources.length > 1) {
      report(here, `volume "${v.name}" has ${sources.length} sources (${sources.join(", ")}); a volume has one`, "keep one source, or declare a volume per source");
    }
    if (v.configMap) {
      const name = `${app.name}-${v.name}`.slice(0, 253);
      const files = new Map<string, string>();
      (v.configMap.files ?? []).forEach((rel, fi) => {
        const key = rel.slice(rel.lastIndexOf("/") + 1);
        if (files.has(key)) report([...here, "configMap", "files", fi], `two files named ${key} in volume "${v.name}" (a ConfigMap key is the file's name)`, "rename one of the files, or put it in a volume of its own");
        files.set(key, repoFiles.get(toPointer([...here, "configMap", "files", fi])) ?? "");
      });
      for (const [key, value] of Object.entries(v.configMap.data ?? {})) {
        if (files.has(key)) report([...here, "configMap", "data", key], `key ${key} is also a file of volume "${v.name}"`, "rename the key or the file", true);
        files.set(key, value ?? "");
      }
      const bytes = [...files].reduce((n, [k, c]) => n + Buffer.byteLength(k) + Buffer.byteLength(c), 0);
      if (bytes > 1024 * 1024) report([...here, "configMap"], `volume "${v.name}" holds ${bytes} bytes; a ConfigMap holds at most 1048576`, "split it into several configMap volumes");
      configMaps.push({ name, dir: `volume-${v.name}`, files: [...files].sort((a, b) => cmp(a[0], b[0])), hashed: true });
      byVolume.set(v.name, name);
      readOnly.add(v.name);
      volumes.push({ name: v.name, configMap: { name } });
    } else if (v.secret) {
      const s = secretName(v.secret.secret, [...here, "secret", "secret"]);
      readOnly.add(v.name);
      volumes.push({ name: v.name, secret: { secretName: s ?? "" } });
    } else if (v.persistentVolumeClaim) {
      volumes.push({ name: v.name, persistentVolumeClaim: { claimName: v.persistentVolumeClaim.claimName, readOnly: v.persistentVolumeClaim.readOnly ?? false } });
    } else if (v.projected) {
      const sources: ProjectedSourceModel[] = v.projected.sources.map((src, si) => {
        const p = [...here, "projected", "sources", si];
        if (src.serviceAccountToken) {
          const t = src.serviceAccountToken;
          return { serviceAccountToken: { ...(t.audience !== undefined ? { audience: t.audience } : {}), expirationSeconds: t.expirationSeconds ?? 3600, path: t.path } };
        }
        if (src.downwardAPI) return { downwardAPI: { items: downward(src.downwardAPI.items, [...p, "downwardAPI", "items"]) } };
        return { secret: { secretName: secretName(src.secret!.secret, [...p, "secret", "secret"]) ?? "" } };
      });
      readOnly.add(v.name);
      volumes.push({ name: v.name, projected: { sources } });
    } else if (v.downwardAPI) {
      readOnly.add(v.name);
      volumes.push({ name: v.name, downwardAPI: { items: downward(v.downwardAPI.items, [...here, "downwardAPI", "items"]) } });
    } else {
      volumes.push({ name: v.name, emptyDir: { medium: v.emptyDir?.medium ?? "", ...(v.emptyDir?.sizeLimit !== undefined ? { sizeLimit: quantityString(v.emptyDir.sizeLimit) } : {}) } });
    }
  });
  return { volumes, configMaps, configMapOf: (volume) => byVolume.get(volume), readOnly };
}
