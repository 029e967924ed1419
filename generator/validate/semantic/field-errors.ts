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
    private readonly form: "root" | "child" | "index" | "key",
  ) {}

  static root(...names: string[]): FieldPath {
    return names.reduce((p, n) => p.child(n), new FieldPath(undefined, "", "root"));
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
      this.apiText = this.form === "root" ? "" : this.form === "child" ? (up === "" ? this.segment : `${up}.${this.segment}`) : `${up}[${this.segment}]`;
    }
    return this.apiText;
  }

  get pointer(): string {
    if (this.pointerText === undefined) this.pointerText = this.form === "root" ? "" : `${this.parent!.pointer}/${escape(this.segment)}`;
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

/** Go's %q for strings, %v for numbers and booleans, a Go map literal for string maps (what %#v prints). */
function showValue(v: unknown): string {
  if (v === undefined || v === null) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string")) {
    // fmt prints a map's keys sorted.
    const entries = Object.entries(v as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[string]string{${entries.map(([k, x]) => `${quote(k)}:${quote(x)}`).join(", ")}}`;
  }
  return JSON.stringify(v);
}

/** strconv.Quote for the printable ASCII the checked values hold; JSON's escapes agree with Go's there. */
export function quote(s: string): string {
  return JSON.stringify(s);
}
