import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { FLUX_SHARDS, fluxShard } from "../../../generator/render/flux.js";
import { fileAt, MINIMAL_CONFIG, renderFromText } from "../../helpers/config.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DELIVERY = "delivery:\n  repoURL: https://github.com/example/demo.git\n";

describe("Flux shards", () => {
  it("put an app in the shard named by the first hex digit of sha256(name): stable whatever else is in the fleet", () => {
    for (const name of ["web", "api", "app-0001", "x"]) {
      expect(fluxShard(name)).toBe(`apps-${createHash("sha256").update(name).digest("hex")[0]}`);
    }
    expect(fluxShard("web")).toBe("apps-4"); // pinned: a change here would move every app (and prune it)
    const seen = new Set(Array.from({ length: 500 }, (_, i) => fluxShard(`app-${i}`)));
    expect(seen.size).toBe(FLUX_SHARDS);
  });
});

describe("engines and environments", () => {
  it("renders only the engines asked for", () => {
    const argoOnly = renderFromText(MINIMAL_CONFIG + DELIVERY + "  engines: [argocd]\n").map((f) => f.path);
    expect(argoOnly.some((p) => p.startsWith("argocd/"))).toBe(true);
    expect(argoOnly.some((p) => p.startsWith("clusters/"))).toBe(false);
    const fluxOnly = renderFromText(MINIMAL_CONFIG + DELIVERY + "  engines: [flux]\n").map((f) => f.path);
    expect(fluxOnly.some((p) => p.startsWith("argocd/"))).toBe(false);
    expect(fluxOnly).toContain(".github/workflows/gitops.yml");
    expect(fluxOnly).toContain("clusters/in-cluster/demo/dev/kustomizations.yaml");
    // Without a delivery section: no Argo CD or Flux object; the repository's own checks (ci) still run.
    const none = renderFromText(MINIMAL_CONFIG).map((f) => f.path);
    expect(none.filter((p) => !p.startsWith("base/") && !p.startsWith("overlays/"))).toEqual([".github/workflows/gitops.yml", ".github/workflows/promote.yml", "docs/environments.md"]);
  });

  it("a manual environment: Argo CD without automated sync, Flux suspended", () => {
    const files = renderFromText(MINIMAL_CONFIG + DELIVERY + "environments:\n  prod:\n    sync: { automated: false }\n");
    const set = parse(fileAt(files, "argocd/applicationset-prod.yaml")) as Obj;
    expect(set.spec.template.spec.syncPolicy).not.toHaveProperty("automated");
    const flux = parseAllDocuments(fileAt(files, "clusters/in-cluster/demo/prod/kustomizations.yaml")).map((d) => d.toJS() as Obj);
    expect(flux.map((k) => k.spec.suspend)).toEqual(flux.map(() => true));
    const apps = parseAllDocuments(fileAt(files, `clusters/in-cluster/demo/prod/${fluxShard("web")}/apps.yaml`)).map((d) => d.toJS() as Obj);
    expect(apps.map((k) => [k.metadata.name, k.spec.suspend])).toEqual([["demo-prod-web", true]]);
  });

  it("without a generated Namespace: no namespace target, no dependsOn, and the project admits no cluster-scoped kind", () => {
    const files = renderFromText(MINIMAL_CONFIG + DELIVERY + "environments:\n  dev: { createNamespace: false, namespace: shared }\n");
    expect(files.map((f) => f.path).filter((p) => p.includes("/namespace/"))).toEqual([]);
    const project = parse(fileAt(files, "argocd/appproject.yaml")) as Obj;
    expect(project.spec.clusterResourceWhitelist).toEqual([]);
    expect(project.spec.destinations).toEqual([{ namespace: "shared", server: "https://kubernetes.default.svc" }]);
    const apps = parseAllDocuments(fileAt(files, `clusters/in-cluster/demo/dev/${fluxShard("web")}/apps.yaml`)).map((d) => d.toJS() as Obj);
    expect(apps[0]!.spec).not.toHaveProperty("dependsOn");
    const set = parse(fileAt(files, "argocd/applicationset-dev.yaml")) as Obj;
    expect(set.spec.generators[0].list.elements.map((e: Obj) => e.target)).toEqual(["web"]);
  });

  it("the Namespace is protected from deletion by both controllers, and config comes before workloads under Argo CD", () => {
    const files = renderFromText(MINIMAL_CONFIG + "    config: { data: { A: b } }\n" + DELIVERY);
    const ns = parse(fileAt(files, "overlays/dev/namespace/namespace.yaml")) as Obj;
    expect(ns.metadata.annotations).toEqual({
      "argocd.argoproj.io/sync-options": "Delete=false,Prune=false",
      "argocd.argoproj.io/sync-wave": "-2",
      "kustomize.toolkit.fluxcd.io/prune": "disabled",
    });
    const base = parse(fileAt(files, "base/web/kustomization.yaml")) as Obj;
    expect(base.generatorOptions.annotations).toEqual({ "argocd.argoproj.io/sync-wave": "-1" });
    expect((parse(fileAt(files, "base/web/serviceaccount.yaml")) as Obj).metadata.annotations).toEqual({ "argocd.argoproj.io/sync-wave": "-1" });
    // The workload stays in the default wave 0.
    expect((parse(fileAt(files, "base/web/deployment.yaml")) as Obj).metadata.annotations).toBeUndefined();
    // Without delivery, none of the controllers' annotations.
    const plain = renderFromText(MINIMAL_CONFIG);
    expect(plain.map((f) => f.content).join("")).not.toMatch(/argocd\.argoproj\.io|fluxcd\.io/);
  });
});
