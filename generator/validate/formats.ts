/**
 * JSON-schema formats as kubeconform v0.7.0 checks them. Its library, santhosh-tekuri/jsonschema v6, asserts
 * `format` for drafts before 2019-09 only (objcompiler.go: assertFormat), and kubeconform compiles with
 * DefaultDraft(Draft4) (pkg/validator/validator.go: downloadSchema). So:
 *
 * - a schema without `$schema` (the CRD schemas) or naming draft-04, -06 or -07 has its formats checked;
 * - a schema saying "http://json-schema.org/schema#" (kubernetes-json-schema's files) is the latest draft,
 *   2020-12, whose format vocabulary only annotates: nothing is checked.
 *
 * The checks are the library's (format.go: validateDate, validateTime, validateDateTime, validateUUID,
 * validateIPV4, validateIPV6, validateHostname, validateEmail) and kubeconform's own duration (validator.go:
 * validateDuration, Go durations or ISO 8601). Formats it does not know (int32, int64, byte...) are not
 * checked; of those it knows, uri, iri, uri-reference, iri-reference, uri-template, json-pointer,
 * relative-json-pointer, period, semver and regex are not ported (no committed schema uses them).
 */
import { isIPv6 } from "node:net";

/** Whether kubeconform's library asserts `format` in a schema with this `$schema` (draft.go: draftFromURL). */
export function assertsFormats(schemaUri: unknown): boolean {
  if (schemaUri === undefined) return true; // DefaultDraft(Draft4)
  if (typeof schemaUri !== "string") return true;
  const [url, fragment = ""] = schemaUri.split("#", 2);
  if (fragment !== "") return true; // not a known draft URL: the default draft
  const u = url!.replace(/^https?:\/\//, "");
  if (u === "json-schema.org/schema" || u === "json-schema.org/draft/2020-12/schema" || u === "json-schema.org/draft/2019-09/schema") return false;
  return true;
}

/** format.go: validateDate, time.Parse("2006-01-02", s): four-digit year, two-digit month and day, a real day. */
export function isDate(s: string): boolean {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** strconv.Atoi on a short token: optional sign, then digits. */
function atoi(tok: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(tok) ? Number(tok) : undefined;
}

/** format.go: validateTime (RFC 3339 full-time; a leap second only at 23:59 UTC). */
export function isTime(str: string): boolean {
  if (str.length < 9) return false;
  if (str[2] !== ":" || str[5] !== ":") return false;
  const hms = str.slice(0, 8).split(":", 3).map(atoi);
  if (hms.length !== 3 || hms.some((i) => i === undefined || i < 0)) return false;
  let [h, m] = hms as [number, number, number];
  const s = hms[2]!;
  if (h > 23 || m > 59 || s > 60) return false;
  let rest = str.slice(8);
  if (rest.startsWith(".")) {
    const digits = /^[0-9]*/.exec(rest.slice(1))![0].length;
    if (digits === 0) return false;
    rest = rest.slice(1 + digits);
  }
  if (rest !== "z" && rest !== "Z") {
    if (rest.length !== 6) return false;
    const sign = rest[0] === "+" ? -1 : rest[0] === "-" ? 1 : 0;
    if (sign === 0) return false;
    rest = rest.slice(1);
    if (rest[2] !== ":") return false;
    const zhm = rest.split(":", 2).map(atoi);
    if (zhm.some((i) => i === undefined || i < 0)) return false;
    const [zh, zm] = zhm as [number, number];
    if (zh > 23 || zm > 59) return false;
    let hm = h * 60 + m + sign * (zh * 60 + zm);
    if (hm < 0) hm += 24 * 60;
    [h, m] = [Math.floor(hm / 60), hm % 60];
  }
  return !(s >= 60 && (h !== 23 || m !== 59));
}

/** format.go: validateDateTime: at least 20 characters, a date, 't' or 'T', a time. */
export function isDateTime(s: string): boolean {
  if (s.length < 20) return false;
  if (s[10] !== "t" && s[10] !== "T") return false;
  return isDate(s.slice(0, 10)) && isTime(s.slice(11));
}

/** Go's time.ParseDuration syntax ("1h30m", "1.5s", "-2m", "0"); overflow past 290 years is not checked. */
const GO_DURATION = /^[-+]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/;

/** kubeconform's validateDuration: a Go duration, or ISO 8601 (PnW, or PnYnMnD and TnHnMnS in order). */
export function isDuration(v: string): boolean {
  if (GO_DURATION.test(v)) return true;
  if (!v.startsWith("P")) return false;
  let s = v.slice(1);
  if (s === "") return false;
  if (s.endsWith("W")) {
    s = s.slice(0, -1);
    return s !== "" && /^[0-9]+$/.test(s);
  }
  const allUnits = ["YMD", "HMS"];
  const parts = s.split("T");
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i]!;
    if (i !== 0 && part === "") return false;
    if (i >= allUnits.length) return false;
    let units = allUnits[i]!;
    while (part !== "") {
      const digits = /^[0-9]*/.exec(part)![0].length;
      if (digits === 0) return false;
      part = part.slice(digits);
      if (part === "") return false;
      const j = units.indexOf(part[0]!);
      if (j === -1) return false;
      units = units.slice(j + 1);
      part = part.slice(1);
    }
  }
  return true;
}

/** format.go: validateUUID: five groups of 8-4-4-4-12 hex digits. */
export function isUuid(s: string): boolean {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s);
}

/** format.go: validateIPV4: four decimals 0-255, no leading zeros. */
export function isIpv4(s: string): boolean {
  const groups = s.split(".");
  if (groups.length !== 4) return false;
  return groups.every((g) => !(g.length > 1 && g[0] === "0") && atoi(g) !== undefined && atoi(g)! >= 0 && atoi(g)! <= 255);
}

/** format.go: validateIPV6: a colon, netip.ParseAddr, no zone. */
export function isIpv6(s: string): boolean {
  return s.includes(":") && !s.includes("%") && isIPv6(s);
}

/** format.go: validateHostname: at most 253 characters (a trailing dot aside), labels of 1-63 [A-Za-z0-9-], no '-' at either end. */
export function isHostname(s: string): boolean {
  const name = s.endsWith(".") ? s.slice(0, -1) : s;
  if (name.length > 253) return false;
  return name.split(".").every((label) => label.length >= 1 && label.length <= 63 && /^[A-Za-z0-9-]+$/.test(label) && !label.startsWith("-") && !label.endsWith("-"));
}

/** format.go: validateEmail. */
export function isEmail(s: string): boolean {
  if (s.length > 254) return false;
  const at = s.lastIndexOf("@");
  if (at === -1) return false;
  const local = s.slice(0, at);
  let domain = s.slice(at + 1);
  if (local.length > 64) return false;
  if (local.length > 1 && local.startsWith('"')) {
    // (the library tests the opening quote twice, not the closing one)
    const inner = local.slice(1, -1);
    if (inner.includes("\\") || inner.includes('"')) return false;
  } else {
    if (local.startsWith(".") || local.endsWith(".") || local.includes("..")) return false;
    if (!/^[A-Za-z0-9.!#$%&'*+\-/=?^_`{|}~]*$/.test(local)) return false;
  }
  if (domain.startsWith("[") && domain.endsWith("]")) {
    domain = domain.slice(1, -1);
    if (domain.startsWith("IPv6:")) return isIpv6(domain.slice(5));
    return isIpv4(domain);
  }
  return isHostname(domain);
}

/** The formats kubeconform checks, for ajv (strings only: ajv applies a format to strings alone). */
export const KUBECONFORM_FORMATS: Record<string, (s: string) => boolean> = {
  "date-time": isDateTime,
  date: isDate,
  time: isTime,
  duration: isDuration,
  uuid: isUuid,
  ipv4: isIpv4,
  ipv6: isIpv6,
  hostname: isHostname,
  email: isEmail,
};
