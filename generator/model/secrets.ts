import { createHash } from "node:crypto";
import type { App, Secret, SecretSource, SecretSourceOverride } from "../config/config-types.gen.js";
import { sortedEntries } from "./container.js";
import type { AppModel, ContainerModel, EnvironmentAppModel, SecretSourceModel } from "./types.js";

type Report = (pointer: (string | number)[], message: string, hint: string, key?: boolean) => void;

/** The volume a Secret is mounted from: `secret-<name>`, cut to a DNS label. */
function volumeName(name: string): string {
  return `secret-${name}`.slice(0, 63).replace(/-+$/, "");
}

/**
 * The app's Secrets, wired into the main container (env from keys, envFrom, a read-only mount) and the pod's
 * volumes. Their values never pass through the config: each Secret is filled in the cluster by the
 * ExternalSecret or SealedSecret the environment renders.
 */
export function attachSecrets(model: AppModel, app: App, at: (...rest: (string | number)[]) => (string | number)[], report: Report): void {
  const main = model.containers.find((c) => c.role === "main") as ContainerModel;
  const seen = new Set<string>();
  (app.secrets ?? []).forEach((s, i) => {
    if (seen.has(s.name)) report(at("secrets", i, "name"), `duplicate secret name "${s.name}" in app "${app.name}"`, "give each secret of the app a unique name");
    seen.add(s.name);
    const secretName = `${app.name}-${s.name}`.slice(0, 253);
    model.secrets.push({ name: s.name, secretName });
    for (const [variable, key] of sortedEntries(s.env ?? {})) (main.secretEnv ??= []).push({ name: variable, secret: secretName, key });
    if (s.envFrom) (main.secretEnvFrom ??= []).push(secretName);
    if (s.mountPath) {
      const volume = volumeName(s.name);
      if (model.volumes.some((v) => v.name === volume)) report(at("secrets", i, "name"), `volume name "${volume}" of secret "${s.name}" is already taken`, "rename the secret or the volume");
      if (main.mounts.some((m) => m.mountPath === s.mountPath)) report(at("secrets", i, "mountPath"), `mount path ${s.mountPath} is already used by the main container`, "mount the secret at a path of its own");
      model.volumes.push({ name: volume, secret: { secretName } });
      main.mounts.push({ volume, mountPath: s.mountPath, readOnly: true });
    }
    if (!s.env && !s.envFrom && !s.mountPath) {
      report(at("secrets", i), `secret "${s.name}" is not used: the app reads it nowhere`, "add env (VAR: key), envFrom: true or mountPath: /path", true);
    }
  });
}

/**
 * Each Secret's source in one environment: the environment's own, else the app's. A Secret without a source
 * in an environment is an error there (its pods could not start).
 */
export function environmentSecrets(
  model: AppModel,
  app: App,
  overrides: Record<string, SecretSourceOverride | undefined>,
  at: (...rest: (string | number)[]) => (string | number)[],
  appAt: (...rest: (string | number)[]) => (string | number)[],
  envName: string,
  report: Report,
): Pick<EnvironmentAppModel, "secrets" | "secretsChecksum"> {
  for (const name of Object.keys(overrides)) {
    if (!model.secrets.some((s) => s.name === name)) {
      report(at("secrets", name), `app "${app.name}" has no secret "${name}"`, `use one of: ${model.secrets.map((s) => s.name).join(", ") || "(none: add apps[].secrets first)"}`, true);
    }
  }
  const secrets: EnvironmentAppModel["secrets"] = [];
  (app.secrets ?? []).forEach((s, i) => {
    const source = mergeSource(s, overrides[s.name], (pointer, message, hint) => report(at("secrets", s.name, ...pointer), message, hint, true));
    if (source === null) return;
    if (!source) {
      report(appAt("secrets", i), `secret "${s.name}" has no source in environment "${envName}"`, `add externalSecret or sealedSecret to it, or under environments.${envName}.apps.${app.name}.secrets.${s.name}`, true);
      return;
    }
    secrets.push({ name: s.name, secretName: `${app.name}-${s.name}`.slice(0, 253), source: sourceModel(source) });
  });
  if (secrets.length === 0) return { secrets };
  const checksum = createHash("sha256").update(JSON.stringify(secrets)).digest("hex");
  return { secrets, secretsChecksum: checksum };
}

/**
 * A Secret's source in one environment: the environment's override merged over the app's source of the same
 * provider (externalSecret: { store: vault-prod } changes the store only; data and encryptedData key by key),
 * or the override alone when it names the other provider (then it must be complete: null and a report).
 */
function mergeSource(s: Secret, o: SecretSourceOverride | undefined, report: (pointer: string[], message: string, hint: string) => void): SecretSource | undefined | null {
  const base: SecretSource | undefined = s.externalSecret ? { externalSecret: s.externalSecret } : s.sealedSecret ? { sealedSecret: s.sealedSecret } : undefined;
  if (o?.externalSecret) {
    const own = o.externalSecret;
    if (base?.externalSecret) return { externalSecret: { ...base.externalSecret, ...own, data: { ...base.externalSecret.data, ...own.data } } };
    if (own.store !== undefined && own.data !== undefined) return { externalSecret: { ...own, store: own.store, data: own.data } };
    const missing = (["store", "data"] as const).filter((k) => own[k] === undefined);
    report(["externalSecret"], `secret "${s.name}" has no externalSecret of its own to merge this over: ${missing.join(" and ")} missing`, `write ${missing.join(" and ")} here too (the app's source is ${base ? "a sealedSecret" : "not given"})`);
    return null;
  }
  if (o?.sealedSecret) return { sealedSecret: { encryptedData: { ...(base?.sealedSecret?.encryptedData ?? {}), ...o.sealedSecret.encryptedData } } };
  return base;
}

function sourceModel(s: SecretSource): SecretSourceModel {
  if (s.externalSecret) {
    const e = s.externalSecret;
    return {
      kind: "externalSecret",
      store: e.store,
      storeKind: e.storeKind ?? "SecretStore",
      refreshInterval: e.refreshInterval ?? "1h",
      data: Object.keys(e.data).sort().map((k) => [k, { remoteKey: e.data[k]!.remoteKey, ...(e.data[k]!.property ? { property: e.data[k]!.property } : {}) }]),
    };
  }
  return { kind: "sealedSecret", encryptedData: sortedEntries(s.sealedSecret!.encryptedData) };
}
