/**
 * The API server's field errors (k8s.io/apimachinery/pkg/util/validation/field): a path written the way the
 * server writes it (`spec.template.spec.containers[0].name`, `data[key]`), an error type, the bad value and a
 * detail. Each error also carries the JSON pointer of the same place, so the CLI can show the file's line,
 * and the stable code of the rule that raised it (docs/validation.md).
 */

export type FieldErrorType = "Invalid value" | "Required value" | "Duplicate value" | "Not found" | "Unsupported value" | "Forbidden" | "Too long";

export interface FieldError {
  /** Stable rule code (docs/validation.md). */
  code: string;
  type: FieldErrorType;
  /** The API server's field path. */
  field: string;
  /** RFC 6901 pointer to the same place in the manifest. */
  pointer: string;
  /** The bad value, shown as Go's %q / %v show it; undefined when the type omits it. */
  value?: unknown;
  detail: string;
}

/**
 * A field path and its JSON pointer, built together (field.Path's Child, Index and Key). Lazy: most paths
 * are built for fields that turn out valid, so the strings are only made for an error.
 */
export class FieldPath {
  private apiText?: string;
  private pointerText?: string;

  private constructor(
    private readonly parent: FieldPath | undefined,
    private readonly segment: string,
    private readonly form: "root" | "empty" | "child" | "index" | "key",
  ) {}

  static root(...names: string[]): FieldPath {
    return names.reduce((p, n) => p.child(n), new FieldPath(undefined, "", "root"));
  }

  /** field.NewPath(""): a root with an empty name, which Path.String() writes as "[]" (an empty subscript). */
  static empty(): FieldPath {
    return new FieldPath(undefined, "", "empty");
  }

  /** A struct field (or several, as field.Path.Child("a", "b") does). */
  child(...names: string[]): FieldPath {
    return names.reduce<FieldPath>((p, n) => new FieldPath(p, n, "child"), this);
  }

  index(i: number): FieldPath {
    return new FieldPath(this, String(i), "index");
  }

  /** A map key: `data[key]` (field.Path.Key writes the key without quotes). */
  key(k: string): FieldPath {
    return new FieldPath(this, k, "key");
  }

  get api(): string {
    if (this.apiText === undefined) {
      const up = this.parent?.api ?? "";
      this.apiText = this.form === "root" ? "" : this.form === "empty" ? "[]" : this.form === "child" ? (up === "" ? this.segment : `${up}.${this.segment}`) : `${up}[${this.segment}]`;
    }
    return this.apiText;
  }

  get pointer(): string {
    if (this.pointerText === undefined) this.pointerText = this.form === "root" || this.form === "empty" ? "" : `${this.parent!.pointer}/${escape(this.segment)}`;
    return this.pointerText;
  }
}

function escape(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

const make =
  (type: FieldErrorType) =>
  (code: string, path: FieldPath, value: unknown, detail = ""): FieldError => ({ code, type, field: path.api, pointer: path.pointer, value, detail });

export const invalid = make("Invalid value");
export const duplicate = make("Duplicate value");
export const notFound = make("Not found");

export function required(code: string, path: FieldPath, detail = ""): FieldError {
  return { code, type: "Required value", field: path.api, pointer: path.pointer, detail };
}

export function forbidden(code: string, path: FieldPath, detail: string): FieldError {
  return { code, type: "Forbidden", field: path.api, pointer: path.pointer, detail };
}

/** field.NotSupported: the detail lists the supported values, each quoted. */
export function notSupported(code: string, path: FieldPath, value: unknown, supported: string[]): FieldError {
  return { code, type: "Unsupported value", field: path.api, pointer: path.pointer, value, detail: `supported values: ${supported.map(quote).join(", ")}` };
}

/** field.TooLong with a byte limit (the value is omitted). */
export function tooLong(code: string, path: FieldPath, maxBytes: number): FieldError {
  return { code, type: "Too long", field: path.api, pointer: path.pointer, detail: `may not be more than ${maxBytes} bytes` };
}

/** The message exactly as field.Error.Error() writes it. */
export function formatFieldError(e: FieldError): string {
  let body: string = e.type;
  if (e.type !== "Required value" && e.type !== "Forbidden" && e.type !== "Too long") body += `: ${showValue(e.value)}`;
  if (e.detail !== "") body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}

/** A value the server prints with %#v (a Go struct or a nil map), already written in Go syntax. */
export class GoSyntax {
  constructor(readonly text: string) {}
}

/** %#v of a map[string]string: keys sorted, `map[string]string(nil)` for a nil map. */
export function goStringMap(m: Record<string, string> | undefined): string {
  if (m === undefined) return "map[string]string(nil)";
  const entries = Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, x]) => `${quote(k)}:${quote(x)}`).join(", ")}}`;
}

/** %#v of a *metav1.LabelSelector (the pointer is dereferenced by field.Error). */
export function goLabelSelector(sel: { matchLabels?: Record<string, string>; matchExpressions?: { key?: string; operator?: string; values?: string[] }[] }): GoSyntax {
  const exprs =
    sel.matchExpressions === undefined
      ? "[]v1.LabelSelectorRequirement(nil)"
      : `[]v1.LabelSelectorRequirement{${sel.matchExpressions
          .map((e) => `v1.LabelSelectorRequirement{Key:${quote(String(e.key ?? ""))}, Operator:${quote(String(e.operator ?? ""))}, Values:${e.values === undefined ? "[]string(nil)" : `[]string{${e.values.map((x) => quote(String(x))).join(", ")}}`}}`)
          .join(", ")}}`;
  return new GoSyntax(`v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprs}}`);
}

/** Go's %q for strings, %v for numbers and booleans, a Go map literal for string maps (what %#v prints). */
function showValue(v: unknown): string {
  if (v instanceof GoSyntax) return v.text;
  // ErrorBody replaces a nil value with the string "null", which %q then quotes.
  if (v === undefined || v === null) return quote("null");
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  // fmt prints a map's keys sorted.
  if (typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string")) return goStringMap(v as Record<string, string>);
  return JSON.stringify(v);
}

/** strconv.Quote for the printable ASCII the checked values hold; JSON's escapes agree with Go's there. */
export function quote(s: string): string {
  return JSON.stringify(s);
}
