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
  const files: GeneratedFile[] = [];
  for (const app of model.apps) files.push(...renderBase(model, app));
  for (const env of model.environments) files.push(...renderOverlay(model, env));
  files.push(...renderArgoCd(model), ...renderFlux(model));
  // Workflows and the environment matrix are for reviewers to read: not marked linguist-generated.
  const reviewed = [...renderWorkflows(model)];
  // The environment matrix is the page reviewers read; it is not marked linguist-generated, so it shows in diffs.
  const doc = renderEnvironmentsDoc(model);
  files.push(...renderGitattributes(model, files), doc, ...reviewed);
  return files.sort((a, b) => cmp(a.path, b.path));
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
