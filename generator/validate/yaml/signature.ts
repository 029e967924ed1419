/**
 * kubeconform's lenient signature (pkg/resource/resource.go: Resource.Signature): the document decoded with
 * sigs.k8s.io/yaml.Unmarshal into struct { APIVersion, Kind string; Metadata struct { Name, Namespace,
 * GenerateName string } }. So:
 *
 * - keys match the fields case-insensitively (`Kind:` is the kind), as encoding/json matches them;
 * - numbers and booleans in those string fields become strings first (yaml.go: convertToJSONableObject
 *   converts toward a string target: `kind: 123` is "123", `name: 0755` is "493", a float is
 *   FormatFloat(f, 'g', -1, 32));
 * - json.Marshal sorts the keys, so of two keys for one field (duplicates read without -strict, or `kind`
 *   and `Kind`) the last in byte order wins; a second metadata map is merged into the first;
 * - a list or map where a string is expected (or a non-map metadata) is a decode error, but the fields read
 *   so far stay (json.Unmarshal keeps going after an UnmarshalTypeError).
 *
 * kubeconform caches this signature and shows it for the resource whatever its status, and reuses its error
 * (ValidateResource → SignatureFromMap returns the cached one); List items get a strict one (signatureOf).
 */
import { formatFloat32 } from "./decode.js";

export interface LenientSignature {
  kind: string;
  version: string;
  namespace: string;
  name: string;
  /** The decode error, or "missing 'kind' key" / "missing 'apiVersion' key". */
  error?: string;
}

/** ASCII case folding, as encoding/json matches a key to a field name (its Unicode special cases aside). */
const fold = (s: string) => s.toLowerCase();

const TOP = new Map([["apiversion", "APIVersion"], ["kind", "Kind"], ["metadata", "Metadata"]]);
const META = new Map([["name", "Name"], ["namespace", "Namespace"], ["generatename", "GenerateName"]]);

/** The paths (keys as written) whose numbers and booleans sigs.k8s.io/yaml turns into strings. */
export function isSignatureStringPath(path: string[]): boolean {
  if (path.length === 1) {
    const f = fold(path[0]!);
    return f === "kind" || f === "apiversion";
  }
  return path.length === 2 && fold(path[0]!) === "metadata" && META.has(fold(path[1]!));
}

const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "object" ? "object" : typeof v === "string" ? "string" : typeof v === "boolean" ? "bool" : "number");

/** json.Unmarshal of the converted document into the signature struct. */
export function decodeSignature(json: unknown): LenientSignature {
  const fields: Record<string, string> = { APIVersion: "", Kind: "", Name: "", Namespace: "", GenerateName: "" };
  let error: string | undefined;
  const typeError = (value: unknown, field: string, type: string) => {
    error ??= `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonType(value)} into Go struct field ${field} of type ${type}`;
  };
  const decodeStruct = (obj: Record<string, unknown>, names: Map<string, string>, prefix: string) => {
    for (const key of Object.keys(obj).sort(byBytes)) {
      const field = names.get(fold(key));
      if (!field) continue;
      const value = obj[key];
      if (value === null) continue;
      if (field === "Metadata") {
        if (typeof value === "object" && !Array.isArray(value)) decodeStruct(value as Record<string, unknown>, META, ".Metadata.");
        else typeError(value, ".Metadata", "struct { Name string; Namespace string; GenerateName string }");
      } else if (typeof value === "string") {
        fields[field] = value;
      } else {
        typeError(value, `${prefix}${field}`, "string");
      }
    }
  };
  if (json !== null && typeof json === "object" && !Array.isArray(json)) decodeStruct(json as Record<string, unknown>, TOP, ".");
  else if (json !== null) typeError(json, "", "struct");
  const name = fields.GenerateName ? `${fields.GenerateName}{{ generateName }}` : fields.Name;
  const signature: LenientSignature = { kind: fields.Kind!, version: fields.APIVersion!, namespace: fields.Namespace!, name: name! };
  if (error) return { ...signature, error };
  if (!signature.kind) return { ...signature, error: "missing 'kind' key" };
  if (!signature.version) return { ...signature, error: "missing 'apiVersion' key" };
  return signature;
}

/** Go's string order (bytes; UTF-16 order differs only for astral characters). */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The signature of a document the fast reader read (a plain object whose numbers have lost their Go type),
 * or undefined when a signature field holds a number whose text depends on that type (an integer from
 * 1,000,000: an int prints in full, a float as 1e+06): the exact reader must decide.
 */
export function plainSignature(obj: Record<string, unknown>): LenientSignature | undefined {
  const common = commonSignature(obj);
  if (common) return common;
  let converted: Record<string, unknown> | undefined;
  const convert = (v: unknown): unknown => {
    if (typeof v === "boolean") return String(v);
    if (typeof v !== "number") return v;
    if (!Number.isInteger(v)) return formatFloat32(v, false);
    if (Math.abs(v) < 1e6 && !Object.is(v, -0)) return String(v);
    throw AMBIGUOUS;
  };
  try {
    for (const key of Object.keys(obj)) {
      const f = fold(key);
      if (!TOP.has(f)) continue;
      const value = obj[key];
      if (f === "metadata") {
        if (!value || typeof value !== "object" || Array.isArray(value)) continue;
        let meta: Record<string, unknown> | undefined;
        for (const mk of Object.keys(value)) {
          if (!META.has(fold(mk))) continue;
          const mv = (value as Record<string, unknown>)[mk];
          const c = convert(mv);
          if (c !== mv) (meta ??= { ...(value as Record<string, unknown>) })[mk] = c;
        }
        if (meta) (converted ??= { ...obj })[key] = meta;
      } else {
        const c = convert(value);
        if (c !== value) (converted ??= { ...obj })[key] = c;
      }
    }
  } catch (e) {
    if (e === AMBIGUOUS) return undefined;
    throw e;
  }
  return decodeSignature(converted ?? obj);
}

const AMBIGUOUS = new Error("ambiguous number");

/** Keys of a name plainSignature folds, by length: only these can be case variants of a signature field. */
const isVariant = (key: string, exact: string) => key.length === exact.length && key !== exact && fold(key) === fold(exact);

/**
 * The usual manifest, cheaply: kind, apiVersion and metadata's name, namespace and generateName are strings
 * (or absent) under their exact names, with no case variants beside them. Undefined otherwise.
 */
function commonSignature(obj: Record<string, unknown>): LenientSignature | undefined {
  const { kind, apiVersion, metadata } = obj;
  if (typeof kind !== "string" || typeof apiVersion !== "string") return undefined;
  for (const key in obj) if (isVariant(key, "kind") || isVariant(key, "apiVersion") || isVariant(key, "metadata")) return undefined;
  let name = "";
  let namespace = "";
  if (metadata !== undefined && metadata !== null) {
    if (typeof metadata !== "object" || Array.isArray(metadata)) return undefined;
    const meta = metadata as Record<string, unknown>;
    for (const key in meta) if (isVariant(key, "name") || isVariant(key, "namespace") || isVariant(key, "generateName")) return undefined;
    const { name: n, namespace: ns, generateName: g } = meta;
    if ((n !== undefined && typeof n !== "string") || (ns !== undefined && typeof ns !== "string") || (g !== undefined && typeof g !== "string")) return undefined;
    name = g ? `${g}{{ generateName }}` : (n ?? "");
    namespace = ns ?? "";
  }
  if (!kind) return { kind, version: apiVersion, namespace, name, error: "missing 'kind' key" };
  if (!apiVersion) return { kind, version: apiVersion, namespace, name, error: "missing 'apiVersion' key" };
  return { kind, version: apiVersion, namespace, name };
}

/**
 * A List item's own signature (resource.go: SignatureFromMap): kind and apiVersion must be strings; the
 * metadata fields are read only when they are strings.
 */
export function strictSignature(obj: Record<string, unknown>): LenientSignature {
  const meta = obj.metadata && typeof obj.metadata === "object" && !Array.isArray(obj.metadata) ? (obj.metadata as Record<string, unknown>) : {};
  let name = typeof meta.name === "string" ? meta.name : "";
  if (typeof meta.generateName === "string") name = `${meta.generateName}{{ generateName }}`;
  const signature = {
    kind: typeof obj.kind === "string" ? obj.kind : "",
    version: typeof obj.apiVersion === "string" ? obj.apiVersion : "",
    namespace: typeof meta.namespace === "string" ? meta.namespace : "",
    name,
  };
  if (typeof obj.kind !== "string") return { ...signature, error: "missing 'kind' key" };
  if (typeof obj.apiVersion !== "string") return { ...signature, error: "missing 'apiVersion' key" };
  return signature;
}
