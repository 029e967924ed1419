/**
 * The Argo CD and Flux objects hang together: every Application an ApplicationSet makes points at a path that
 * exists and builds, its project admits its repo, destination and every kind it deploys; every Flux path builds,
 * every sourceRef and dependsOn resolves, every sync target is synced exactly once on its environment's cluster,
 * and clusters/<cluster>/ builds the way Flux builds it after `flux bootstrap`. All of it valid under the
 * committed strict CRD schemas and the upstream ones.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { allSyncTargets } from "../../generator/render/targets.js";
import { findKustomize, type KustomizeRunner } from "../../generator/tools/kustomize.js";
import { SchemaRegistry, validateYamlText } from "../../generator/validate/index.js";
import { MINIMAL_CONFIG, modelFromText } from "../helpers/config.js";
import { REPO_ROOT } from "../helpers/cli.js";
import { REFERENCE_CONFIG } from "../helpers/fixture-configs.js";
import { tempDir, writeFilesTo } from "../helpers/tree.js";
import { renderTree } from "../../generator/render/render-tree.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A variant: Flux with its own GitRepository, a manual environment, Argo CD by registered cluster name. */
const VARIANT = `${MINIMAL_CONFIG}${MINIMAL_CONFIG.slice(MINIMAL_CONFIG.indexOf("  - name: web\n")).replace("  - name: web\n", "  - name: api\n")}environments:
  dev: { cluster: east }
  prod:
    cluster: west
    createNamespace: true
    sync: { automated: false }
delivery:
  repoURL: ssh://git@example.com/team/demo.git
  revision: release-1
  flux: { gitRepository: generate, interval: 1m }
  clusters:
    east: { name: east-cluster }
    west: { server: "https://west.example.com:6443" }
`;

let kustomize: KustomizeRunner;
beforeAll(async () => {
  kustomize = await findKustomize();
}, 120_000);

const objectsOf = (text: string): Obj[] => parseAllDocuments(text).map((d) => d.toJS() as Obj).filter((o) => o);

describe.each([
  ["the reference config (test/fixtures/configs/reference.config.yaml)", REFERENCE_CONFIG],
  ["a variant (generated GitRepository, manual prod, registered cluster name)", VARIANT],
])("delivery objects of %s", (_name, config) => {
  const model = modelFromText(config);
  const files = renderTree(model);
  const dir = tempDir("sidecar-gitops-delivery-");
  writeFilesTo(dir, files);
  const build = (path: string) => kustomize.build(join(dir, path));
  const targets = allSyncTargets(model);

  describe("Argo CD", () => {
    let project: Obj;
    let applications: Obj[];
    beforeAll(async () => {
      const objects = objectsOf(await build("argocd"));
      project = objects.find((o) => o.kind === "AppProject")!;
      // What the ApplicationSet controller makes: the template with each element's values (goTemplate).
      applications = objects
        .filter((o) => o.kind === "ApplicationSet")
        .flatMap((set) =>
          (set.spec.generators[0].list.elements as Obj[]).map((el) =>
            JSON.parse(JSON.stringify(set.spec.template).replace(/\{\{\.(\w+)\}\}/g, (_m, k: string) => {
              expect(el, `element key ${k}`).toHaveProperty(k);
              return el[k] as string;
            })),
          ),
        );
    }, 120_000);

    it("makes one Application per sync target, each in the project, from this repo, to its environment's cluster and namespace", () => {
      expect(applications.map((a) => a.spec.source.path).sort()).toEqual(targets.map((t) => t.path).sort());
      for (const app of applications) {
        expect(app.spec.project).toBe(project.metadata.name);
        expect(project.spec.sourceRepos).toContain(app.spec.source.repoURL);
        expect(app.spec.source.repoURL).toBe(model.delivery!.repoURL);
        expect(app.spec.source.targetRevision).toBe(model.delivery!.revision);
        expect(project.spec.destinations, JSON.stringify(app.spec.destination)).toContainEqual(app.spec.destination);
        const env = model.environments.find((e) => app.spec.source.path.startsWith(`overlays/${e.name}/`))!;
        expect(app.spec.destination.namespace).toBe(env.namespace);
        expect(app.metadata.finalizers).toEqual(["resources-finalizer.argocd.argoproj.io"]);
        expect(app.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(["CreateNamespace=false", "PruneLast=true"]));
        if (env.sync.automated) expect(app.spec.syncPolicy.automated).toEqual({ prune: env.sync.prune, selfHeal: env.sync.selfHeal });
        else expect(app.spec.syncPolicy).not.toHaveProperty("automated");
      }
      expect(new Set(applications.map((a) => a.metadata.name)).size).toBe(applications.length);
    });

    it("refreshes an Application only for its own paths (manifest-generate-paths), which all exist", () => {
      for (const app of applications) {
        const paths = String(app.metadata.annotations["argocd.argoproj.io/manifest-generate-paths"]).split(";");
        expect(paths[0]).toBe(".");
        for (const p of paths) expect(existsSync(join(dir, p === "." ? app.spec.source.path : p.slice(1))), p).toBe(true);
        if (!app.spec.source.path.endsWith("/namespace")) expect(paths).toContain(`/base/${app.spec.source.path.split("/")[2]}`);
      }
    });

    it("every path builds, and the project admits every kind it deploys and no other", async () => {
      const allowed = new Set([
        ...(project.spec.namespaceResourceWhitelist as Obj[]).map((k) => `${k.group}/${k.kind}`),
        ...(project.spec.clusterResourceWhitelist as Obj[]).map((k) => `${k.group}/${k.kind}`),
      ]);
      const seen = new Set<string>();
      for (const app of applications) {
        for (const o of objectsOf(await build(app.spec.source.path))) {
          const group = String(o.apiVersion).includes("/") ? String(o.apiVersion).split("/")[0] : "";
          seen.add(`${group}/${o.kind}`);
        }
      }
      expect([...seen].sort()).toEqual([...allowed].sort());
    }, 120_000);
  });

  describe("Flux", () => {
    for (const cluster of model.delivery!.clusters) {
      const root = `clusters/${cluster.name}/${model.project.name}`;

      it(`clusters/${cluster.name}: every Kustomization's path builds, sourceRef and dependsOn resolve, each target synced once`, async () => {
        // Walk the tree the way Flux applies it: the project directory, then each shard it points at.
        const kustomizations: Obj[] = [];
        const others: Obj[] = [];
        const pending = [root];
        const visited = new Set<string>();
        while (pending.length > 0) {
          const path = pending.shift()!;
          if (visited.has(path)) continue;
          visited.add(path);
          for (const o of objectsOf(await build(path))) {
            if (o.kind !== "Kustomization") {
              others.push(o);
              continue;
            }
            kustomizations.push(o);
            const p = String(o.spec.path).replace(/^\.\//, "");
            expect(existsSync(join(dir, p, "kustomization.yaml")), p).toBe(true);
            if (p.startsWith("clusters/")) pending.push(p);
          }
        }
        const names = new Set(kustomizations.map((k) => k.metadata.name));
        expect(names.size).toBe(kustomizations.length);
        const generated = model.delivery!.flux!.gitRepository === "generate";
        for (const k of kustomizations) {
          expect(k.metadata.namespace).toBe("flux-system");
          const source = k.spec.sourceRef;
          if (generated) expect(others.filter((o) => o.kind === "GitRepository").map((o) => o.metadata.name)).toContain(source.name);
          else expect(source).toEqual({ kind: "GitRepository", name: "flux-system" }); // what `flux bootstrap` creates
          for (const d of (k.spec.dependsOn ?? []) as Obj[]) expect(names, `${k.metadata.name} dependsOn ${d.name}`).toContain(d.name);
          expect(k.spec).toMatchObject({ interval: model.delivery!.flux!.interval, timeout: "5m", retryInterval: "2m" });
        }
        // Each sync target of the environments on this cluster, exactly once, in its environment's sync policy.
        const mine = targets.filter((t) => model.environments.find((e) => e.name === t.env)!.cluster === cluster.name);
        const appliedPaths = kustomizations.map((k) => String(k.spec.path).slice(2)).filter((p) => p.startsWith("overlays/"));
        expect(appliedPaths.sort()).toEqual(mine.map((t) => t.path).sort());
        for (const k of kustomizations.filter((x) => String(x.spec.path).startsWith("./overlays/"))) {
          const t = mine.find((x) => `./${x.path}` === k.spec.path)!;
          const env = model.environments.find((e) => e.name === t.env)!;
          expect(k.spec.wait).toBe(true);
          expect(k.spec.prune).toBe(t.kind === "app" && env.sync.prune);
          expect(k.spec.suspend ?? false).toBe(!env.sync.automated);
          if (t.kind === "app" && env.createNamespace) expect(k.spec.dependsOn).toEqual([{ name: `${model.project.name}-${env.name}-namespace` }]);
        }
        if (generated) {
          const repo = others.find((o) => o.kind === "GitRepository")!;
          expect(repo.spec).toMatchObject({ url: model.delivery!.repoURL, ref: { branch: model.delivery!.revision } });
        }
      }, 120_000);

      it(`clusters/${cluster.name}/ builds as Flux builds it after bootstrap (flux-system/ beside the project)`, async () => {
        // `flux bootstrap --path=clusters/<cluster>` commits flux-system/; kustomize-controller then builds the
        // directory as `kustomize create --autodetect --recursive` would: both subdirectories as resources.
        const clusterDir = join(dir, "clusters", cluster.name);
        expect(existsSync(join(clusterDir, "kustomization.yaml")), "no kustomization.yaml of ours may hide flux-system/").toBe(false);
        const copy = tempDir("sidecar-gitops-flux-");
        writeFilesTo(copy, files.filter((f) => f.path.startsWith("clusters/") || f.path.startsWith("overlays/") || f.path.startsWith("base/")));
        const fluxSystem = join(copy, "clusters", cluster.name, "flux-system");
        mkdirSync(fluxSystem, { recursive: true });
        writeFileSync(
          join(fluxSystem, "gotk-sync.yaml"),
          `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: { name: flux-system, namespace: flux-system }\nspec: { interval: 1m, url: ${model.delivery!.repoURL}, ref: { branch: main } }\n`,
        );
        writeFileSync(join(fluxSystem, "kustomization.yaml"), "resources:\n  - gotk-sync.yaml\n");
        writeFileSync(join(copy, "clusters", cluster.name, "kustomization.yaml"), `resources:\n  - flux-system\n  - ${model.project.name}\n`);
        const objects = objectsOf(await kustomize.build(join(copy, "clusters", cluster.name)));
        expect(objects.filter((o) => o.kind === "GitRepository").map((o) => o.metadata.name)).toContain("flux-system");
        expect(objects.filter((o) => o.kind === "Kustomization").length).toBeGreaterThan(0);
      }, 120_000);
    }
  });

  describe("schemas", () => {
    const upstream = [resolve(REPO_ROOT, "test/fixtures/upstream-schemas/crds"), resolve(REPO_ROOT, "../shared/upstream-schemas/crds")].find((d) => existsSync(d));
    const texts = async () => [await build("argocd"), ...(await Promise.all(model.delivery!.clusters.flatMap((c) => deliveryDirs(c.name)).map(build)))];
    const deliveryDirs = (cluster: string) =>
      files.filter((f) => f.path.startsWith(`clusters/${cluster}/`) && f.path.endsWith("/kustomization.yaml")).map((f) => f.path.slice(0, -"/kustomization.yaml".length));

    it("every Argo CD and Flux object is valid under the committed strict CRD schemas", async () => {
      const registry = new SchemaRegistry([join(REPO_ROOT, "schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json")], "1.33.0", true);
      const results = (await texts()).flatMap((t, i) => validateYamlText(`build-${i}`, t, { registry, strict: true, ignoreMissingSchemas: false, skip: new Set(), reject: new Set() }));
      expect(results.length).toBeGreaterThan(3);
      for (const r of results) expect(r.status, `${r.signature.kind}/${r.signature.name}: ${r.msg}`).toBe("valid");
    }, 120_000);

    it("every Argo CD and Flux object is valid under the upstream CRD schemas (Argo CD 3.5, Flux 2.9)", async () => {
      if (!upstream) {
        expect(process.env.CI, "upstream CRD schemas are missing (test/fixtures/upstream-schemas or ../shared)").not.toBe("true");
        return;
      }
      const registry = new SchemaRegistry([join(upstream, "{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json")], "1.33.0", true);
      const results = (await texts()).flatMap((t, i) => validateYamlText(`build-${i}`, t, { registry, strict: true, ignoreMissingSchemas: false, skip: new Set(), reject: new Set() }));
      expect(results.length).toBeGreaterThan(3);
      for (const r of results) expect(r.status, `${r.signature.kind}/${r.signature.name}: ${r.msg}`).toBe("valid");
    }, 120_000);
  });
});
