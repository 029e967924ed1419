import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { LineCounter, parseAllDocuments } from "yaml";
import { positionOf } from "../config/source.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";

const SCHEMAS = fileURLToPath(new URL("../../schemas/", import.meta.url));
const compiled = new Map<string, ValidateFunction | undefined>();
let ajv: Ajv | undefined;

/**
 * The committed schema for an object, in kubeconform's local layout: Kubernetes kinds under
 * kubernetes/v<version>.0-standalone-strict/<kind>[-<group>]-<version>.json, CRDs under
 * crds/<group>/<kind>_<version>.json. Compiled once per file per process.
 */
function schemaFor(apiVersion: string, kind: string, kubernetesVersion: string): { path: string; validate?: ValidateFunction } {
  const [group, version] = apiVersion.includes("/") ? (apiVersion.split("/") as [string, string]) : ["", apiVersion];
  const k = kind.toLowerCase();
  const core = `kubernetes/v${kubernetesVersion}.0-standalone-strict/${k}${group ? `-${group.split(".")[0]}` : ""}-${version}.json`;
  const crd = `crds/${group}/${k}_${version}.json`;
  const rel = group.includes(".") && !group.endsWith(".k8s.io") ? crd : core;
  if (!compiled.has(rel)) {
    const file = SCHEMAS + rel;
    if (!existsSync(file)) compiled.set(rel, undefined);
    else {
      const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      delete schema.$schema; // draft-04-style "http://json-schema.org/schema#": ajv's default draft-07 reads these
      ajv ??= new Ajv({ allErrors: true, strict: false, validateFormats: false });
      compiled.set(rel, ajv.compile(schema));
    }
  }
  return { path: `schemas/${rel}`, validate: compiled.get(rel) };
}

/**
 * Strict-schema validation of one kustomize build output against the committed offline schemas. Findings
 * are located (line:col) in the build output and carry the JSON path and the schema's expectation.
 */
export async function validateBuiltObjects(file: string, text: string, kubernetesVersion: string): Promise<Diagnostic[]> {
  const lines = new LineCounter();
  const out: Diagnostic[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter: lines })) {
    const obj = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: string } } | null;
    if (!obj) continue;
    const id = `${obj.kind}/${obj.metadata?.name ?? "?"}`;
    const { path, validate } = schemaFor(String(obj.apiVersion ?? ""), String(obj.kind ?? ""), kubernetesVersion);
    if (!validate) {
      out.push({ file, ...positionOf({ file, doc, lines }, ""), pointer: "", code: "VAL003", severity: "error", message: `${id}: no schema for ${obj.apiVersion} ${obj.kind} (looked for ${path})`, hint: "add the kind to generator/schemas and run `npm run schemas`" });
      continue;
    }
    if (validate(obj)) continue;
    for (const e of validate.errors ?? []) {
      const pointer = e.keyword === "additionalProperties" ? `${e.instancePath}/${String((e.params as { additionalProperty: string }).additionalProperty)}` : e.instancePath;
      out.push({ file, ...positionOf({ file, doc, lines }, pointer, e.keyword === "additionalProperties"), pointer, code: "VAL004", severity: "error", message: `${id}: ${e.message ?? "is invalid"}`, hint: `see ${path}` });
    }
  }
  return out;
}
