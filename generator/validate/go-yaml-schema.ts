/**
 * go-yaml v2's implicit scalar types (what kubeconform's YAML reader resolves), for js-yaml: YAML 1.1 null,
 * bool (yes/no/on/off/y/n), int (0b, legacy octal 0755, 0x, sexagesimal 1:30, underscores), float and merge
 * keys. No timestamps: sigs.k8s.io/yaml turns documents into JSON, where a timestamp is the string it was.
 * The resolvers follow the YAML 1.1 type repository (yaml.org/type), as js-yaml 5's yaml11 tags do.
 */
import jsYaml from "js-yaml";

const { Type, FAILSAFE_SCHEMA } = jsYaml;

const NULLS = new Set(["", "~", "null", "Null", "NULL"]);

const nil = new Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string | null) => data === null || NULLS.has(data),
  construct: () => null,
  predicate: (o: unknown) => o === null,
  represent: () => "null",
});

// js-yaml applies `<<` merges for a key of this type (as go-yaml v2 does).
const merge = new Type("tag:yaml.org,2002:merge", {
  kind: "scalar",
  resolve: (data: string | null) => data === "<<" || data === null,
});

const TRUE = new Set(["true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"]);
const FALSE = new Set(["false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

const bool = new Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && (TRUE.has(data) || FALSE.has(data)),
  construct: (data: string) => TRUE.has(data),
  predicate: (o: unknown) => typeof o === "boolean",
  represent: (o: object) => (o ? "true" : "false"),
});

const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+|[-+]?(?:0|[1-9][0-9_]*))$/;

function parseInt11(source: string): number {
  let value = source.replace(/_/g, "");
  let sign = 1;
  if (value[0] === "-" || value[0] === "+") {
    if (value[0] === "-") sign = -1;
    value = value.slice(1);
  }
  if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
  if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
  if (value.includes(":")) return sign * value.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
  if (value !== "0" && value[0] === "0") return sign * parseInt(value, 8);
  return sign * parseInt(value, 10);
}

const int = new Type("tag:yaml.org,2002:int", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && INT.test(data) && Number.isFinite(parseInt11(data)),
  construct: parseInt11,
  predicate: (o: unknown) => typeof o === "number" && Number.isInteger(o),
  represent: (o: object) => String(o),
});

const FLOAT = /^(?:[-+]?(?:(?:[0-9][0-9_]*)?\.[0-9_]*)(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function parseFloat11(source: string): number {
  let value = source.toLowerCase().replace(/_/g, "");
  const sign = value[0] === "-" ? -1 : 1;
  if ("+-".includes(value[0]!)) value = value.slice(1);
  if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (value === ".nan") return NaN;
  if (value.includes(":")) return sign * value.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
  return sign * parseFloat(value);
}

const float = new Type("tag:yaml.org,2002:float", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && FLOAT.test(data) && (Number.isFinite(parseFloat11(data)) || FLOAT_SPECIAL.test(data)),
  construct: parseFloat11,
  predicate: (o: unknown) => typeof o === "number" && !Number.isInteger(o),
  represent: (o: object) => String(o),
});

export const GO_YAML_V2_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [nil, bool, int, float, merge] });
