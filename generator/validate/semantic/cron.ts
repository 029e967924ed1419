/**
 * A CronJob's schedule as the API server parses it: github.com/robfig/cron/v3 v3.0.1 ParseStandard (five
 * fields, or a descriptor such as @daily or `@every 1h30m`), with its exact error messages. Returns the
 * error, or undefined when the schedule parses. A `TZ=` or `CRON_TZ=` prefix is left to the caller (the
 * server refuses it in a new CronJob anyway).
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };
const DESCRIPTORS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
const INT64_MAX = 9223372036854775807n;

export function parseStandardCron(spec: string): string | undefined {
  if (spec.length === 0) return "empty spec string";
  if (spec.startsWith("@")) return parseDescriptor(spec);
  // strings.Fields: split on white space (ASCII is what a manifest holds), no empty fields.
  const fields = spec.split(/[\t\n\v\f\r \u0085\u00a0]+/).filter((f) => f !== "");
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  const bounds = [MINUTES, HOURS, DOM, MONTHS, DOW];
  for (const [i, f] of fields.entries()) {
    const err = getField(f, bounds[i]!);
    if (err) return err;
  }
  return undefined;
}

function parseDescriptor(descriptor: string): string | undefined {
  if (DESCRIPTORS.has(descriptor)) return undefined;
  const every = "@every ";
  if (descriptor.startsWith(every)) {
    const err = parseDurationError(descriptor.slice(every.length));
    return err ? `failed to parse duration ${descriptor}: ${err}` : undefined;
  }
  return `unrecognized descriptor: ${descriptor}`;
}

/** getField: comma-separated ranges (strings.FieldsFunc drops empty ones, so "," is no range at all). */
function getField(field: string, r: Bounds): string | undefined {
  for (const expr of field.split(",").filter((e) => e !== "")) {
    const err = getRange(expr, r);
    if (err) return err;
  }
  return undefined;
}

function getRange(expr: string, r: Bounds): string | undefined {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = rangeAndStep[0]!.split("-");
  const singleDigit = lowAndHigh.length === 1;
  let start: bigint;
  let end: bigint;
  let step: bigint;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    // Whatever follows a star's hyphen is ignored.
    start = BigInt(r.min);
    end = BigInt(r.max);
  } else {
    const s = parseIntOrName(lowAndHigh[0]!, r.names);
    if (typeof s === "string") return s;
    start = s;
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) {
      const e = parseIntOrName(lowAndHigh[1]!, r.names);
      if (typeof e === "string") return e;
      end = e;
    } else return `too many hyphens: ${expr}`;
  }
  if (rangeAndStep.length === 1) step = 1n;
  else if (rangeAndStep.length === 2) {
    const s = mustParseInt(rangeAndStep[1]!);
    if (typeof s === "string") return s;
    step = s;
    if (singleDigit) end = BigInt(r.max);
  } else return `too many slashes: ${expr}`;
  if (start < BigInt(r.min)) return `beginning of range (${start}) below minimum (${r.min}): ${expr}`;
  if (end > BigInt(r.max)) return `end of range (${end}) above maximum (${r.max}): ${expr}`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end}): ${expr}`;
  if (step === 0n) return `step of range should be a positive number: ${expr}`;
  return undefined;
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): bigint | string {
  const named = names?.[expr.toLowerCase()];
  if (named !== undefined) return BigInt(named);
  return mustParseInt(expr);
}

/** strconv.Atoi, then no negatives; Go's messages. */
function mustParseInt(expr: string): bigint | string {
  const m = /^([+-]?)([0-9]+)$/.exec(expr);
  if (!m) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${goQuote(expr)}: invalid syntax`;
  const value = BigInt(m[2]!) * (m[1] === "-" ? -1n : 1n);
  if (value > INT64_MAX || value < -INT64_MAX - 1n) return `failed to parse int from ${expr}: strconv.Atoi: parsing ${goQuote(expr)}: value out of range`;
  if (value < 0n) return `negative number (${value}) not allowed: ${expr}`;
  return value;
}

const goQuote = (s: string) => JSON.stringify(s);

/** time.ParseDuration's error for the text, or undefined when it is a duration. */
function parseDurationError(s: string): string | undefined {
  const orig = s;
  const bad = `time: invalid duration ${goQuote(orig)}`;
  if (s.startsWith("-") || s.startsWith("+")) s = s.slice(1);
  if (s === "0") return undefined;
  if (s === "") return bad;
  while (s !== "") {
    const num = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    if ((num[1] ?? "") === "" && (num[2] ?? "") === "") return bad;
    s = s.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === "") return `time: missing unit in duration ${goQuote(orig)}`;
    if (!["ns", "us", "µs", "μs", "ms", "s", "m", "h"].includes(unit)) return `time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}`;
    s = s.slice(unit.length);
  }
  return undefined;
}
