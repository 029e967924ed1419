/**
 * ObjectMeta as the API server validates it on create (apimachinery/pkg/api/validation/objectmeta.go
 * ValidateObjectMetaAccessor, and pkg/apis/meta/v1/validation ValidateLabels).
 */
import { FieldPath, invalid, required, tooLong, type FieldError } from "./field-errors.js";
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, type NameFn } from "./names.js";
import { isObject, type Json } from "../policy/pod-specs.js";

/** TotalAnnotationSizeLimitB: 256 KiB over all keys and values. */
export const TOTAL_ANNOTATION_SIZE = 256 * 1024;

export interface MetaRules {
  name: NameFn;
  /** Namespaced kinds may carry metadata.namespace (omitted, it comes from the sync's destination). */
  namespaced: boolean;
}

export function validateObjectMeta(meta: unknown, rules: MetaRules): FieldError[] {
  const path = FieldPath.root("metadata");
  if (!isObject(meta)) return [required("API001", path.child("name"), "name or generateName is required")];
  const out: FieldError[] = [];
  const generateName = typeof meta.generateName === "string" ? meta.generateName : "";
  const name = typeof meta.name === "string" ? meta.name : "";
  if (generateName !== "") for (const m of rules.name(generateName, true)) out.push(invalid("API002", path.child("generateName"), generateName, m));
  if (name === "") {
    // kubectl and the controllers need a name to apply a manifest; generateName only works with create.
    if (generateName === "") out.push(required("API001", path.child("name"), "name or generateName is required"));
  } else {
    for (const m of rules.name(name, false)) out.push(invalid("API001", path.child("name"), name, m));
  }
  const namespace = typeof meta.namespace === "string" ? meta.namespace : "";
  // A cluster-scoped object's namespace is cleared before validation (rest.BeforeCreate), so the server
  // admits it; ValidateObjectMeta's "not allowed on this type" is never reached on create.
  if (namespace !== "" && rules.namespaced) {
    for (const m of nameIsDNSLabel(namespace, false)) out.push(invalid("API003", path.child("namespace"), namespace, m));
  }
  out.push(...validateLabels(meta.labels, path.child("labels")));
  out.push(...validateAnnotations(meta.annotations, path.child("annotations")));
  return out;
}

/** ValidateLabels: each key a qualified name, each value a label value. Both errors name the labels map. */
export function validateLabels(labels: unknown, path: FieldPath): FieldError[] {
  if (!isObject(labels)) return [];
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const at = path.key(k);
    for (const m of isQualifiedName(k)) out.push({ ...invalid("API004", path, k, m), pointer: at.pointer });
    if (typeof v === "string") for (const m of isValidLabelValue(v)) out.push({ ...invalid("API005", path, v, m), pointer: at.pointer });
  }
  return out;
}

/** ValidateAnnotations: keys are qualified names in any case; keys and values together at most 256 KiB. */
export function validateAnnotations(annotations: unknown, path: FieldPath): FieldError[] {
  if (!isObject(annotations)) return [];
  const out: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    for (const m of isQualifiedName(k.toLowerCase())) out.push({ ...invalid("API006", path, k, m), pointer: path.key(k).pointer });
    size += Buffer.byteLength(k) + (typeof v === "string" ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE) out.push(tooLong("API007", path, TOTAL_ANNOTATION_SIZE));
  return out;
}

export type { Json };
