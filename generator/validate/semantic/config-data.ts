/** ConfigMap and Secret: pkg/apis/core/validation ValidateConfigMap and ValidateSecret (Kubernetes v1.33). */
import { isObject, type Json } from "../policy/pod-specs.js";
import { FieldPath, invalid, tooLong, type FieldError } from "./field-errors.js";
import { isConfigMapKey } from "./names.js";

/** core.MaxSecretSize, also the ConfigMap limit. */
export const MAX_DATA_SIZE = 1024 * 1024;

export function validateConfigMap(obj: Json): FieldError[] {
  const out: FieldError[] = [];
  const data = isObject(obj.data) ? obj.data : {};
  const binary = isObject(obj.binaryData) ? obj.binaryData : {};
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    const at = FieldPath.root("data").key(k);
    for (const m of isConfigMapKey(k)) out.push(invalid("API050", at, k, m));
    if (Object.prototype.hasOwnProperty.call(binary, k)) out.push(invalid("API051", at, k, "duplicate of key present in binaryData"));
    size += Buffer.byteLength(String(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    const at = FieldPath.root("binaryData").key(k);
    for (const m of isConfigMapKey(k)) out.push(invalid("API050", at, k, m));
    const decoded = decodeBase64(String(v));
    if (typeof decoded === "string") out.push(invalid("API053", at, "<value omitted>", decoded));
    else size += decoded;
  }
  // field.NewPath("") prints as an empty path.
  if (size > MAX_DATA_SIZE) out.push(tooLong("API052", FieldPath.root(), MAX_DATA_SIZE));
  return out;
}

export function validateSecret(obj: Json): FieldError[] {
  const out: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(isObject(obj.data) ? obj.data : {})) {
    const at = FieldPath.root("data").key(k);
    for (const m of isConfigMapKey(k)) out.push(invalid("API050", at, k, m));
    const decoded = decodeBase64(String(v));
    if (typeof decoded === "string") out.push(invalid("API053", at, "<secret contents redacted>", decoded));
    else size += decoded;
  }
  // stringData is merged into data by the server before validation (keys and size count the same).
  for (const [k, v] of Object.entries(isObject(obj.stringData) ? obj.stringData : {})) {
    for (const m of isConfigMapKey(k)) out.push(invalid("API050", FieldPath.root("data").key(k), k, m));
    size += Buffer.byteLength(String(v));
  }
  if (size > MAX_DATA_SIZE) out.push(tooLong("API052", FieldPath.root("data"), MAX_DATA_SIZE));
  return out;
}

/**
 * []byte fields are base64 in JSON (encoding/json with base64.StdEncoding: padding required, \r and \n
 * ignored). Returns the decoded length, or Go's message for the first illegal byte.
 */
export function decodeBase64(s: string): number | string {
  const clean: number[] = []; // offsets into s of the characters that count
  for (let i = 0; i < s.length; i++) if (s[i] !== "\r" && s[i] !== "\n") clean.push(i);
  const chars = clean.map((i) => s[i]!);
  let n = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === "=") {
      // Padding: only in the last quantum, after at least two data characters, and completing it.
      const inQuantum = i % 4;
      const rest = chars.slice(i).join("");
      const ok = (inQuantum === 2 && rest === "==") || (inQuantum === 3 && rest === "=");
      if (!ok) return `illegal base64 data at input byte ${clean[i]!}`;
      return Math.floor((i * 3) / 4);
    }
    if (!/[A-Za-z0-9+/]/.test(c)) return `illegal base64 data at input byte ${clean[i]!}`;
    n++;
  }
  if (n % 4 !== 0) return `illegal base64 data at input byte ${s.length}`;
  return (n / 4) * 3;
}
