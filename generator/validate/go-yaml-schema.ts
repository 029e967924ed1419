/**
 * go-yaml v2's implicit scalar resolution (yaml.v2 resolve.go, what kubeconform's sigs.k8s.io/yaml reads
 * with), for both readers: js-yaml (the fast path) and the yaml package (positions and error messages).
 * It is not the YAML 1.1 spec: there are no base-60 numbers (`23:30` is a string), ints are whatever Go's
 * strconv.ParseInt(s, 0, 64) accepts once underscores are removed (`0o644`, `0x1F`, `0755`; `08` is not an
 * int but a float), floats match yamlStyleFloat (`1e3` without a dot is one), and timestamps stay strings
 * (sigs.k8s.io/yaml turns documents into JSON, where a timestamp is the string it was).
 */
import jsYaml from "js-yaml";

const TRUE = new Set(["true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const FALSE = new Set(["false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);
const NULLS = new Set(["", "~", "null", "Null", "NULL"]);
const SPECIAL_FLOATS = new Map<string, number>([
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((s): [string, number] => [s, Number.POSITIVE_INFINITY]),
  ...["-.inf", "-.Inf", "-.INF"].map((s): [string, number] => [s, Number.NEGATIVE_INFINITY]),
  ...[".nan", ".NaN", ".NAN"].map((s): [string, number] => [s, NaN]),
]);

// Go's integer literal syntax for base 0, after the sign.
const GO_INT = /^([-+]?)(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9_]+(?:[eE][-+]?[0-9_]+)?$/;
const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Starts like a number to go-yaml: its resolve table sends + - and digits to the numeric parsers. */
const numericHint = (s: string) => {
  const c = s.charCodeAt(0);
  return c === 43 || c === 45 || (c >= 48 && c <= 57);
};

/** A plain decimal int that fits a double exactly: the common case, read without BigInt. */
const SMALL_DECIMAL = /^-?[1-9][0-9]{0,14}$/;

/** The int go-yaml v2 reads from a plain scalar, or undefined. */
export function goYamlInt(s: string): number | undefined {
  if (!numericHint(s)) return undefined;
  if (s === "0" || SMALL_DECIMAL.test(s)) return Number(s);
  const value = goYamlIntBig(s);
  return value === undefined ? undefined : Number(value);
}

/** goYamlInt without rounding: int64, or uint64 above int64's range (ParseInt, then ParseUint). */
export function goYamlIntBig(s: string): bigint | undefined {
  if (!numericHint(s)) return undefined;
  const m = GO_INT.exec(s.replace(/_/g, ""));
  if (!m) return undefined;
  const digits = m[2]!;
  const prefix = digits.slice(0, 2).toLowerCase();
  const magnitude =
    prefix === "0b" || prefix === "0o" || prefix === "0x"
      ? BigInt(`0${prefix[1]}${digits.slice(2)}`)
      : digits.length > 1 && digits[0] === "0"
        ? BigInt(`0o${digits.slice(1)}`)
        : BigInt(digits);
  const value = m[1] === "-" ? -magnitude : magnitude;
  // ParseInt, then ParseUint (which takes no sign).
  if ((value >= INT64_MIN && value <= INT64_MAX) || (m[1] === "" && value <= UINT64_MAX)) return value;
  return undefined;
}

/**
 * The float go-yaml v2 reads from a plain scalar (that is not an int), or undefined (resolve.go: resolve).
 * A literal that overflows float64 (1e400) is not a float: strconv.ParseFloat fails with ErrRange, so the
 * scalar stays a string. After a leading '.', ParseFloat reads the text itself, underscores between digits
 * included (Go's syntax: `.5_0` is 0.5); after a digit or sign every underscore is dropped first.
 */
export function goYamlFloat(s: string): number | undefined {
  const c = s.charCodeAt(0);
  // Only '.', '+', '-' and digits can start a float (the special ones start with '.', '+' or '-').
  if (c !== 46 && !numericHint(s)) return undefined;
  const special = c === 46 || c === 43 || c === 45 ? SPECIAL_FLOATS.get(s) : undefined;
  if (special !== undefined) return special;
  let literal: string;
  if (s.startsWith(".")) {
    if (!DOT_FLOAT.test(s) || (s.includes("_") && !goUnderscoreOK(s))) return undefined;
    literal = s.replace(/_/g, "");
  } else {
    if (!numericHint(s)) return undefined;
    literal = s.replace(/_/g, "");
    if (!YAML_STYLE_FLOAT.test(literal)) return undefined;
  }
  const value = Number(literal);
  return Number.isFinite(value) ? value : undefined;
}

/** strconv's underscoreOK for a decimal literal: each '_' between two digits (Go's number syntax). */
function goUnderscoreOK(s: string): boolean {
  return !/(^|[^0-9])_|_($|[^0-9])/.test(s);
}

// Length first: most scalars are longer than any of these words, and a length test is cheaper than a hash.
export const goYamlBool = (s: string): boolean | undefined => (s.length > 5 ? undefined : TRUE.has(s) ? true : FALSE.has(s) ? false : undefined);
export const goYamlNull = (s: string): boolean => s.length <= 4 && NULLS.has(s);

// ---- js-yaml types --------------------------------------------------------------------------------------

const { Type, FAILSAFE_SCHEMA } = jsYaml;

const nil = new Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string | null) => data === null || goYamlNull(data),
  construct: () => null,
  predicate: (o: unknown) => o === null,
  represent: () => "null",
});

const bool = new Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && goYamlBool(data) !== undefined,
  construct: (data: string) => goYamlBool(data)!,
  predicate: (o: unknown) => typeof o === "boolean",
  represent: (o: object) => (o ? "true" : "false"),
});

/** js-yaml calls resolve, then construct on the same text: the number read by resolve is kept for it. */
const lastNumber = { text: "", value: 0 };
const readOnce = (read: (s: string) => number | undefined) => ({
  resolve: (data: string | null) => {
    if (data === null) return false;
    const value = read(data);
    if (value === undefined) return false;
    lastNumber.text = data;
    lastNumber.value = value;
    return true;
  },
  construct: (data: string) => (data === lastNumber.text ? lastNumber.value : read(data)!),
});

const int = new Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  ...readOnce(goYamlInt),
  predicate: (o: unknown) => typeof o === "number" && Number.isInteger(o),
  represent: (o: object) => String(o),
});

const float = new Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  ...readOnce(goYamlFloat),
  predicate: (o: unknown) => typeof o === "number" && !Number.isInteger(o),
  represent: (o: object) => String(o),
});

// js-yaml applies `<<` merges for a key of this type (as go-yaml v2 does).
const merge = new Type("tag:yaml.org,2002:merge", {
  kind: "scalar",
  resolve: (data: string | null) => data === "<<" || data === null,
});

export const GO_YAML_V2_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [nil, bool, int, float, merge] });

// ---- yaml package tags (positional reader) -------------------------------------------------------------

/** A `test` for the yaml package's tag matching (it only calls .test()). */
const tester = (fn: (s: string) => boolean) => ({ test: fn }) as unknown as RegExp;

/** Scalar tags for the yaml package's YAML 1.1 reader that resolve numbers as go-yaml v2 does. */
export const GO_YAML_V2_NUMBER_TAGS = [
  {
    identify: (v: unknown) => typeof v === "number" && Number.isInteger(v),
    default: true,
    tag: "tag:yaml.org,2002:int",
    test: tester((s) => goYamlInt(s) !== undefined),
    resolve: (s: string) => goYamlInt(s)!,
  },
  {
    identify: (v: unknown) => typeof v === "number",
    default: true,
    tag: "tag:yaml.org,2002:float",
    test: tester((s) => goYamlInt(s) === undefined && goYamlFloat(s) !== undefined),
    resolve: (s: string) => goYamlFloat(s)!,
  },
];
