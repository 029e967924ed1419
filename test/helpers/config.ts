import { parseConfigText } from "../../generator/config/load.js";
import { renderFromConfigText } from "../../generator/pipeline.js";
import { validateConfig } from "../../generator/config/validate.js";
import { readRepoFiles } from "../../generator/config/repo-files.js";
import { DiagnosticError, formatDiagnostic, type Diagnostic } from "../../generator/diagnostics/diagnostic.js";
import { buildModel } from "../../generator/model/build-model.js";
import type { Model } from "../../generator/model/types.js";
import { renderTree } from "../../generator/render/render-tree.js";
import type { GeneratedFile } from "../../generator/render/generated-file.js";

/** A small valid config; tests append or replace pieces of it. */
export const MINIMAL_CONFIG = `project:
  name: demo
apps:
  - name: web
    main:
      name: app
      image: nginxinc/nginx-unprivileged
      tag: "1.27.4-alpine"
      port: 8080
      resources:
        requests: { cpu: 10m, memory: 16Mi }
        limits: { cpu: 100m, memory: 64Mi }
`;

/** A custom sidecar block for MINIMAL_CONFIG's app (append it after the app's lines). */
export const SIDECAR = `    sidecars:
      - type: custom
        name: side
        image: busybox
        tag: "1.37.0"
        resources:
          requests: { cpu: 10m, memory: 16Mi }
          limits: { cpu: 50m, memory: 32Mi }
`;

/** Config text → model, in memory, as `npm run gen` does. */
export function modelFromText(text: string, file = "gitops.config.yaml"): Model {
  const { source, data } = parseConfigText(file, text);
  const config = validateConfig(source, data);
  return buildModel(config, source, { config: file }, readRepoFiles(config, source));
}

/** The diagnostics `npm run gen` would print for a config (gen's whole in-memory pipeline); [] when it renders. */
export function genFindings(text: string): Diagnostic[] {
  try {
    renderFromConfigText("gitops.config.yaml", text);
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostics;
    throw err;
  }
  return [];
}

/** Config text → generated files, in memory. */
export function renderFromText(text: string, file = "gitops.config.yaml"): GeneratedFile[] {
  return renderTree(modelFromText(text, file));
}

/** Runs fn and returns the formatted diagnostics it throws (fails the test if it does not throw one). */
export function diagnosticsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  throw new Error("expected a DiagnosticError, but nothing was thrown");
}

/** The file at path, or a test failure. */
export function fileAt(files: GeneratedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no generated file ${path}; have: ${files.map((x) => x.path).join(", ")}`);
  return f.content;
}

/** Every hint is a fix: it starts with what to do, in the imperative (docs/errors.md: "hint: <one concrete fix>"). */
export const FIX = /^(write|quote|add|remove|rename|replace|indent|close|did you mean|set|pass|point|save|keep|shorten|use|give|move|re-run|run|restore|delete|declare|mount|fix|report|start)\b/;
