import type { Model } from "../model/types.js";
import type { ConfigEdit, ConfigRemoval } from "./edit.js";

/** What one container should run in one environment; digest undefined: none, or the container's own where its own tag runs. */
export interface WantedImage {
  tag: string;
  digest?: string;
}

/**
 * The config edits that make an environment run an image (promote and set-image share them): the
 * environment's tag override (environments.<env>.apps.<app>.containers.<c>.tag) when the tag it runs
 * differs, and its digest override set or removed so that the digest it runs is the wanted one. Nothing
 * when it already runs it. The container's own digest names its own tag, so it applies only where that
 * tag runs (as in the model).
 */
export function imageEdits(model: Model, envName: string, appName: string, container: string, want: WantedImage): (ConfigEdit | ConfigRemoval)[] {
  const env = model.environments.find((e) => e.name === envName)!;
  const image = env.apps.find((a) => a.app === appName)!.images.find((i) => i.container === container)!;
  const base = model.apps.find((a) => a.name === appName)!.containers.find((c) => c.name === container)!;
  const path = ["environments", envName, "apps", appName, "containers", container];
  const out: (ConfigEdit | ConfigRemoval)[] = [];
  if ((image.override.tag ?? base.tag) !== want.tag) out.push({ path: [...path, "tag"], value: want.tag });
  const inherited = want.tag === base.tag ? base.digest : undefined;
  if ((image.override.digest ?? inherited) !== want.digest) {
    if (want.digest === inherited) out.push({ path: [...path, "digest"], remove: true });
    else if (want.digest !== undefined) out.push({ path: [...path, "digest"], value: want.digest });
    // Not reachable from promote or set-image: no digest wanted where the container's own applies.
    else throw new Error(`${appName}/${container}: cannot run ${want.tag} without the digest the container names for it`);
  }
  return out;
}

/** The digest an environment runs for a tag when nothing names one: the container's own where its own tag runs. */
export function inheritedDigest(model: Model, appName: string, container: string, tag: string): string | undefined {
  const base = model.apps.find((a) => a.name === appName)!.containers.find((c) => c.name === container)!;
  return tag === base.tag ? base.digest : undefined;
}
