import type { AppModel, EnvironmentAppModel, EnvironmentModel, Model } from "./types.js";

/**
 * Name lookups over a built model, each list indexed on first use. A scan per lookup made rendering and the
 * gen-time checks quadratic in the fleet (1,000 apps: a million comparisons per environment). The model is
 * not changed once built, so an index per list stays right.
 */
const appIndexes = new WeakMap<readonly AppModel[], Map<string, AppModel>>();
const environmentAppIndexes = new WeakMap<readonly EnvironmentAppModel[], Map<string, EnvironmentAppModel>>();

/** The app of that name, or undefined. */
export function appNamed(model: Pick<Model, "apps">, name: string): AppModel | undefined {
  let index = appIndexes.get(model.apps);
  if (!index) appIndexes.set(model.apps, (index = new Map(model.apps.map((a) => [a.name, a]))));
  return index.get(name);
}

/** How an environment runs the app of that name, or undefined. */
export function environmentApp(env: Pick<EnvironmentModel, "apps">, name: string): EnvironmentAppModel | undefined {
  let index = environmentAppIndexes.get(env.apps);
  if (!index) environmentAppIndexes.set(env.apps, (index = new Map(env.apps.map((a) => [a.app, a]))));
  return index.get(name);
}
