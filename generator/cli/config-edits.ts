/** What promote and set-image share: the in-place config edit and the render of the edited config, as located errors. */
import { ConfigEditError, editConfigText, type ConfigEdit, type ConfigRemoval } from "../config/edit.js";
import { locate, toPointer, type YamlSource } from "../config/source.js";
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import { renderFromConfigText, type RenderResult } from "../pipeline.js";

/** The config text with the edits made in place; an edit that cannot be made so is a located PRM002. */
export function editConfig(file: string, source: YamlSource, text: string, edits: (ConfigEdit | ConfigRemoval)[]): string {
  // An app file (appFiles) that holds the environment's override for the app: the root config cannot take a
  // second one (CFG041), and only the root is edited in place.
  for (const e of edits) {
    const elsewhere = e.path[0] === "environments" && e.path[2] === "apps" ? source.redirect?.(e.path) : undefined;
    if (elsewhere && elsewhere.source.file !== file) {
      const pointer = toPointer(e.path.slice(0, 4));
      throw new DiagnosticError([
        { ...locate(source, pointer, true), code: "PRM002", severity: "error", message: `environments.${e.path[1]}.apps.${e.path[3]} is written in ${elsewhere.source.file}; only ${file} is edited in place`, hint: `write ${e.path.slice(4).join(".")} there by hand, then run \`npm run gen\`` },
      ]);
    }
  }
  try {
    return editConfigText(text, edits);
  } catch (err) {
    if (!(err instanceof ConfigEditError)) throw err;
    const pointer = toPointer(err.path);
    throw new DiagnosticError([
      { ...locate(source, pointer), code: "PRM002", severity: "error", message: err.message, hint: "write the change by hand (or make this part of the config plain maps without anchors, aliases or merge keys), then run `npm run gen`" },
    ]);
  }
}

/**
 * The edited config rendered in memory. Its problems are located in the config as it would be after the
 * edit (not on disk): each hint says so.
 */
export function renderEdited(file: string, edited: string, out: string): RenderResult {
  try {
    return renderFromConfigText(file, edited, out);
  } catch (err) {
    if (!(err instanceof DiagnosticError)) throw err;
    throw new DiagnosticError(err.diagnostics.map((d) => ({ ...d, hint: `${d.hint ? `${d.hint}; ` : ""}the line is in ${file} as the edit would leave it (nothing was written)` })));
  }
}
