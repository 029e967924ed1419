/**
 * What the API server does to an object before its rules run: nulls of non-nullable fields are pruned, and
 * schema `default`s are applied (k8s.io/apiextensions-apiserver pkg/apiserver/schema/defaulting/algorithm.go
 * v0.33 `Default`: an absent or non-nullable-null property gets a copy of its default, then each present
 * property, additionalProperties value and array item is defaulted in turn). Works on a copy.
 */
import { isObject, type JsonObject, type SchemaReader } from "./schema-node.js";

export function withDefaults(value: unknown, node: JsonObject | undefined, reader: SchemaReader): unknown {
  return defaulted(structuredClone(value), node, reader);
}

function nonNullableNull(x: unknown, s: JsonObject | undefined, reader: SchemaReader): boolean {
  return x === null && s !== undefined && !reader.nullable(s);
}

function defaulted(x: unknown, s: JsonObject | undefined, reader: SchemaReader): unknown {
  if (!s) return x;
  if (Array.isArray(x)) {
    const items = reader.items(s);
    return x.map((v) => defaulted(nonNullableNull(v, items, reader) && items && "default" in items ? structuredClone(items.default) : v, items, reader));
  }
  if (!isObject(x)) return x;
  const props = reader.properties(s) ?? {};
  for (const k of Object.keys(props)) {
    const prop = reader.property(s, k);
    if (!prop) continue;
    const present = Object.hasOwn(x, k);
    if ((!present || nonNullableNull(x[k], prop, reader)) && "default" in prop && prop.default !== null) x[k] = structuredClone(prop.default);
    else if (present && nonNullableNull(x[k], prop, reader)) delete x[k]; // pruned: a null the schema does not allow
  }
  const ap = reader.additionalProperties(s);
  for (const k of Object.keys(x)) {
    const prop = Object.hasOwn(props, k) ? reader.property(s, k) : undefined;
    if (prop) x[k] = defaulted(x[k], prop, reader);
    else if (ap) {
      if (nonNullableNull(x[k], ap, reader) && "default" in ap) x[k] = structuredClone(ap.default);
      x[k] = defaulted(x[k], ap, reader);
    }
  }
  return x;
}
