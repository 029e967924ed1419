import { TOOL_NAME, type EnvironmentModel, type Model } from "../model/types.js";

/**
 * One sync target: a kustomization that builds on its own and holds one app of one environment (or the
 * environment's Namespace), so what a controller renders for it costs the same whatever the fleet size.
 * Argo CD gets an Application per target, Flux a Kustomization per target, and `npm run validate` builds
 * each one.
 */
export interface SyncTarget {
  env: string;
  /** "namespace", or the app's name. */
  name: string;
  kind: "namespace" | "app";
  /** The kustomization's directory, relative to the repository root. */
  path: string;
  /** Every directory whose files the build reads (the overlay, then the base). */
  sources: string[];
  /** The target that must be applied first (an app waits for its environment's Namespace). */
  dependsOn?: string;
}

/** The directory of the environment-wide target: the Namespace with its Pod Security labels. */
export const NAMESPACE_TARGET = "namespace";

/** Every sync target of one environment: its Namespace (when the environment creates it), then its apps. */
export function syncTargets(model: Model, env: EnvironmentModel): SyncTarget[] {
  const targets: SyncTarget[] = [];
  const dir = `overlays/${env.name}`;
  if (env.createNamespace) {
    targets.push({ env: env.name, name: NAMESPACE_TARGET, kind: "namespace", path: `${dir}/${NAMESPACE_TARGET}`, sources: [`${dir}/${NAMESPACE_TARGET}`] });
  }
  for (const app of model.apps) {
    targets.push({
      env: env.name,
      name: app.name,
      kind: "app",
      path: `${dir}/${app.name}`,
      sources: [`${dir}/${app.name}`, `base/${app.name}`],
      ...(env.createNamespace ? { dependsOn: NAMESPACE_TARGET } : {}),
    });
  }
  return targets;
}

/** Every sync target of the model, environment by environment. */
export function allSyncTargets(model: Model): SyncTarget[] {
  return model.environments.flatMap((env) => syncTargets(model, env));
}

/** The labels of every Argo CD and Flux object: who manages it, its project, and its environment where it has one. */
export function deliveryLabels(model: Model, env?: EnvironmentModel): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": TOOL_NAME,
    "app.kubernetes.io/part-of": model.project.name,
    ...(env ? { environment: env.name } : {}),
  };
}
