import type { App, EnvFrom, EnvVars, Lifecycle, LifecycleHandler } from "../config/config-types.gen.js";
import { quantityString } from "../values/quantity.js";
import type { EnvFromModel, EnvValueModel, LifecycleHandlerModel, LifecycleModel } from "./types.js";

type Report = (pointer: (string | number)[], message: string, hint: string, key?: boolean) => void;

/** One env value of the config as the model keeps it (a divisor as its canonical quantity). */
export function envValue(v: EnvVars[string]): EnvValueModel {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  if ("fieldRef" in v) return { fieldRef: v.fieldRef };
  const r = v.resourceFieldRef;
  return { resourceFieldRef: { ...(r.containerName ? { containerName: r.containerName } : {}), resource: r.resource, ...(r.divisor !== undefined ? { divisor: quantityString(r.divisor) } : {}) } };
}

/** The lifecycle hooks of the config, as the model keeps them. */
export function lifecycleOf(l: Lifecycle): LifecycleModel {
  const handler = (h: LifecycleHandler): LifecycleHandlerModel =>
    h.exec ? { exec: { command: h.exec.command } } : h.httpGet ? { httpGet: { path: h.httpGet.path, port: h.httpGet.port } } : { sleep: { seconds: h.sleep!.seconds } };
  return { ...(l.postStart ? { postStart: handler(l.postStart) } : {}), ...(l.preStop ? { preStop: handler(l.preStop) } : {}) };
}

/**
 * An envFrom list of the config resolved to the Kubernetes objects it names: a secret of apps[].secrets is the
 * Secret <app>-<name>, a configMap volume of apps[].volumes is its ConfigMap. Anything else is reported where it
 * is written.
 */
export function resolveEnvFrom(list: EnvFrom | undefined, app: App, configMapOf: (volume: string) => string | undefined, at: (string | number)[], report: Report): EnvFromModel[] {
  const out: EnvFromModel[] = [];
  (list ?? []).forEach((e, i) => {
    const prefix = e.prefix !== undefined ? { prefix: e.prefix } : {};
    if ((e.secret === undefined) === (e.configMap === undefined)) {
      report([...at, i], "an envFrom entry names exactly one of secret and configMap", "write { secret: <name> } or { configMap: <volume> }, one per entry");
      return;
    }
    if (e.secret !== undefined) {
      if (!(app.secrets ?? []).some((s) => s.name === e.secret)) {
        const known = (app.secrets ?? []).map((s) => s.name);
        report([...at, i, "secret"], `unknown secret "${e.secret}"`, known.length ? `use one of: ${known.join(", ")}` : `declare it under apps[].secrets (name, and where its values come from: externalSecret or sealedSecret)`);
        return;
      }
      out.push({ kind: "secret", name: `${app.name}-${e.secret}`.slice(0, 253), ...prefix });
      return;
    }
    const name = configMapOf(e.configMap!);
    if (name === undefined) {
      const known = (app.volumes ?? []).filter((v) => v.configMap).map((v) => v.name);
      report([...at, i, "configMap"], `"${e.configMap}" is not a configMap volume of the app`, known.length ? `use one of: ${known.join(", ")}` : `declare it under apps[].volumes as { name: ${e.configMap}, configMap: { files: [...] } }`);
      return;
    }
    out.push({ kind: "configMap", name, ...prefix });
  });
  return out;
}
