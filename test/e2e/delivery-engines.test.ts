/**
 * An engine per cluster (issue 24): Argo CD objects only for environments on Argo CD clusters, Flux objects only
 * for Flux clusters, every sync target synced exactly once by exactly one engine on its cluster; and every path a
 * controller reads rooted at the Git repository's root, whatever folder the tree is rendered into.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { gitRepoPath, originOf } from "../../generator/pipeline.js";
import { allSyncTargets } from "../../generator/render/targets.js";
import { renderTree } from "../../generator/render/render-tree.js";
import { findKustomize, type KustomizeRunner } from "../../generator/tools/kustomize.js";
import { diagnosticsOf, FIX, MINIMAL_CONFIG, modelFromText } from "../helpers/config.js";
import { runCli } from "../helpers/cli.js";
import { readTree, tempDir, writeFilesTo } from "../helpers/tree.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TWO_APPS = `${MINIMAL_CONFIG}${MINIMAL_CONFIG.slice(MINIMAL_CONFIG.indexOf("  - name: web\n")).replace("  - name: web\n", "  - name: api\n")}`;

/** The new user's layout: dev and staging on nonprod with Argo CD, prod on its own cluster with Flux. */
const MIXED = `${TWO_APPS}environments:
  dev: { cluster: nonprod }
  staging: { cluster: nonprod }
  prod: { cluster: prod }
delivery:
  repoURL: https://github.com/example/shop.git
  clusters:
    nonprod: { engine: argocd }
    prod: { engine: flux, server: "https://prod.k8s.example.com" }
`;

const objectsOf = (text: string): Obj[] => parseAllDocuments(text).map((d) => d.toJS() as Obj).filter((o) => o);

/** Every sync target path a controller points at, per engine, with the cluster it lands on. */
function syncedPaths(files: { path: string; content: string }[]): { engine: string; cluster: string; path: string }[] {
  const out: { engine: string; cluster: string; path: string }[] = [];
  for (const f of files) {
    if (f.path.startsWith("argocd/applicationset-")) {
      const set = objectsOf(f.content)[0]!;
      const cluster = set.spec.template.spec.destination.server ?? set.spec.template.spec.destination.name;
      for (const el of set.spec.generators[0].list.elements as Obj[]) out.push({ engine: "argocd", cluster, path: el.path });
    }
    const flux = /^clusters\/([^/]+)\//.exec(f.path);
    if (flux) {
      for (const o of objectsOf(f.content)) {
        if (o.kind !== "Kustomization" || o.apiVersion !== "kustomize.toolkit.fluxcd.io/v1") continue;
        const path = String(o.spec.path).replace(/^\.\//, "");
        // Shard and project Kustomizations apply other Kustomizations; the targets are the overlays.
        if (path.includes("overlays/")) out.push({ engine: "flux", cluster: flux[1]!, path });
      }
    }
  }
  return out;
}

describe("an engine per cluster", () => {
  const model = modelFromText(MIXED);
  const files = renderTree(model);
  const paths = files.map((f) => f.path);

  it("renders Argo CD objects only for the Argo CD cluster's environments, Flux only for the Flux cluster", () => {
    expect(paths).toContain("argocd/applicationset-dev.yaml");
    expect(paths).toContain("argocd/applicationset-staging.yaml");
    expect(paths).not.toContain("argocd/applicationset-prod.yaml");
    expect(paths.filter((p) => p.startsWith("clusters/prod/"))).not.toHaveLength(0);
    expect(paths.filter((p) => p.startsWith("clusters/nonprod/"))).toEqual([]);
    const project = objectsOf(files.find((f) => f.path === "argocd/appproject.yaml")!.content)[0]!;
    expect(project.spec.destinations.map((d: Obj) => d.namespace).sort()).toEqual(["demo-dev", "demo-staging"]);
  });

  it("syncs every target exactly once, by exactly one engine, on its environment's cluster", () => {
    const synced = syncedPaths(files);
    const targets = allSyncTargets(model);
    expect(synced.map((s) => s.path).sort()).toEqual(targets.map((t) => t.path).sort());
    for (const t of targets) {
      const by = synced.filter((s) => s.path === t.path);
      expect(by, t.path).toHaveLength(1);
      const env = model.environments.find((e) => e.name === t.env)!;
      expect(by[0]!.engine).toBe(env.cluster === "prod" ? "flux" : "argocd");
      expect(by[0]!.cluster).toBe(env.cluster === "prod" ? "prod" : "https://kubernetes.default.svc");
    }
  });

  it("keeps today's default: with no cluster naming an engine both are rendered, as alternatives", () => {
    const both = renderTree(modelFromText(MIXED.replace("{ engine: argocd }", "{}").replace("engine: flux, ", "")));
    const p = both.map((f) => f.path);
    expect(p).toContain("argocd/applicationset-prod.yaml");
    expect(p.some((x) => x.startsWith("clusters/nonprod/"))).toBe(true);
  });

  it("a cluster that names one engine while the default is both and another cluster names none is refused, located", () => {
    const half = MIXED.replace("{ engine: argocd }", "{}");
    const [first, ...rest] = diagnosticsOf(() => modelFromText(half));
    expect(rest).toEqual([]);
    expect(first).toMatch(/^gitops\.config\.yaml:\d+:\d+: error MDL001 \/delivery\/clusters\/nonprod: cluster "nonprod" names no engine while "prod" does: it would be synced by both Argo CD and Flux/);
    const hint = first!.split("\n")[1]!.replace(/^\s*hint: /, "");
    expect(hint).toMatch(FIX);
    expect(hint).toContain("delivery.clusters.nonprod");
    // With a one-engine default the other cluster is unambiguous.
    expect(() => modelFromText(half.replace("  clusters:\n", "  engines: [argocd]\n  clusters:\n"))).not.toThrow();
  });

  it("an unknown engine is refused with the allowed values", () => {
    const [first] = diagnosticsOf(() => modelFromText(MIXED.replace("engine: argocd", "engine: jenkins")));
    expect(first).toMatch(/\/delivery\/clusters\/nonprod\/engine: .*"argocd", "flux"/);
  });
});

describe("paths rooted at the Git repository", () => {
  it("finds the output folder's path from the repository root, and none outside a repository", () => {
    const repo = tempDir("sidecar-gitops-reporoot-");
    mkdirSync(join(repo, ".git"));
    mkdirSync(join(repo, "deploy", "gitops"), { recursive: true });
    expect(gitRepoPath(repo)).toBe("");
    expect(gitRepoPath(join(repo, "deploy", "gitops"))).toBe("deploy/gitops");
    expect(originOf("gitops.config.yaml", "deploy/gitops", repo).repoPath).toBe("deploy/gitops");
    // A worktree's .git is a file.
    const wt = tempDir("sidecar-gitops-reporoot-wt-");
    writeFileSync(join(wt, ".git"), "gitdir: /elsewhere\n");
    mkdirSync(join(wt, "tree"));
    expect(gitRepoPath(join(wt, "tree"))).toBe("tree");
  });

  it("delivery.path, when set, roots every controller path; a '..' segment is refused", () => {
    const model = modelFromText(MIXED.replace("delivery:\n", "delivery:\n  path: deploy/gitops\n"));
    const synced = syncedPaths(renderTree(model));
    expect(synced.length).toBeGreaterThan(0);
    for (const s of synced) expect(s.path).toMatch(/^deploy\/gitops\/overlays\//);
    const [first] = diagnosticsOf(() => modelFromText(MIXED.replace("delivery:\n", "delivery:\n  path: deploy/../x\n")));
    expect(first).toMatch(/\/delivery\/path: delivery\.path "deploy\/\.\.\/x" has a "\." or "\.\." segment/);
  });

  describe("gen --out into a subfolder of a Git repository", () => {
    let repo: string;
    let tree: Record<string, string>;
    let kustomize: KustomizeRunner;
    beforeAll(async () => {
      kustomize = await findKustomize();
      repo = tempDir("sidecar-gitops-subfolder-");
      execFileSync("git", ["init", "-q", repo]);
      writeFileSync(join(repo, "package.json"), "{}\n");
      // With the version header, so that gen has nothing to say on stderr (a header-less config gets CFG030).
      writeFileSync(join(repo, "gitops.config.yaml"), `apiVersion: sidecar-gitops.dev/v1alpha1\nkind: GitOpsConfig\nmetadata: { name: mixed }\n${MIXED}`);
      const r = runCli(repo, ["gen", "--out", "deploy"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      tree = readTree(join(repo, "deploy"));
    }, 120_000);

    it("every Argo CD and Flux path is the target's path from the repository root, and builds from there", async () => {
      const files = Object.entries(tree).map(([path, content]) => ({ path, content }));
      const synced = syncedPaths(files);
      expect(synced.length).toBe(3 * 3); // 3 environments x (the Namespace target + 2 apps)
      for (const s of synced) {
        expect(s.path.startsWith("deploy/overlays/"), s.path).toBe(true);
        expect(existsSync(join(repo, s.path, "kustomization.yaml")), s.path).toBe(true);
      }
      // Argo CD's manifest-generate-paths: the base, from the repository root.
      const set = objectsOf(tree["argocd/applicationset-dev.yaml"]!)[0]!;
      for (const el of set.spec.generators[0].list.elements as Obj[]) {
        for (const p of String(el.generatePaths).split(";").filter((x) => x.startsWith("/"))) {
          expect(existsSync(join(repo, p)), p).toBe(true);
        }
      }
      // Flux builds a target from the repository root, as it does from the GitRepository's artifact.
      const flux = synced.find((s) => s.engine === "flux")!;
      expect(await kustomize.build(join(repo, flux.path))).toContain("kind: Deployment");
    });
  });
});
