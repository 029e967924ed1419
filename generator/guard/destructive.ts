/**
 * The consent stage, between render and write: a run that removes a whole sync target (an app in an
 * environment, or an environment) makes Argo CD and Flux delete what that target deployed. Such a run is
 * refused (DEL001) unless the user consents: `--allow-delete`, or a `removed:` entry in the config that a
 * reviewer sees in the same commit. Reads the manifest and the old files (as write/plan does); writes nothing.
 */
import { realpath } from "node:fs/promises";
import { closestMatch } from "../config/suggest.js";
import { positionOf, type YamlSource } from "../config/source.js";
import { cmp, DiagnosticError, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Model } from "../model/types.js";
import { NAMESPACE_TARGET } from "../render/targets.js";
import { readManifest } from "../write/manifest.js";
import { OldTree, type ControllerEffect, type ObjectRef } from "./old-tree.js";

export type { ControllerEffect, ObjectRef } from "./old-tree.js";

/** `overlays/<env>/<name>/kustomization.yaml`: the file that makes a folder a sync target. */
const TARGET_FILE = /^overlays\/([^/]+)\/([^/]+)\/kustomization\.yaml$/;

/** A sync target the run removes, and what its removal does in the clusters. */
export interface RemovedTarget {
  env: string;
  /** The app, or "namespace" for the environment's Namespace target. */
  name: string;
  path: string;
  namespace?: string;
  objects: ObjectRef[];
  /** Why the objects are unknown, when the old files could not be read. */
  unreadable?: string;
  controllers: ControllerEffect[];
  /**
   * A controller deletes objects when the target goes: one of the tree's controllers does, or the tree has
   * no delivery objects (a controller set up outside it may prune). A Namespace protected from pruning is not.
   */
  destructive: boolean;
  /** The Namespace stays: it is protected from pruning and deletion (namespace targets only). */
  protectedNamespace?: boolean;
  /** How the user consented, if they did. */
  consent?: "allow-delete" | "removed";
}

export interface DeletionReview {
  /** Every removed target, by environment, the Namespace target first, then apps by name. */
  targets: RemovedTarget[];
  /** Environments with targets in the old tree and none in the new one. */
  environmentsRemoved: string[];
  /** Apps with targets in the old tree and none in the new one. */
  appsRemoved: string[];
  /** A removed environment or app next to a new one with a similar name: probably a rename (or a typo). */
  renames: { what: "environment" | "app"; from: string; to: string }[];
  /** `removed:` entries that match nothing left in the tree: the deletion happened; the entry can go. */
  staleAcknowledgements: string[];
  /** Destructive targets without consent: the run must stop. */
  refused: RemovedTarget[];
}

export interface ReviewOptions {
  /** The output root holding the old tree and its manifest. */
  root: string;
  /** The new tree's paths (relative, POSIX). */
  paths: Iterable<string>;
  model: Model;
  /** `--allow-delete`. */
  allowDelete: boolean;
  /** The old tree's manifest paths, when the caller has read them already (default: read .gitops/manifest.json). */
  oldPaths?: Iterable<string>;
}

/** The sync targets named by a set of tree paths: "env/name" keys. */
export function syncTargetsOf(paths: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const m = TARGET_FILE.exec(p);
    if (m) out.add(`${m[1]}/${m[2]}`);
  }
  return out;
}

/**
 * Compares the old tree's sync targets with the new tree's, and for each one that goes, reads from the old
 * tree what it deploys and which controller deletes it. Costs one pass over the manifest plus the files of
 * the removed targets only.
 */
export async function reviewDeletions(o: ReviewOptions): Promise<DeletionReview> {
  const root = await realpath(o.root).catch(() => o.root);
  const oldPaths = new Set(o.oldPaths ?? Object.keys((await readManifest(root))?.files ?? {}));
  const before = syncTargetsOf(oldPaths);
  const after = syncTargetsOf(o.paths);
  // By environment, its Namespace target first (as syncTargets orders them), then its apps by name.
  const order = (t: string) => t.replace(new RegExp(`/${NAMESPACE_TARGET}$`), "/");
  const gone = [...before].filter((t) => !after.has(t)).sort((a, b) => cmp(order(a), order(b)));
  const review: DeletionReview = { targets: [], environmentsRemoved: [], appsRemoved: [], renames: [], staleAcknowledgements: [], refused: [] };

  const envsBefore = new Set([...before].map((t) => t.split("/")[0]!));
  const envsAfter = new Set([...after].map((t) => t.split("/")[0]!));
  const appsOf = (targets: Set<string>) => new Set([...targets].map((t) => t.split("/")[1]!).filter((n) => n !== NAMESPACE_TARGET));
  const appsBefore = appsOf(before);
  const appsAfter = appsOf(after);
  review.environmentsRemoved = [...envsBefore].filter((e) => !envsAfter.has(e)).sort(cmp);
  review.appsRemoved = [...appsBefore].filter((a) => !appsAfter.has(a)).sort(cmp);
  const newEnvs = [...envsAfter].filter((e) => !envsBefore.has(e)).sort(cmp);
  const newApps = [...appsAfter].filter((a) => !appsBefore.has(a)).sort(cmp);
  for (const from of review.environmentsRemoved) {
    const to = closestMatch(from, newEnvs);
    if (to) review.renames.push({ what: "environment", from, to });
  }
  for (const from of review.appsRemoved) {
    const to = closestMatch(from, newApps);
    if (to) review.renames.push({ what: "app", from, to });
  }

  const removed = o.model.removed;
  const ackEnv = new Set(removed.environments);
  const ackApp = (app: string, env: string) => removed.apps.some((a) => a.name === app && (a.environments === undefined || a.environments.includes(env)));
  for (const env of removed.environments) if (!envsBefore.has(env) || envsAfter.has(env)) review.staleAcknowledgements.push(`removed.environments: ${env}`);
  for (const a of removed.apps) {
    const envs = a.environments ?? [...envsBefore];
    if (!envs.some((env) => before.has(`${env}/${a.name}`) && !after.has(`${env}/${a.name}`))) review.staleAcknowledgements.push(`removed.apps: ${a.name}`);
  }

  if (gone.length === 0) return review;
  const tree = new OldTree(root, oldPaths);
  const clusterNames = new Map((o.model.delivery?.clusters ?? []).map((c) => ["server" in c.destination ? `server:${c.destination.server}` : `name:${c.destination.name}`, c.name]));
  const hasDelivery = [...oldPaths].some((p) => p.startsWith("argocd/") || p.startsWith("clusters/"));
  review.targets = await Promise.all(
    gone.map(async (key): Promise<RemovedTarget> => {
      const [env, name] = key.split("/") as [string, string];
      const path = `overlays/${env}/${name}`;
      const [contents, controllers] = await Promise.all([tree.targetContents(path), tree.controllers(env, name, clusterNames)]);
      const target: RemovedTarget = { env, name, path, ...contents, controllers, destructive: false };
      const deletes = hasDelivery ? controllers.some((c) => c.deletes) : true;
      if (name === NAMESPACE_TARGET) {
        const ns = await tree.namespaceObject(path);
        const annotations = (ns?.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};
        const argoKeeps = /(^|,)\s*Delete=false\s*(,|$)/.test(annotations["argocd.argoproj.io/sync-options"] ?? "");
        const fluxKeeps = annotations["kustomize.toolkit.fluxcd.io/prune"] === "disabled";
        const kept = controllers.every((c) => (c.engine === "Argo CD" ? argoKeeps : fluxKeeps || !c.deletes)) && (hasDelivery || (argoKeeps && fluxKeeps));
        target.protectedNamespace = kept;
        target.destructive = deletes && !kept;
      } else {
        target.destructive = deletes;
      }
      if (target.destructive) {
        if (ackEnv.has(env) || (name !== NAMESPACE_TARGET && ackApp(name, env))) target.consent = "removed";
        else if (o.allowDelete) target.consent = "allow-delete";
      }
      return target;
    }),
  );
  review.refused = review.targets.filter((t) => t.destructive && t.consent === undefined);
  return review;
}

/**
 * DEL001 diagnostics for a refused review, located in the config: one per removed environment, one per
 * removed app (each names its targets), and one per other target. A rename gets the "did you mean" hint.
 */
export function deletionDiagnostics(review: DeletionReview, model: Model, source: YamlSource): Diagnostic[] {
  const file = source.file;
  const at = (pointer: string, key = true) => ({ file, ...positionOf(source, pointer, key), pointer });
  const out: Diagnostic[] = [];
  const refused = review.refused;
  const consent = (what: string) =>
    `add \`removed: { ${what} }\` to ${file} to delete it (a reviewer sees it in the commit), or run again with --allow-delete`;
  const summary = (targets: RemovedTarget[]) => {
    const objects = targets.reduce((n, t) => n + t.objects.length, 0);
    const places = [...new Set(targets.map((t) => placeOf(t)))].join("; ");
    return `${controllersOf(targets)} would delete ${objects} object(s) of ${targets.length} sync target(s) from ${places}`;
  };
  const handled = new Set<RemovedTarget>();
  for (const env of review.environmentsRemoved) {
    const targets = refused.filter((t) => t.env === env);
    if (targets.length === 0) continue;
    targets.forEach((t) => handled.add(t));
    const rename = review.renames.find((r) => r.what === "environment" && r.from === env);
    out.push({
      ...at(rename ? `/environments/${esc(rename.to)}` : "/environments"),
      code: "DEL001",
      severity: "error",
      message: `environment "${env}" is gone from the config${rename ? ` and "${rename.to}" is new` : ""}: ${summary(targets)}`,
      hint: rename
        ? `did you mean to rename ${env} to ${rename.to}? A rename deletes everything ${env} runs and creates it again under ${rename.to}. If not, name it \`${env}:\` again under environments; if so, ${consent(`environments: [${env}]`)}`
        : `restore \`${env}:\` under environments if it should still run; to remove it, ${consent(`environments: [${env}]`)}`,
    });
  }
  for (const app of review.appsRemoved) {
    const targets = refused.filter((t) => t.name === app && !handled.has(t));
    if (targets.length === 0) continue;
    targets.forEach((t) => handled.add(t));
    const rename = review.renames.find((r) => r.what === "app" && r.from === app);
    const found = rename ? model.apps.findIndex((a) => a.name === rename.to) : -1;
    const index = found >= 0 ? found : undefined;
    out.push({
      ...at(index !== undefined ? `/apps/${index}/name` : "/apps", index === undefined),
      code: "DEL001",
      severity: "error",
      message: `app "${app}" is gone from the config${rename ? ` and "${rename.to}" is new` : ""}: ${summary(targets)}`,
      hint: rename
        ? `did you mean to rename ${app} to ${rename.to}? A rename deletes ${app}'s objects and creates new ones under ${rename.to}. If not, name it ${app} again; if so, ${consent(`apps: [{ name: ${app} }]`)}`
        : `restore ${app} under apps if it should still run; to remove it, ${consent(`apps: [{ name: ${app} }]`)}`,
    });
  }
  for (const t of refused.filter((x) => !handled.has(x))) {
    out.push({
      ...at("/removed"),
      code: "DEL001",
      severity: "error",
      message: `${t.path} is no longer generated: ${summary([t])}`,
      hint: consent(t.name === NAMESPACE_TARGET ? `environments: [${t.env}]` : `apps: [{ name: ${t.name}, environments: [${t.env}] }]`),
    });
  }
  return out;
}

/** Throws DEL001 when the review refuses the run (nothing has been written yet). */
export function assertConsent(review: DeletionReview, model: Model, source: YamlSource): void {
  if (review.refused.length > 0) throw new DiagnosticError(deletionDiagnostics(review, model, source));
}

/** Where a target's objects live: `cluster prod, namespace sidecar-demo-prod`. */
export function placeOf(t: RemovedTarget): string {
  const deleting = t.controllers.filter((c) => c.deletes);
  const clusters = [...new Set((deleting.length > 0 ? deleting : t.controllers).map((c) => c.cluster))];
  const cluster = clusters.length > 0 ? `cluster ${clusters.join(" and ")}` : "its cluster";
  return `${cluster}, namespace ${t.namespace ?? "?"}`;
}

/** Which controllers delete: "Argo CD and Flux", or "a controller" when the tree names none. */
export function controllersOf(targets: RemovedTarget[]): string {
  const engines = [...new Set(targets.flatMap((t) => t.controllers.filter((c) => c.deletes).map((c) => c.engine)))].sort(cmp);
  return engines.length > 0 ? engines.join(" and ") : "a controller that syncs overlays/";
}

function esc(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
