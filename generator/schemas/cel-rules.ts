// The CRDs' CEL validation rules (x-kubernetes-validations) for the committed CRD schemas. The typed model
// packages the schemas are built from do not carry them, so they come from the real CRD YAMLs, copied with
// provenance into schema-sources/crds/ (each file's sha256 is checked here), and are merged into the built
// schema at the same place: properties, items and additionalProperties, as in the CRD's openAPIV3Schema.
// A rule whose place does not exist in the built schema fails the build (it would otherwise be lost).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { byteOrder, isObject, type Json, type Schema } from "./common.js";
import type { CrdKind } from "./kinds.js";

export const RULES_KEY = "x-kubernetes-validations";

export interface CrdProvenance {
  file: string;
  module: string;
  version: string;
  path: string;
  sha256: string;
}

/** Rules found in a CRD version's schema: the path of keys from the root to the node, and the node's rules. */
export interface RuleSite {
  path: string[];
  rules: Json[];
}

export interface CrdRules {
  /** "source.toolkit.fluxcd.io_gitrepositories.yaml from github.com/fluxcd/source-controller@v1.9.6" */
  source: string;
  sites: RuleSite[];
}

/** group/kind/version -> the rules of that CRD version, from every CRD listed in <sources>/crds/provenance.json. */
export function readCrdRules(sourcesRoot: string): Map<string, CrdRules> {
  const dir = join(sourcesRoot, "crds");
  const out = new Map<string, CrdRules>();
  const provenanceFile = join(dir, "provenance.json");
  if (!existsSync(provenanceFile)) return out;
  const provenance = JSON.parse(readFileSync(provenanceFile, "utf8")) as { crds: CrdProvenance[] };
  for (const c of provenance.crds) {
    const bytes = readFileSync(join(dir, c.file));
    const sum = createHash("sha256").update(bytes).digest("hex");
    if (sum !== c.sha256) throw new Error(`schema-sources/crds/${c.file}: sha256 ${sum}, provenance.json records ${c.sha256}`);
    const crd = parse(bytes.toString("utf8")) as {
      spec?: { group?: string; names?: { kind?: string }; versions?: Array<{ name?: string; schema?: { openAPIV3Schema?: Json } }> };
    };
    const group = crd.spec?.group;
    const kind = crd.spec?.names?.kind;
    for (const v of crd.spec?.versions ?? []) {
      const schema = v.schema?.openAPIV3Schema;
      if (!group || !kind || !v.name || !isObject(schema)) continue;
      const sites: RuleSite[] = [];
      collect(schema, [], sites);
      if (sites.length > 0) out.set(`${group}/${kind}/${v.name}`, { source: `${c.file} from ${c.module}@${c.version}`, sites });
    }
  }
  return out;
}

function collect(node: Json, path: string[], sites: RuleSite[]): void {
  if (!isObject(node)) return;
  const rules = node[RULES_KEY];
  if (Array.isArray(rules) && rules.length > 0) sites.push({ path, rules });
  const props = node.properties;
  if (isObject(props)) for (const [k, v] of Object.entries(props)) collect(v, [...path, "properties", k], sites);
  if (isObject(node.items)) collect(node.items, [...path, "items"], sites);
  if (isObject(node.additionalProperties)) collect(node.additionalProperties, [...path, "additionalProperties"], sites);
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    const alts = node[key];
    if (Array.isArray(alts)) alts.forEach((a, i) => collect(a, [...path, key, String(i)], sites));
  }
}

/** The schema with each rule site's rules set on the node at the same path (in the key order the build writes). */
export function mergeCelRules(schema: Schema, k: CrdKind, rules: CrdRules | undefined): Schema {
  if (!rules) return schema;
  for (const site of rules.sites) {
    let node: Json = schema;
    for (const key of site.path) {
      node = isObject(node) ? (node[key] ?? null) : Array.isArray(node) ? (node[Number(key)] ?? null) : null;
    }
    if (!isObject(node)) {
      throw new Error(`${k.group}/${k.kind} ${k.version}: ${rules.source} has CEL rules at /${site.path.join("/")}, which the built schema does not have`);
    }
    node[RULES_KEY] = site.rules.map((r) => (isObject(r) ? sorted(r) : r));
    // Keys in byte order, with `additionalProperties: false` still last (crds.ts appends it after sorting).
    const keys = Object.keys(node).filter((key) => key !== "additionalProperties").sort(byteOrder);
    if ("additionalProperties" in node) keys.push("additionalProperties");
    const copy = { ...node };
    for (const key of Object.keys(node)) delete node[key];
    for (const key of keys) node[key] = copy[key] as Json;
  }
  return schema;
}

function sorted(o: Schema): Schema {
  const out: Schema = {};
  for (const key of Object.keys(o).sort(byteOrder)) out[key] = o[key] as Json;
  return out;
}
