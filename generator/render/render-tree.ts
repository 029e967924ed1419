import { cmp } from "../diagnostics/diagnostic.js";
import type { Model } from "../model/types.js";
import { renderArgoCd } from "./argocd.js";
import { renderBase } from "./base.js";
import { renderFlux } from "./flux.js";
import { renderEnvironmentsDoc } from "./summary.js";
import { renderWorkflows } from "./workflows.js";
import type { GeneratedFile } from "./generated-file.js";
import { renderHeader } from "./header.js";
import { renderOverlay } from "./overlay.js";

/** Renders the whole tree in memory, sorted by path. Nothing here touches the filesystem. */
export function renderTree(model: Model): GeneratedFile[] {
  return finishTree(model, RENDER_PARTS.flatMap((part) => renderPart(model, part)));
}

/**
 * The independent parts of the tree, each a pure function of the model, so that several threads can render
 * them (render/render-parallel.ts): every app's base, in two halves, then the overlays, Argo CD and Flux.
 */
export type RenderPart = { kind: "bases"; half: 0 | 1 } | { kind: "overlays" } | { kind: "argocd" } | { kind: "flux" };
export const RENDER_PARTS: RenderPart[] = [{ kind: "bases", half: 0 }, { kind: "bases", half: 1 }, { kind: "overlays" }, { kind: "argocd" }, { kind: "flux" }];

export function renderPart(model: Model, part: RenderPart): GeneratedFile[] {
  switch (part.kind) {
    case "bases": {
      const middle = Math.ceil(model.apps.length / 2);
      return (part.half === 0 ? model.apps.slice(0, middle) : model.apps.slice(middle)).flatMap((app) => renderBase(model, app));
    }
    case "overlays":
      return model.environments.flatMap((env) => renderOverlay(model, env));
    case "argocd":
      return renderArgoCd(model);
    case "flux":
      return renderFlux(model);
  }
}

/** The files that describe the others (.gitattributes), the reviewers' pages, and the order by path. */
export function finishTree(model: Model, files: GeneratedFile[]): GeneratedFile[] {
  // Workflows and the environment matrix are for reviewers to read: not marked linguist-generated.
  const reviewed = [...renderWorkflows(model), renderEnvironmentsDoc(model)];
  return [...files, ...renderGitattributes(model, files), ...reviewed].sort((a, b) => cmp(a.path, b.path));
}

/**
 * One .gitattributes per top-level output folder marks its generated files linguist-generated, so pull
 * requests collapse them. Per folder rather than at the root: the root .gitattributes belongs to the user.
 */
function renderGitattributes(model: Model, files: GeneratedFile[]): GeneratedFile[] {
  const byTop = new Map<string, string[]>();
  for (const f of files) {
    const [top, ...rest] = f.path.split("/");
    if (!top || rest.length === 0) continue;
    const list = byTop.get(top) ?? [];
    list.push(rest.join("/"));
    byTop.set(top, list);
  }
  return [...byTop.entries()].map(([top, paths]) => ({
    path: `${top}/.gitattributes`,
    content:
      renderHeader(model.origin) +
      [".gitattributes", ...paths]
        .sort(cmp)
        .map((p) => `/${p.replace(/([ #\\[\]*?!])/g, "\\$1")} linguist-generated=true\n`)
        .join(""),
  }));
}
