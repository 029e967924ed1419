import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DEFAULT_LOCATIONS, SchemaRegistry, validateYamlText } from "../validate/index.js";

const SEMANTIC_HINT = "fix it in gitops.config.yaml (or undo a hand edit of the generated file): the API server refuses this at sync time";
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const registries = new Map<string, SchemaRegistry>();

/**
 * Strict-schema validation of one kustomize build output against the committed offline schemas, through the
 * kubeconform-compatible validator (same verdicts as `npm run kubeconform -- -strict`). Findings are located
 * (line:col) in the build output and carry the JSON path and the schema's expectation. Schema-valid objects then go
 * through the API server's semantic rules (findings coded API0xx).
 */
export async function validateBuiltObjects(file: string, text: string, kubernetesVersion: string): Promise<Diagnostic[]> {
  const version = `${kubernetesVersion}.0`;
  let registry = registries.get(version);
  if (!registry) registries.set(version, (registry = new SchemaRegistry(DEFAULT_LOCATIONS, version, true)));
  const results = validateYamlText(file, text, { registry, strict: true, ignoreMissingSchemas: false, skip: new Set(), reject: new Set(), semantic: true });
  const out: Diagnostic[] = [];
  for (const r of results) {
    const id = `${r.signature.kind}/${r.signature.name}`;
    if (r.status === "error") {
      const missing = r.msg.startsWith("could not find schema");
      out.push({
        file,
        ...(r.line !== undefined ? { line: r.line, col: r.col } : { line: r.resource.startLine, col: 1 }),
        pointer: "",
        code: missing ? "VAL003" : "VAL005",
        severity: "error",
        message: `${id}: ${r.msg}`,
        hint: missing ? "add the kind to generator/schemas and run `npm run schemas`" : "fix the manifest's YAML",
      });
    }
    if (r.status !== "invalid") continue;
    const schema = /failed with '(.*)#'/.exec(r.msg)?.[1];
    for (const e of r.validationErrors) {
      if (e.code) {
        // A semantic rule: the API server would refuse what the schema accepts.
        out.push({ file, ...(e.line !== undefined ? { line: e.line, col: e.col } : {}), pointer: e.path, code: e.code, severity: "error", message: `${id}: ${e.msg}`, hint: `${SEMANTIC_HINT} (the rule: docs/validation.md#${e.code.toLowerCase()})` });
        continue;
      }
      out.push({
        file,
        ...(e.line !== undefined ? { line: e.line, col: e.col } : {}),
        pointer: e.path,
        code: "VAL004",
        severity: "error",
        message: `${id}: ${e.msg}`,
        hint: `fix ${e.path || "the resource"} as the message says, in gitops.config.yaml (or undo a hand edit of the generated file)${schema ? `; the schema is ${relative(REPO_ROOT, schema)}` : ""}`,
      });
    }
  }
  return out;
}
