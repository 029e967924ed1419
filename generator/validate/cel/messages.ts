/**
 * The API server's words for a failed rule (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go
 * v0.33 `validateExpressions`, `fieldErrorForReason`, `ruleMessageOrDefault`, `ruleErrorString`;
 * apimachinery field/errors.go `Error()`): `<path>: Invalid value: "<schema type>": <message>`, or
 * `Forbidden: <message>`, `Required value: <message>`, `Duplicate value: "<schema type>"` by `reason`.
 */
import type { ValidationRule } from "./schema-node.js";

export type Reason = "FieldValueInvalid" | "FieldValueForbidden" | "FieldValueRequired" | "FieldValueDuplicate";

export function reasonOf(rule: ValidationRule): Reason {
  switch (rule.reason) {
    case "FieldValueForbidden":
    case "FieldValueRequired":
    case "FieldValueDuplicate":
      return rule.reason;
    default:
      return "FieldValueInvalid";
  }
}

/** field.Error.Error() for the error `fieldErrorForReason` builds (the bad value is the node's schema type). */
export function fieldError(path: string, reason: Reason, schemaType: string, detail: string): string {
  switch (reason) {
    case "FieldValueForbidden":
      return `${path}: Forbidden${detail ? `: ${detail}` : ""}`;
    case "FieldValueRequired":
      return `${path}: Required value${detail ? `: ${detail}` : ""}`;
    case "FieldValueDuplicate":
      return `${path}: Duplicate value: ${JSON.stringify(schemaType)}`;
    default:
      return `${path}: Invalid value: ${JSON.stringify(schemaType)}${detail ? `: ${detail}` : ""}`;
  }
}

/** ruleErrorString: the trimmed message, else the trimmed rule. */
export function ruleErrorString(rule: ValidationRule): string {
  return rule.message && rule.message.length > 0 ? rule.message.trim() : rule.rule.trim();
}

/** ruleMessageOrDefault: the trimmed message, else "failed rule: <rule>". */
export function ruleMessageOrDefault(rule: ValidationRule): string {
  return rule.message && rule.message.length > 0 ? rule.message.trim() : `failed rule: ${ruleErrorString(rule)}`;
}

/**
 * An evaluation error in cel-go's words where @bufbuild/cel's differ (types/err.go, map.go): "no such key",
 * "division by zero", "integer overflow", "no such overload". Others keep @bufbuild/cel's text.
 */
export function celGoError(message: string): string {
  const m = /^field not found: (.*)$/s.exec(message);
  if (m) return `no such key: ${m[1]}`;
  if (/^(int|uint) divide by zero|^(int|uint) modulus by zero|^divide by zero|^modulus by zero/.test(message)) return "division by zero";
  if (/^int overflow|^int64 overflow/.test(message)) return "integer overflow";
  if (/^uint overflow|^uint64 overflow/.test(message)) return "unsigned integer overflow";
  if (/^found no matching overload|^no such overload/.test(message)) return "no such overload";
  return message;
}

/** The detail of an evaluation error, as validateExpressions words it. */
export function evaluationErrorDetail(message: string, rule: ValidationRule): string {
  const err = celGoError(message);
  if (err.startsWith("no such overload")) {
    return `'${err}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`;
  }
  return `${err} evaluating rule: ${ruleErrorString(rule)}`;
}
