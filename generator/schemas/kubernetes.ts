// Kubernetes kinds from @kubernetes/client-node's generated models (OpenAPI spec of one Kubernetes
// release), shaped like yannh/kubernetes-json-schema's "-standalone-strict" files.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { readDts, type DtsDeclaration } from "./dts.js";
import { addStrict, MissingSourceError, requirePackage, sortKeys, type Json, type Schema } from "./common.js";
import { KUBERNETES_SOURCES, type KubernetesKind } from "./kinds.js";

interface Attribute {
  name: string;
  baseName: string;
  type: string;
  format: string;
}
interface ModelClass {
  attributeTypeMap?: Attribute[];
}

const QUANTITY = "IIoK8sApimachineryPkgApiResourceQuantity";

/** Reads one release's models once, then builds any kind's schema from them. */
export class KubernetesSource {
  readonly specVersion: string;
  private readonly modelsDir: string;
  private readonly apimachineryDir: string;
  private readonly kmDir: string;
  private readonly attrs = new Map<string, Attribute[]>();
  private readonly docs = new Map<string, DtsDeclaration>();
  private quantityIndex?: Map<string, Set<string>>;

  private constructor(
    readonly kubernetesVersion: string,
    clientNodeDir: string,
    apimachineryDir: string,
    kmDir: string,
  ) {
    this.modelsDir = join(clientNodeDir, "dist", "gen", "models");
    this.apimachineryDir = apimachineryDir;
    this.kmDir = kmDir;
    const header = readFileSync(join(this.modelsDir, "V1Pod.js"), "utf8").match(/OpenAPI spec version: (\S+)/);
    this.specVersion = header?.[1] ?? "unknown";
  }

  static async open(kubernetesVersion: string, root?: string): Promise<KubernetesSource> {
    const minor = kubernetesVersion.replace(/^v/, "").split(".").slice(0, 2).join(".");
    const src = KUBERNETES_SOURCES[minor];
    if (!src) {
      throw new Error(
        `no source package is pinned for Kubernetes ${kubernetesVersion} (pinned: ${Object.keys(KUBERNETES_SOURCES).join(", ")})`,
      );
    }
    const dir = requirePackage(src.clientNode.name, src.clientNode.version, root);
    const apimachinery = requirePackage(src.apimachinery.name, src.apimachinery.version, root);
    const km = requirePackage(src.quantities.name, src.quantities.version, root);
    const source = new KubernetesSource(src.folderVersion, dir, apimachinery, km);
    if (source.specVersion !== src.specVersion) {
      throw new MissingSourceError(
        `${src.clientNode.name}@${src.clientNode.version} carries OpenAPI ${source.specVersion}, expected ${src.specVersion}`,
      );
    }
    return source;
  }

  private async loadModel(name: string): Promise<Attribute[]> {
    const cached = this.attrs.get(name);
    if (cached) return cached;
    const file = join(this.modelsDir, `${name}.js`);
    if (!existsSync(file)) throw new Error(`model ${name} not found in ${this.modelsDir}`);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, ModelClass>;
    const cls = mod[name];
    if (!cls?.attributeTypeMap) throw new Error(`model ${name} has no attributeTypeMap`);
    this.attrs.set(name, cls.attributeTypeMap);
    const dts = readDts(join(this.modelsDir, `${name}.d.ts`)).get(name);
    if (!dts) throw new Error(`model ${name}: no declaration in ${name}.d.ts`);
    this.docs.set(name, dts);
    return cls.attributeTypeMap;
  }

  /** Descriptions of apimachinery primitives client-node maps to plain TS types (Time, MicroTime, FieldsV1). */
  private apimachineryDoc(file: string, name: string): string | undefined {
    return readDts(join(this.apimachineryDir, "apis", "meta", "v1", `${file}.d.ts`), true).get(name)?.description;
  }

  /**
   * client-node types resource.Quantity as a plain string; kubernetes-models keeps the reference.
   * Index: "<Version><Kind>" (client-node's class naming) -> names of members typed as Quantity.
   */
  private quantities(): Map<string, Set<string>> {
    if (this.quantityIndex) return this.quantityIndex;
    const index = new Map<string, Set<string>>();
    const walk = (dir: string, rel: string[]): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) {
          if (entry.name !== "_schemas") walk(join(dir, entry.name), [...rel, entry.name]);
          continue;
        }
        if (!entry.name.endsWith(".d.ts")) continue;
        const file = join(dir, entry.name);
        if (!readFileSync(file, "utf8").includes(QUANTITY)) continue;
        const version = rel[rel.length - 1];
        if (!version || !/^v\d/.test(version)) continue;
        for (const decl of readDts(file, true).values()) {
          if (!decl.name.startsWith("I")) continue;
          const names = decl.members.filter((m) => m.typeText.includes(QUANTITY)).map((m) => m.name);
          if (names.length === 0) continue;
          const key = version.charAt(0).toUpperCase() + version.slice(1) + decl.name.slice(1);
          const set = index.get(key) ?? new Set<string>();
          names.forEach((n) => set.add(n));
          index.set(key, set);
        }
      }
    };
    walk(this.kmDir, []);
    this.quantityIndex = index;
    return index;
  }

  private async typeNode(type: string, format: string, ctx: { model: string; attr: string; quantity: boolean; stack: string[] }): Promise<Schema> {
    const arr = type.match(/^Array<(.+)>$/);
    if (arr?.[1]) return sortKeys({ items: await this.typeNode(arr[1], format, ctx), type: "array" });
    const map = type.match(/^\{ \[key: string\]: (.+); \}$/);
    if (map?.[1]) return sortKeys({ additionalProperties: await this.typeNode(map[1], format, ctx), type: "object" });
    switch (type) {
      case "string":
        if (ctx.quantity) return quantity();
        return format === "byte" ? { format: "byte", type: "string" } : { type: "string" };
      case "number":
        if (format === "int32" || format === "int64") return { format, type: "integer" };
        if (format === "double") return { format, type: "number" };
        throw new Error(`${ctx.model}.${ctx.attr}: number with format "${format}"`);
      case "boolean":
        return { type: "boolean" };
      case "Date":
        // metav1.Time / metav1.MicroTime: references in the spec, inlined with their own description.
        return inlinedRef(
          sortKeys({
            description:
              (format === "date-time-micro"
                ? this.apimachineryDoc("MicroTime", "IMicroTime")
                : this.apimachineryDoc("Time", "ITime")) ?? "",
            format: "date-time",
            type: "string",
          }),
        );
      case "IntOrString":
        return intOrString();
      case "any":
        if (ctx.model === "V1ManagedFieldsEntry" && ctx.attr === "fieldsV1") {
          return inlinedRef({ description: this.apimachineryDoc("FieldsV1", "IFieldsV1") ?? "", type: "object" });
        }
        throw new Error(`${ctx.model}.${ctx.attr}: untyped field, no known definition`);
      default:
        if (/^[A-Z][A-Za-z0-9]+$/.test(type)) return this.definition(type, ctx.stack);
        throw new Error(`${ctx.model}.${ctx.attr}: unsupported type ${type}`);
    }
  }

  /** A definition, inlined as a `$ref` would be by a standalone build (its own nullability rules). */
  async definition(name: string, stack: string[] = []): Promise<Schema> {
    if (stack.includes(name)) throw new Error(`recursive definition ${[...stack, name].join(" -> ")}`);
    const attrs = await this.loadModel(name);
    const doc = this.docs.get(name);
    const quantityFields = this.quantities().get(name) ?? new Set<string>();
    const properties: Schema = {};
    const required: string[] = [];
    for (const a of attrs) {
      const member = doc?.members.find((m) => m.name === a.baseName || m.name === a.name);
      let node = await this.typeNode(a.type, a.format, {
        model: name,
        attr: a.baseName,
        quantity: quantityFields.has(a.baseName),
        stack: [...stack, name],
      });
      if (!isInlinedRef(node) && member?.description !== undefined) node = sortKeys({ ...node, description: member.description });
      properties[a.baseName] = node;
      if (member && !member.optional) required.push(a.baseName);
    }
    const def: Schema = { type: "object" };
    if (doc?.description !== undefined) def.description = doc.description;
    if (attrs.length > 0) def.properties = sortKeys(properties);
    if (required.length > 0) def.required = required;
    return inlinedRef(sortKeys(def));
  }

  async kind(k: KubernetesKind): Promise<Schema> {
    const def = await this.definition(k.model);
    const props = def.properties as Schema;
    for (const [field, value] of [["apiVersion", k.group ? `${k.group}/${k.version}` : k.version], ["kind", k.kind]] as const) {
      const p = props[field];
      if (p && typeof p === "object" && !Array.isArray(p)) p.enum = [value];
    }
    const root = allowNull(stripMarkers(def) as Schema, true, true);
    root["x-kubernetes-group-version-kind"] = [{ group: k.group, kind: k.kind, version: k.version }];
    const strict = addStrict(root) as Schema;
    strict.$schema = "http://json-schema.org/schema#";
    return strict;
  }
}

// ---- upstream (openapi2jsonschema) conventions -------------------------------------------------

const REF_MARK = "\u0000ref";

/** Marks a node as an inlined `$ref` target (it carries its definition's description, not the property's). */
function inlinedRef(node: Schema): Schema {
  return { ...node, [REF_MARK]: true };
}

function isInlinedRef(node: Schema): boolean {
  return node[REF_MARK] === true;
}

function stripMarkers(node: Json): Json {
  if (Array.isArray(node)) return node.map(stripMarkers);
  if (node === null || typeof node !== "object") return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) if (k !== REF_MARK) out[k] = stripMarkers(v);
  return out;
}

function intOrString(): Schema {
  return inlinedRef({ oneOf: [{ type: "string" }, { type: "integer" }] });
}

function quantity(): Schema {
  return inlinedRef({ oneOf: [{ type: "string" }, { type: "number" }] });
}

/**
 * openapi2jsonschema's "allow null on optional fields": every `type` becomes `[type, "null"]` unless
 * the node is a property its parent lists as required. Array items, map values and the int-or-string /
 * quantity alternatives are never "required", so they always accept null. As in the upstream files,
 * the properties of the kind's own root are all nullable (the root itself is `"object"`).
 */
function allowNull(node: Schema, required: boolean, parentIsRoot = false): Schema {
  const out: Schema = {};
  const req = new Set(Array.isArray(node.required) && !parentIsRoot ? (node.required as string[]) : []);
  for (const [k, v] of Object.entries(node)) {
    if (k === "type" && typeof v === "string" && v !== "null") {
      out[k] = required ? v : [v, "null"];
    } else if (k === "properties" && v && typeof v === "object" && !Array.isArray(v)) {
      const props: Schema = {};
      for (const [pk, pv] of Object.entries(v)) props[pk] = allowNull(pv as Schema, req.has(pk));
      out[k] = props;
    } else if ((k === "items" || k === "additionalProperties") && v && typeof v === "object" && !Array.isArray(v)) {
      out[k] = allowNull(v as Schema, false);
    } else if (k === "oneOf" && Array.isArray(v)) {
      out[k] = v.map((x) => allowNull(x as Schema, false));
    } else {
      out[k] = v;
    }
  }
  return out;
}

