/** The consent stage on real trees written by the write stage: what a removal deletes, and who deletes it. */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../generator/config/load.js";
import { deletionDiagnostics, reviewDeletions, type DeletionReview } from "../../../generator/guard/destructive.js";
import { formatDeletionReport, LISTED_TARGETS, terminalStyle } from "../../../generator/guard/report.js";
import type { Model } from "../../../generator/model/types.js";
import { renderFromConfigText } from "../../../generator/pipeline.js";
import { writeTree } from "../../../generator/write/index.js";
import { MINIMAL_CONFIG } from "../../helpers/config.js";
import { tempDir } from "../../helpers/tree.js";

const DELIVERY = "delivery:\n  repoURL: https://github.com/example/demo.git\n  clusters:\n    main: { server: https://main.example.com }\n";
const V = { version: "test" };

/** The tree of `before`, written; then the review of rendering `after` over it. */
async function review(before: string, after: string, allowDelete = false, mutate?: (dir: string) => void): Promise<{ review: DeletionReview; model: Model; after: string }> {
  const dir = tempDir();
  await writeTree(dir, renderFromConfigText("gitops.config.yaml", before).files, V);
  mutate?.(dir);
  const next = renderFromConfigText("gitops.config.yaml", after);
  return { review: await reviewDeletions({ root: dir, paths: next.files.map((f) => f.path), model: next.model, allowDelete }), model: next.model, after };
}

const apps = (n: number) =>
  MINIMAL_CONFIG.replace(/ {2}- name: web\n[\s\S]*$/, "") +
  Array.from({ length: n }, (_, i) => MINIMAL_CONFIG.slice(MINIMAL_CONFIG.indexOf("  - name: web\n")).replace("name: web", `name: app${String(i).padStart(2, "0")}`)).join("");

describe("reviewDeletions", () => {
  it("nothing removed: nothing to review, nothing refused", async () => {
    const { review: r } = await review(MINIMAL_CONFIG + DELIVERY, MINIMAL_CONFIG + DELIVERY + "# a comment\n");
    expect(r.targets).toEqual([]);
    expect(r.refused).toEqual([]);
    expect(formatDeletionReport(r, "text")).toBe("");
  });

  it("an environment removed: its app targets are refused, its Namespace stays protected, Argo CD and Flux named per cluster", async () => {
    const envs = "environments:\n  dev: {}\n  prod: {}\n";
    const { review: r } = await review(MINIMAL_CONFIG + DELIVERY + envs, MINIMAL_CONFIG + DELIVERY + "environments:\n  dev: {}\n");
    expect(r.environmentsRemoved).toEqual(["prod"]);
    expect(r.targets.map((t) => [t.path, t.destructive, t.protectedNamespace])).toEqual([
      ["overlays/prod/namespace", false, true],
      ["overlays/prod/web", true, undefined],
    ]);
    const web = r.targets[1]!;
    expect(web.namespace).toBe("demo-prod");
    expect(web.objects).toEqual([
      { kind: "Deployment", name: "web" },
      { kind: "Service", name: "web" },
      { kind: "ServiceAccount", name: "web" },
    ]);
    expect(web.controllers).toEqual([
      { engine: "Argo CD", cluster: "main", owner: "Application demo-prod-web", deletes: true, why: "its resources finalizer, once argocd/ is applied" },
      { engine: "Flux", cluster: "main", owner: "Kustomization flux-system/demo-prod-web", deletes: true, why: "prune: true" },
    ]);
    expect(r.refused).toEqual([web]);
    expect(r.renames).toEqual([]);
  });

  it("finds the controllers when their paths are rooted at the Git repository (delivery.path)", async () => {
    const cfg = MINIMAL_CONFIG + DELIVERY + "  path: deploy/gitops\nenvironments:\n  dev: {}\n  prod: {}\n";
    const { review: r } = await review(cfg, cfg.replace("  prod: {}\n", ""));
    const web = r.targets.find((t) => t.name === "web")!;
    expect(web.controllers.map((c) => [c.engine, c.owner, c.deletes])).toEqual([
      ["Argo CD", "Application demo-prod-web", true],
      ["Flux", "Kustomization flux-system/demo-prod-web", true],
    ]);
  });

  it("tells a rename by the similar new name, and --allow-delete consents", async () => {
    const { review: r } = await review(MINIMAL_CONFIG + DELIVERY + "environments:\n  prod: {}\n", MINIMAL_CONFIG + DELIVERY + "environments:\n  prdo: {}\n", true);
    expect(r.renames).toEqual([{ what: "environment", from: "prod", to: "prdo" }]);
    expect(r.refused).toEqual([]);
    expect(r.targets.find((t) => t.name === "web")!.consent).toBe("allow-delete");
  });

  it("gives no rename hint when the new name is not close", async () => {
    const { review: r } = await review(MINIMAL_CONFIG + DELIVERY + "environments:\n  prod: {}\n", MINIMAL_CONFIG + DELIVERY + "environments:\n  qa: {}\n");
    expect(r.renames).toEqual([]);
    expect(r.refused.map((t) => t.path)).toEqual(["overlays/prod/web"]);
  });

  it("Flux with prune: false leaves the objects: reported, not refused", async () => {
    const cfg = MINIMAL_CONFIG + DELIVERY + "  engines: [flux]\nenvironments:\n  dev: {}\n  prod:\n    sync: { prune: false }\n";
    const { review: r } = await review(cfg, cfg.replace("  prod:\n    sync: { prune: false }\n", ""));
    const web = r.targets.find((t) => t.name === "web")!;
    expect(web.destructive).toBe(false);
    expect(web.controllers.map((c) => [c.engine, c.deletes, c.why])).toEqual([["Flux", false, "prune: false leaves them in the cluster"]]);
    expect(r.refused).toEqual([]);
    expect(formatDeletionReport(r, "text")).toContain("overlays/prod/web: Deployment web, Service web, ServiceAccount web stay in cluster main, namespace demo-prod: no controller deletes them");
  });

  it("a suspended Flux Kustomization (sync.automated: false) leaves them too; Argo CD's finalizer still deletes", async () => {
    const cfg = MINIMAL_CONFIG + DELIVERY + "environments:\n  dev: {}\n  prod:\n    sync: { automated: false }\n";
    const { review: r } = await review(cfg, cfg.replace("  prod:\n    sync: { automated: false }\n", ""));
    const web = r.targets.find((t) => t.name === "web")!;
    expect(web.controllers.map((c) => [c.engine, c.deletes])).toEqual([["Argo CD", true], ["Flux", false]]);
    expect(r.refused).toEqual([web]);
  });

  it("without delivery objects in the tree a controller outside it may prune: refused, said so", async () => {
    const { review: r } = await review(MINIMAL_CONFIG + "environments:\n  dev: {}\n  prod: {}\n", MINIMAL_CONFIG + "environments:\n  dev: {}\n");
    expect(r.refused.map((t) => t.path)).toEqual(["overlays/prod/namespace", "overlays/prod/web"]);
    expect(formatDeletionReport(r, "text")).toContain("no Argo CD or Flux object in the tree; a controller that syncs overlays/ prunes them");
  });

  it("`removed:` consents per environment, and per app only in the environments it names", async () => {
    const before = apps(2) + DELIVERY + "environments:\n  dev: {}\n  prod: {}\n";
    const dropApp = before.replace(/ {2}- name: app01\n[\s\S]*?(?=delivery:)/, "");
    const all = await review(before, dropApp + "removed:\n  apps:\n    - name: app01\n");
    expect(all.review.refused).toEqual([]);
    const some = await review(before, dropApp + "removed:\n  apps:\n    - { name: app01, environments: [dev] }\n");
    expect(some.review.refused.map((t) => t.path)).toEqual(["overlays/prod/app01"]);
    expect(some.review.targets.find((t) => t.path === "overlays/dev/app01")!.consent).toBe("removed");
  });

  it("locates DEL001 at the new name of a rename, and at /environments otherwise", async () => {
    const { review: r, model, after } = await review(MINIMAL_CONFIG + DELIVERY + "environments:\n  prod: {}\n", MINIMAL_CONFIG + DELIVERY + "environments:\n  prdo: {}\n");
    const [d] = deletionDiagnostics(r, model, parseConfigText("gitops.config.yaml", after).source);
    expect(d).toMatchObject({ code: "DEL001", pointer: "/environments/prdo", line: after.split("\n").indexOf("  prdo: {}") + 1, col: 3 });
    expect(d!.hint).toMatch(/^did you mean to rename prod to prdo\?/);
  });

  it(`lists ${LISTED_TARGETS} targets of an environment one by one, and counts the rest by kind`, async () => {
    for (const n of [LISTED_TARGETS - 1, LISTED_TARGETS + 1]) {
      const cfg = apps(n) + DELIVERY + "environments:\n  dev: {}\n  prod: {}\n";
      const { review: r } = await review(cfg, cfg.replace("  prod: {}\n", ""));
      const text = formatDeletionReport(r, "text");
      // The namespace target is listed first, then the apps.
      const listed = text.split("\n").filter((l) => /^ {4}overlays\/prod\//.test(l)).length;
      expect(listed).toBe(Math.min(n + 1, LISTED_TARGETS));
      const k = n + 1 - LISTED_TARGETS;
      if (k > 0) expect(text).toContain(`… and ${k} more target(s): ${k} Deployment, ${k} Service, ${k} ServiceAccount\n`);
      else expect(text).not.toContain("more target(s)");
    }
  });

  it("reads the old tree through the manifest only: a target whose files are gone has unknown objects, still refused", async () => {
    const cfg = MINIMAL_CONFIG + DELIVERY + "environments:\n  dev: {}\n  prod: {}\n";
    const { review: r } = await review(cfg, cfg.replace("  prod: {}\n", ""), false, (dir) => rmSync(join(dir, "overlays/prod/web/kustomization.yaml")));
    const web = r.targets.find((t) => t.name === "web")!;
    expect(web.unreadable).toBe("overlays/prod/web/kustomization.yaml is gone");
    expect(r.refused).toEqual([web]);
  });

  it("never reads a file the manifest does not list", async () => {
    const cfg = MINIMAL_CONFIG + DELIVERY + "environments:\n  dev: {}\n  prod: {}\n";
    const { review: r } = await review(cfg, cfg.replace("  prod: {}\n", ""), false, (dir) => {
      const k = join(dir, "overlays/prod/web/kustomization.yaml");
      writeFileSync(k, readFileSync(k, "utf8").replace("resources:\n", "resources:\n  - ../../../secret.yaml\n"));
      writeFileSync(join(dir, "secret.yaml"), "kind: Secret\nmetadata: { name: not-gen-s }\n");
    });
    expect(r.targets.find((t) => t.name === "web")!.objects.map((o) => o.name)).not.toContain("not-gen-s");
  });
});

describe("the deletion report's style", () => {
  it("is bold in a terminal and under GitHub Actions, plain with NO_COLOR or in a pipe", () => {
    expect(terminalStyle({ isTTY: true }, {})).toBe("ansi");
    expect(terminalStyle({}, { GITHUB_ACTIONS: "true" })).toBe("ansi");
    expect(terminalStyle({ isTTY: true }, { NO_COLOR: "1" })).toBe("text");
    expect(terminalStyle({}, {})).toBe("text");
  });
});
