// Argo CD and Flux kinds from @kubernetes-models/argo-cd and @kubernetes-models/flux-cd, shaped like
// the datreeio CRDs-catalog files (openAPIV3Schema conventions: no nullable types, int-or-string as
// anyOf + x-kubernetes-int-or-string, free-form values as x-kubernetes-preserve-unknown-fields,
// metadata as a bare object, additionalProperties:false on every object with properties but the root).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readDts } from "./dts.js";
import { Decompiler, DEF_MARK, nodeModulesResolver } from "./decompile.js";
import { addStrict, byteOrder, isObject, requirePackage, SOURCES_ROOT, type Json, type Schema } from "./common.js";
import type { CrdKind } from "./kinds.js";

const APIMACHINERY_HOOKS: Record<string, Schema | undefined> = {
  IoK8sApimachineryPkgApisMetaV1ObjectMeta: { type: "object" },
  IoK8sApimachineryPkgApisMetaV1Time: { format: "date-time", type: "string" },
  IoK8sApimachineryPkgApisMetaV1MicroTime: { format: "date-time", type: "string" },
  IoK8sApimachineryPkgUtilIntstrIntOrString: { anyOf: [{ type: "integer" }, { type: "string" }], "x-kubernetes-int-or-string": true },
  IoK8sApimachineryPkgRuntimeRawExtension: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
  IoK8sApiextensionsApiserverPkgApisApiextensionsV1JSON: { "x-kubernetes-preserve-unknown-fields": true },
};

const DOC_MARK = "\u0000doc";

interface Docs {
  description?: string;
  members: Map<string, string>;
}

export class CrdSource {
  private readonly decompiler: Decompiler;
  private readonly docIndex = new Map<string, Map<string, Docs>>(); // package dir -> definition -> docs

  constructor(private readonly root = SOURCES_ROOT) {
    const nodeModules = join(root, "node_modules");
    this.decompiler = new Decompiler(nodeModulesResolver(nodeModules), (spec) => {
      const name = spec.split("/").pop()?.replace(/\.js$/, "") ?? "";
      const hooked = APIMACHINERY_HOOKS[name];
      if (hooked) return hooked;
      return undefined;
    });
  }

  /** definition name -> JSDoc of the interface and its members, from the package's .d.ts files. */
  private docs(pkgDir: string): Map<string, Docs> {
    const cached = this.docIndex.get(pkgDir);
    if (cached) return cached;
    const index = new Map<string, Docs>();
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const file = join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== "_schemas" && e.name !== "node_modules") walk(file);
          continue;
        }
        if (!e.name.endsWith(".d.ts")) continue;
        const text = readFileSync(file, "utf8");
        const alias = text.match(/export type \{ I(\w+) as I(\w+)/);
        if (!alias?.[1] || !alias[2]) continue;
        const decl = readDts(file, true).get(`I${alias[1]}`);
        if (!decl) continue;
        const members = new Map<string, string>();
        for (const m of decl.members) if (m.description !== undefined) members.set(m.name, m.description);
        index.set(alias[2], { members, ...(decl.description !== undefined ? { description: decl.description } : {}) });
      }
    };
    walk(pkgDir);
    this.docIndex.set(pkgDir, index);
    return index;
  }

  kind(k: CrdKind): Schema {
    const pkgDir = requirePackage(k.package.name, k.package.version, this.root);
    const docs = this.docs(pkgDir);
    const def = this.decompiler.definition(join(pkgDir, "_schemas", `${k.definition}.js`));
    const root = (k.descriptions === false ? def : annotate(def, docs)) as Schema;
    const props = root.properties;
    if (isObject(props)) {
      // The CRD's own schema does not pin apiVersion/kind (the API server routes by them).
      for (const field of ["apiVersion", "kind"]) {
        const p = props[field];
        if (isObject(p)) delete p.enum;
      }
      props.metadata = { type: "object" };
    }
    if (Array.isArray(root.required)) {
      root.required = root.required.filter((r) => r !== "apiVersion" && r !== "kind");
      if (root.required.length === 0) delete root.required;
    }
    return addStrict(normalize(root), true) as Schema;
  }
}

/**
 * Descriptions: a node decompiled from a definition gets the definition's doc; a property gets its
 * field's doc from the parent definition (which wins, as in controller-gen's CRDs).
 */
function annotate(node: Json, docs: Map<string, Docs>): Json {
  // (callers that keep no descriptions skip this pass; normalize() drops the definition marks)
  if (Array.isArray(node)) return node.map((x) => annotate(x, docs));
  if (!isObject(node)) return node;
  const def = node[DEF_MARK];
  const d = typeof def === "string" ? docs.get(def) : undefined;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === DEF_MARK) continue;
    if (k === "properties" && isObject(v)) {
      const props: Schema = {};
      for (const [pk, pv] of Object.entries(v)) {
        const child = annotate(pv, docs);
        const text = d?.members.get(pk);
        props[pk] = isObject(child) && text !== undefined ? { ...child, [DOC_MARK]: text } : child;
      }
      out[k] = props;
    } else if (k === "enum" || k === "required") out[k] = v;
    else out[k] = annotate(v, docs);
  }
  if (d?.description !== undefined) out.description = d.description;
  return out;
}

/** Sort keys, turn member docs into descriptions, drop nullable markers the models add. */
function normalize(node: Json): Json {
  if (Array.isArray(node)) return node.map(normalize);
  if (!isObject(node)) return node;
  const out: Schema = {};
  const doc = node[DOC_MARK];
  for (const k of Object.keys(node).sort(byteOrder)) {
    if (k === DOC_MARK || k === DEF_MARK) continue;
    const v = node[k] as Json;
    if (k === "properties" && isObject(v)) {
      const props: Schema = {};
      for (const pk of Object.keys(v).sort(byteOrder)) props[pk] = normalize(v[pk] as Json);
      out[k] = props;
    } else if (k === "enum" || k === "required") out[k] = v;
    else out[k] = normalize(v);
  }
  if (typeof doc === "string") return sortObject({ ...out, description: doc });
  return out;
}

function sortObject(o: Schema): Schema {
  const out: Schema = {};
  for (const k of Object.keys(o).sort(byteOrder)) out[k] = o[k] as Json;
  return out;
}
