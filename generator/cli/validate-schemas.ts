import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DEFAULT_LOCATIONS, loadCelStage, SchemaRegistry, validateYamlText, type Result } from "../validate/index.js";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const registries = new Map<string, SchemaRegistry>();

/** The registry of the committed offline schemas for a Kubernetes version ("1.33.0"), built once per run. */
export function committedRegistry(version: string): SchemaRegistry {
  let registry = registries.get(version);
  if (!registry) registries.set(version, (registry = new SchemaRegistry(DEFAULT_LOCATIONS, version, true)));
  return registry;
}

/** What to tell the user, per kind of finding: repo mode points at the config, path mode at the manifest. */
export interface FindingHints {
  parse: string;
  missingSchema: string;
  schema: string;
  semantic: string;
}

export const REPO_HINTS: FindingHints = {
  parse: "fix the manifest's YAML",
  missingSchema: "add the kind to generator/schemas and run `npm run schemas`",
  schema: "fix it, in gitops.config.yaml (or undo a hand edit of the generated file)",
  semantic: "fix it in gitops.config.yaml (or undo a hand edit of the generated file): the API server refuses this at sync time",
};

/**
 * One validator result as located diagnostics: VAL005 unreadable, VAL003 no schema, VAL004 a strict-schema
 * error, and the later stages' own codes (API0xx semantic rules, POL001 policy).
 */
export function resultDiagnostics(file: string, r: Result, hints: FindingHints): Diagnostic[] {
  const id = `${r.signature.kind}/${r.signature.name}`;
  const out: Diagnostic[] = [];
  for (const k of r.skipped ?? []) {
    out.push({ file, ...(k.line !== undefined ? { line: k.line, col: k.col } : {}), pointer: k.path, code: k.code!, severity: "warning", message: `${id}: ${k.msg}`, hint: "the API server checks this rule when it admits the object (docs/validation.md, CRD CEL rules)" });
  }
  if (r.status === "error") {
    const missing = r.msg.startsWith("could not find schema");
    out.push({
      file,
      ...(r.line !== undefined ? { line: r.line, col: r.col } : { line: r.resource.startLine, col: 1 }),
      pointer: "",
      code: missing ? "VAL003" : "VAL005",
      severity: "error",
      message: `${id}: ${r.msg}`,
      hint: missing ? hints.missingSchema : hints.parse,
    });
  }
  if (r.status !== "invalid") return out;
  const schema = /failed with '(.*)#'/.exec(r.msg)?.[1];
  for (const e of r.validationErrors) {
    const where = e.line !== undefined ? { line: e.line, col: e.col } : {};
    if (e.code) {
      const hint = e.code.startsWith("API") ? `${hints.semantic} (rule ${e.code} in docs/validation.md)` : e.code.startsWith("CEL") ? `${hints.semantic} (a CEL rule of the CRD: docs/validation.md, CRD CEL rules)` : (e.hint ?? hints.schema);
      out.push({ file, ...where, pointer: e.path, code: e.code, severity: "error", message: `${id}: ${e.msg}`, hint });
      continue;
    }
    out.push({
      file,
      ...where,
      pointer: e.path,
      code: "VAL004",
      severity: "error",
      message: `${id}: ${e.msg}`,
      hint: `${hints.schema.replace(/^fix it/, `fix ${e.path || "the resource"} as the message says`)}${schema ? `; the schema is ${relative(REPO_ROOT, schema)}` : ""}`,
    });
  }
  return out;
}

/**
 * Strict-schema validation of one kustomize build output against the committed offline schemas, through the
 * kubeconform-compatible validator (same verdicts as `npm run kubeconform -- -strict`), then the API server's
 * semantic rules on the schema-valid objects. Findings are located (line:col) in the build output and carry
 * the JSON path and what was expected.
 */
export async function validateBuiltObjects(file: string, text: string, kubernetesVersion: string): Promise<Diagnostic[]> {
  const registry = committedRegistry(`${kubernetesVersion}.0`);
  await loadCelStage();
  const results = validateYamlText(file, text, { registry, strict: true, ignoreMissingSchemas: false, skip: new Set(), reject: new Set(), semantic: true });
  return results.flatMap((r) => resultDiagnostics(file, r, REPO_HINTS));
}
