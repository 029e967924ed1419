/** ConfigMap and Secret: pkg/apis/core/validation ValidateConfigMap and ValidateSecret (Kubernetes v1.33). */
import { isObject, type Json } from "../policy/pod-specs.js";
import { FieldPath, invalid, required, tooLong, type FieldError } from "./field-errors.js";
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
  // field.NewPath(""): Path.String() writes a root with no name as an empty subscript, "[]".
  if (size > MAX_DATA_SIZE) out.push(tooLong("API052", FieldPath.empty(), MAX_DATA_SIZE));
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
  out.push(...validateSecretType(obj));
  return out;
}

/**
 * ValidateSecret's rules per type: the keys each type needs (in data after stringData is merged), the
 * service account a token Secret names, and Docker configs that are JSON objects.
 */
function validateSecretType(obj: Json): FieldError[] {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(isObject(obj.data) ? obj.data : {})) data[k] = Buffer.from(String(v), "base64").toString("utf8");
  for (const [k, v] of Object.entries(isObject(obj.stringData) ? obj.stringData : {})) data[k] = String(v);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  const key = (k: string) => FieldPath.root("data").key(k);
  const out: FieldError[] = [];
  switch (obj.type) {
    case "kubernetes.io/service-account-token": {
      const annotations = isObject(obj.metadata) && isObject(obj.metadata.annotations) ? obj.metadata.annotations : {};
      const name = annotations["kubernetes.io/service-account.name"];
      if (typeof name !== "string" || name === "") out.push(required("API054", FieldPath.root("metadata", "annotations").key("kubernetes.io/service-account.name")));
      break;
    }
    case "kubernetes.io/dockercfg":
    case "kubernetes.io/dockerconfigjson": {
      const k = obj.type === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
      if (!has(k)) out.push(required("API054", key(k)));
      else {
        const err = jsonObjectError(data[k]!);
        if (err) out.push(invalid("API054", key(k), "<secret contents redacted>", err));
      }
      break;
    }
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) out.push(required("API054", key("username")), required("API054", key("password")));
      break;
    case "kubernetes.io/ssh-auth":
      if (!data["ssh-privatekey"]) out.push(required("API054", key("ssh-privatekey")));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) out.push(required("API054", key("tls.crt")));
      if (!has("tls.key")) out.push(required("API054", key("tls.key")));
      break;
  }
  return out;
}

/**
 * Why encoding/json cannot unmarshal the text into a map[string]interface{}, in its words for the common
 * cases (empty, a bad first character, a JSON value that is not an object); undefined when it can. Other
 * syntax errors get JavaScript's description (the verdict is the same; the wording may differ).
 */
function jsonObjectError(text: string): string | undefined {
  const trimmed = text.replace(/^[ \t\r\n]+/, "");
  if (trimmed === "") return "unexpected end of JSON input";
  if (!/^[{["\-0-9tfn]/.test(trimmed)) return `invalid character ${goQuoteRune(trimmed[0]!)} looking for beginning of value`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return (e as Error).message;
  }
  if (parsed === null || (typeof parsed === "object" && !Array.isArray(parsed))) return undefined;
  const kind = Array.isArray(parsed) ? "array" : typeof parsed === "boolean" ? "bool" : typeof parsed;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** encoding/json's quoteChar: 'x', with \' and \" escaped, others as strconv.Quote. */
function goQuoteRune(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

/**
 * []byte fields are base64 in JSON: encoding/json decodes them with base64.StdEncoding (padding required,
 * \r and \n skipped). Returns the decoded length, or Go's message: the offsets are those of
 * encoding/base64's decodeQuantum (an incomplete last quantum is reported at its start, missing padding at
 * the end of the input, a bad character or misplaced '=' where it is, trailing data after the padding where
 * it starts).
 */
export function decodeBase64(s: string): number | string {
  const isData = (c: string) => /[A-Za-z0-9+/]/.test(c);
  const isNewline = (c: string | undefined) => c === "\r" || c === "\n";
  const corrupt = (at: number) => `illegal base64 data at input byte ${at}`;
  let si = 0;
  let n = 0;
  while (si < s.length) {
    let j = 0;
    let end = false;
    for (; j < 4; j++) {
      if (si === s.length) {
        if (j === 0) return n;
        // j == 1, or a padded encoding: the quantum is incomplete.
        return corrupt(si - j);
      }
      const c = s[si]!;
      si++;
      if (isData(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== "=") return corrupt(si - 1);
      // Padding: the end of the data.
      if (j === 0 || j === 1) return corrupt(si - 1);
      if (j === 2) {
        while (si < s.length && isNewline(s[si])) si++;
        if (si === s.length) return corrupt(s.length);
        if (s[si] !== "=") return corrupt(si - 1);
        si++;
      }
      while (si < s.length && isNewline(s[si])) si++;
      if (si < s.length) return corrupt(si);
      end = true;
      break;
    }
    n += j === 4 ? 3 : j - 1;
    if (end) return n;
  }
  return n;
}
