/**
 * Explicit tags as go-yaml v2 decodes them (gopkg.in/yaml.v2 resolve.go: resolve, decode.go: scalar and
 * sequence), as tags for the yaml package's reader (the path a document takes when js-yaml, the fast reader,
 * does not know a tag or refuses it):
 *
 * - !!str, !!bool, !!int, !!float, !!null, !!timestamp: the value is resolved as if plain, and must come out
 *   as the tag says (an int is accepted as a float), else "cannot decode !!str `abc` as a !!int";
 * - !!binary: base64 (Go's StdEncoding, padding required, line breaks ignored) decoded into a string, else
 *   "!!binary value contains invalid base64 data";
 * - !!timestamp that resolves: the text as written (decode.go keeps a timestamp a string in an interface{});
 * - !!omap: go-yaml ignores the tag of a sequence, so it stays a sequence of maps.
 */
import type { CollectionTag, ScalarTag } from "yaml";
import { goYamlBool, goYamlFloat, goYamlInt, goYamlNull } from "../go-yaml-schema.js";

const PREFIX = "tag:yaml.org,2002:";
const short = (tag: string) => (tag.startsWith(PREFIX) ? `!!${tag.slice(PREFIX.length)}` : tag);

type Resolved = { tag: string; value: unknown };

/** go-yaml's resolve(tag, in) for a plain or explicitly tagged scalar (resolve.go): its tag and value. */
export function resolveScalar(in_: string, tag = ""): Resolved {
  if (tag === `${PREFIX}str`) return { tag, value: in_ };
  const first = in_[0];
  // resolveTable: the first character is the hint; anything else is a string.
  const hinted = in_ === "" || (first !== undefined && /[-+0-9yYnNtTfFoO~.]/.test(first));
  if (!hinted) return { tag: `${PREFIX}str`, value: in_ };
  if (goYamlNull(in_)) return { tag: `${PREFIX}null`, value: null };
  const bool = goYamlBool(in_);
  if (bool !== undefined) return { tag: `${PREFIX}bool`, value: bool };
  if (first === "." || first === "+" || first === "-" || (first !== undefined && first >= "0" && first <= "9")) {
    // Only a plain scalar or an explicit !!timestamp is tried as a timestamp.
    if ((tag === "" || tag === `${PREFIX}timestamp`) && first !== "." && isGoTimestamp(in_)) return { tag: `${PREFIX}timestamp`, value: in_ };
    const int = first === "." ? undefined : goYamlInt(in_);
    if (int !== undefined) return { tag: `${PREFIX}int`, value: int };
    const float = goYamlFloat(in_);
    if (float !== undefined) return { tag: `${PREFIX}float`, value: float };
  }
  return { tag: `${PREFIX}str`, value: in_ };
}

/** The value of a scalar with an explicit core tag, or go-yaml's error (resolve.go: the deferred check). */
export function resolveExplicit(tag: string, in_: string): { value: unknown; error?: undefined } | { error: string } {
  const r = resolveScalar(in_, tag);
  if (r.tag === tag) return { value: r.value };
  if (tag === `${PREFIX}float` && r.tag === `${PREFIX}int`) return { value: r.value };
  return { error: `cannot decode ${short(r.tag)} \`${in_}\` as a ${short(tag)}` };
}

const BINARY_ERROR = "!!binary value contains invalid base64 data";

/**
 * A failure of go-yaml's resolve() for an explicitly tagged scalar (resolve.go: failf), as these tags report it:
 * go-yaml words it without a line ("yaml: cannot decode !!str `1:30` as a !!int"), after the whole document
 * parsed, where its parser's errors carry one.
 */
export const isResolveFailure = (message: string): boolean => message.startsWith("cannot decode ") || message === BINARY_ERROR;

/** Go's base64.StdEncoding.DecodeString: padded, CR and LF skipped (decode.go: !!binary). */
export function decodeGoBase64(s: string): string | undefined {
  const data = s.replace(/[\r\n]/g, "");
  if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(data)) return undefined;
  // Go refuses non-zero trailing bits only in strict mode; StdEncoding is not strict.
  return Buffer.from(data, "base64").toString("latin1");
}

/** time.Parse with resolve.go's allowedTimestampFormats (parseTimestamp), ranges included. */
export function isGoTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  if (day < 1 || day > days) return false;
  const hour = Number(m[4] ?? m[7] ?? 0);
  const minute = Number(m[5] ?? m[8] ?? 0);
  const second = Number(m[6] ?? m[9] ?? 0);
  return hour < 24 && minute < 60 && second < 60;
}

function explicitTag(name: string): ScalarTag {
  const tag = `${PREFIX}${name}`;
  return {
    tag,
    default: false,
    identify: () => false,
    resolve(value: string, onError: (message: string) => void) {
      const r = resolveExplicit(tag, value);
      if ("error" in r && r.error !== undefined) {
        onError(r.error);
        return value;
      }
      return (r as { value: unknown }).value;
    },
  } as unknown as ScalarTag;
}

const binary = {
  tag: `${PREFIX}binary`,
  default: false,
  identify: () => false,
  resolve(value: string, onError: (message: string) => void) {
    const decoded = decodeGoBase64(value);
    if (decoded === undefined) {
      onError(BINARY_ERROR);
      return value;
    }
    // Go's string(data): bytes that are not UTF-8 are kept; as JSON they become U+FFFD.
    return Buffer.from(decoded, "latin1").toString("utf8");
  },
} as unknown as ScalarTag;

/** !!omap on a sequence: go-yaml ignores the tag (decode.go: sequence), so the sequence stays one. */
const omap = { tag: `${PREFIX}omap`, collection: "seq", default: false, resolve: (seq: unknown) => seq } as unknown as CollectionTag;

/** Tags the positional reader puts before its own, so explicit core tags behave as go-yaml v2's. */
export const GO_YAML_V2_EXPLICIT_TAGS: Array<ScalarTag | CollectionTag> = [
  ...["bool", "int", "float", "null", "timestamp"].map(explicitTag),
  binary,
  omap,
];
