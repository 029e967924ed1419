/**
 * The YAML 1.2 core schema, exactly as the yaml package resolves plain scalars (its schema/core tags), for
 * js-yaml: the config's fast reader. js-yaml reads a config several times faster than the positional parser;
 * that one still runs whenever a position is needed (any error) and for every config that js-yaml refuses
 * or that uses anchors, so both readers always see the same values.
 */
import jsYaml from "js-yaml";

const { Type, FAILSAFE_SCHEMA } = jsYaml;

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

function coreInt(s: string): number {
  if (INT_OCT.test(s)) return parseInt(s.slice(2), 8);
  if (INT_HEX.test(s)) return parseInt(s.slice(2), 16);
  return parseInt(s, 10);
}

function coreFloat(s: string): number {
  if (FLOAT_NAN.test(s)) return s.endsWith("nan") || s.endsWith("NaN") || s.endsWith("NAN") ? NaN : s.startsWith("-") ? -Infinity : Infinity;
  return parseFloat(s);
}

const scalar = (tag: string, test: (s: string) => boolean, construct: (s: string) => unknown, predicate: (o: unknown) => boolean) =>
  new Type(tag, { kind: "scalar", resolve: (d: string | null) => test(d ?? ""), construct: (d: string | null) => construct(d ?? ""), predicate });

export const YAML_CORE_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar("tag:yaml.org,2002:null", (s) => NULL.test(s), () => null, (o) => o === null),
    scalar("tag:yaml.org,2002:bool", (s) => BOOL.test(s), (s) => s[0] === "t" || s[0] === "T", (o) => typeof o === "boolean"),
    scalar("tag:yaml.org,2002:int", (s) => INT_OCT.test(s) || INT.test(s) || INT_HEX.test(s), coreInt, (o) => typeof o === "number" && Number.isInteger(o)),
    scalar("tag:yaml.org,2002:float", (s) => FLOAT_NAN.test(s) || FLOAT_EXP.test(s) || FLOAT.test(s), coreFloat, (o) => typeof o === "number"),
  ],
});

/** Anchors, aliases and tags (outside quotes) take the positional path, which caps alias expansion. */
const ANCHOR_ALIAS_OR_TAG = /(?:^|[\s[{,:-])[&*!][^\s,\]}]/m;

/**
 * A line longer than 1,024 characters may hold an implicit key longer than the yaml package allows (the `:` at
 * most 1,024 characters after the key's start: KEY_OVER_1024_CHARS), which js-yaml reads without complaint.
 */
function hasLineOver1024(text: string): boolean {
  if (text.length <= 1024) return false;
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > 1024) return true;
    start = end + 1;
  }
  return false;
}

/** The config's data read fast, or undefined when the positional parser must decide (errors, anchors, tags, long lines). */
export function fastReadConfig(text: string): unknown {
  if (ANCHOR_ALIAS_OR_TAG.test(text) || hasLineOver1024(text)) return undefined;
  try {
    return jsYaml.load(text, { schema: YAML_CORE_SCHEMA });
  } catch {
    return undefined;
  }
}
