/**
 * What the tree on disk (the one the controllers run) deploys for a sync target that a run would remove:
 * its objects, their namespace, and which controller deletes them from which cluster. Read from the files
 * gen wrote there before the run, never from the new config: the old tree is what is deployed.
 */
import { posix } from "node:path";
import { load } from "js-yaml";
import { cmp } from "../diagnostics/diagnostic.js";
import { createInspector, type PathInspector } from "../write/paths.js";
import { splitKustomizeOutput } from "../tools/kustomize-batch.js";

/** A deployed object, as kind and name (its namespace is the target's). */
export interface ObjectRef {
  kind: string;
  name: string;
}

/** What one controller does once the target leaves the tree. */
export interface ControllerEffect {
  engine: "Argo CD" | "Flux";
  /** The cluster, by its name in the config where the tree says so (Flux's clusters/<cluster>/), else Argo CD's destination. */
  cluster: string;
  /** The object that deploys the target: `Application sidecar-demo-prod-web`, `Kustomization flux-system/sidecar-demo-prod-web`. */
  owner: string;
  /** Whether the controller deletes the target's objects when that object goes. */
  deletes: boolean;
  /** Why (or why not), in a few words. */
  why: string;
}

export interface TargetContents {
  namespace?: string;
  objects: ObjectRef[];
  /** Set when the target's files could not be read (gone already, not YAML): the objects are then unknown. */
  unreadable?: string;
}

type Obj = Record<string, unknown>;
const ARGOCD_FINALIZER = "resources-finalizer.argocd.argoproj.io";
const MAX_DEPTH = 4;

/** Reads the old tree under root, only the paths its manifest lists, each file once, never through a symlink. */
export class OldTree {
  private readonly fsView: PathInspector;
  private readonly docs = new Map<string, Promise<Obj[] | string>>();

  constructor(
    readonly root: string,
    /** The paths of the manifest gen wrote last (what it owns). */
    readonly paths: ReadonlySet<string>,
  ) {
    this.fsView = createInspector(root);
  }

  /** The YAML documents of an owned file, or why they cannot be read. */
  private read(path: string): Promise<Obj[] | string> {
    let p = this.docs.get(path);
    if (!p) {
      p = (async () => {
        if (!this.paths.has(path)) return `${path} is not in the manifest`;
        const state = await this.fsView.inspect(path);
        if (state.kind !== "file") return state.kind === "missing" ? `${path} is gone` : `${path}: ${state.reason}`;
        try {
          return splitKustomizeOutput(state.bytes.toString("utf8")).map((d) => load(d)).filter((d): d is Obj => !!d && typeof d === "object");
        } catch (err) {
          return `${path} is not YAML: ${(err as Error).message.split("\n")[0]}`;
        }
      })();
      this.docs.set(path, p);
    }
    return p;
  }

  /** The objects a sync target's kustomization deploys: its resources (files and folders), and its generators. */
  async targetContents(dir: string): Promise<TargetContents> {
    const objects: ObjectRef[] = [];
    let namespace: string | undefined;
    let unreadable: string | undefined;
    const visit = async (kdir: string, depth: number): Promise<void> => {
      const docs = await this.read(`${kdir}/kustomization.yaml`);
      if (typeof docs === "string") {
        unreadable ??= docs;
        return;
      }
      const k = docs[0] ?? {};
      if (depth === 0 && typeof k.namespace === "string") namespace = k.namespace;
      for (const r of list(k.resources)) {
        const path = posix.normalize(posix.join(kdir, String(r)));
        if (path.startsWith("../") || path === "..") continue; // outside the tree: not gen's
        if (/\.ya?ml$/.test(path)) {
          const file = await this.read(path);
          if (typeof file === "string") unreadable ??= file;
          else for (const o of file) objects.push(refOf(o));
        } else if (depth < MAX_DEPTH) {
          await visit(path, depth + 1);
        }
      }
      for (const g of list(k.configMapGenerator)) if (isObj(g) && g.behavior !== "merge" && g.behavior !== "replace") objects.push({ kind: "ConfigMap", name: String(g.name) });
      for (const g of list(k.secretGenerator)) if (isObj(g) && g.behavior !== "merge" && g.behavior !== "replace") objects.push({ kind: "Secret", name: String(g.name) });
    };
    await visit(dir, 0);
    objects.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.name, b.name));
    return { ...(namespace !== undefined ? { namespace } : {}), objects, ...(unreadable ? { unreadable } : {}) };
  }

  /** The Namespace of an environment's namespace target, with its protection annotations. */
  async namespaceObject(dir: string): Promise<Obj | undefined> {
    const docs = await this.read(`${dir}/namespace.yaml`);
    return typeof docs === "string" ? undefined : docs.find((d) => d.kind === "Namespace");
  }

  /**
   * The controllers that deploy overlays/<env>/<name> in the old tree: Argo CD through the environment's
   * ApplicationSet (argocd/applicationset-<env>.yaml), Flux through a Kustomization whose path is the
   * target (clusters/<cluster>/<project>/<env>/...). None when the tree renders no delivery objects.
   * Each environment's delivery files are read and indexed once, so a removed environment of 1,000 apps
   * costs one pass over them.
   */
  async controllers(env: string, name: string, clusterNames: ReadonlyMap<string, string>): Promise<ControllerEffect[]> {
    let index = this.byEnv.get(env);
    if (!index) {
      index = this.indexEnvironment(env, clusterNames);
      this.byEnv.set(env, index);
    }
    return (await index).get(`overlays/${env}/${name}`) ?? [];
  }

  private readonly byEnv = new Map<string, Promise<Map<string, ControllerEffect[]>>>();
  private fluxFiles?: Map<string, string[]>;

  private async indexEnvironment(env: string, clusterNames: ReadonlyMap<string, string>): Promise<Map<string, ControllerEffect[]>> {
    const index = new Map<string, ControllerEffect[]>();
    const add = (target: string, e: ControllerEffect) => index.set(target, [...(index.get(target) ?? []), e]);
    const appSetPath = `argocd/applicationset-${env}.yaml`;
    if (this.paths.has(appSetPath)) {
      const docs = await this.read(appSetPath);
      const set = typeof docs === "string" ? undefined : docs.find((d) => d.kind === "ApplicationSet");
      const spec = obj(set?.spec);
      const template = obj(spec.template);
      const dest = obj(obj(template.spec).destination);
      const destination = typeof dest.name === "string" ? `name:${dest.name}` : `server:${String(dest.server ?? "")}`;
      const finalizer = list(obj(template.metadata).finalizers).includes(ARGOCD_FINALIZER);
      const preserve = obj(spec.syncPolicy).preserveResourcesOnDeletion === true;
      const why = finalizer && !preserve ? "its resources finalizer, once argocd/ is applied" : preserve ? "the ApplicationSet preserves resources on deletion" : "the Application has no resources finalizer";
      for (const element of list(obj(obj(list(spec.generators)[0]).list).elements).filter(isObj)) {
        const appName = String(obj(template.metadata).name ?? "").replace(/\{\{\s*\.target\s*\}\}/g, String(element.target ?? ""));
        add(targetKey(String(element.path)), {
          engine: "Argo CD",
          cluster: clusterNames.get(destination) ?? destination.slice(destination.indexOf(":") + 1),
          owner: `Application ${appName}`,
          deletes: finalizer && !preserve,
          why,
        });
      }
    }
    if (!this.fluxFiles) {
      // clusters/<cluster>/<project>/<env>/...: every Flux file of the tree by environment, in one pass.
      this.fluxFiles = new Map();
      for (const p of [...this.paths].sort(cmp)) {
        const parts = p.split("/");
        if (parts[0] !== "clusters" || parts.length < 5 || !p.endsWith(".yaml")) continue;
        this.fluxFiles.set(parts[3]!, [...(this.fluxFiles.get(parts[3]!) ?? []), p]);
      }
    }
    for (const path of this.fluxFiles.get(env) ?? []) {
      const docs = await this.read(path);
      if (typeof docs === "string") continue;
      for (const k of docs) {
        const spec = obj(k.spec);
        if (k.kind !== "Kustomization" || typeof spec.path !== "string") continue;
        const prune = spec.prune === true;
        const suspended = spec.suspend === true;
        add(targetKey(spec.path), {
          engine: "Flux",
          cluster: path.split("/")[1]!,
          owner: `Kustomization ${String(obj(k.metadata).namespace ?? "flux-system")}/${String(obj(k.metadata).name ?? "")}`,
          deletes: prune && !suspended,
          why: !prune ? "prune: false leaves them in the cluster" : suspended ? "it is suspended, so deleting it leaves them" : "prune: true",
        });
      }
    }
    return index;
  }
}

/**
 * `overlays/<env>/<name>` from a controller's path, which is rooted at the Git repository (`./deploy/overlays/dev/web`
 * when the tree is rendered into deploy/): the target's last three segments.
 */
function targetKey(path: string): string {
  const parts = posix.normalize(path).split("/").filter((p) => p !== "" && p !== ".");
  return parts.length >= 3 && parts[parts.length - 3] === "overlays" ? parts.slice(-3).join("/") : parts.join("/");
}

function refOf(o: Obj): ObjectRef {
  return { kind: String(o.kind ?? "?"), name: String(obj(o.metadata).name ?? "?") };
}

function isObj(v: unknown): v is Obj {
  return !!v && typeof v === "object" && !Array.isArray(v);
}

function obj(v: unknown): Obj {
  return isObj(v) ? v : {};
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
