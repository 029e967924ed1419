/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a decimal number with an optional
 * suffix, decimal SI (n, u, m, k, M, G, T, P, E), binary (Ki … Ei) or an exponent (e3). Parsed exactly, as nano
 * units in a BigInt, so comparisons agree with the API server's (no floating point).
 */
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** The quantity in units of 10^-9, or undefined when it is not a quantity. */
export function parseQuantity(q: string): bigint | undefined {
  const m = /^([+-]?)([0-9]+)(?:\.([0-9]+))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(q);
  if (!m) return undefined;
  const [, sign, int, frac = "", suffix = "", exp] = m;
  let exponent = 9 - frac.length + (exp !== undefined ? Number(exp) : suffix in DECIMAL ? DECIMAL[suffix]! : 0);
  let value = BigInt(int! + frac);
  if (suffix in BINARY) value *= 1n << BigInt(BINARY[suffix]!);
  // Below a nano unit the API server rounds up; comparisons at that precision do not occur in practice.
  while (exponent < 0) {
    value = (value + 9n) / 10n;
    exponent++;
  }
  value *= 10n ** BigInt(exponent);
  return sign === "-" ? -value : value;
}

const DECIMAL_SUFFIX: Record<number, string> = { [-9]: "n", [-6]: "u", [-3]: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E" };
const BINARY_SUFFIX = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
const NANO = 1_000_000_000n;

/**
 * What the API server prints for a quantity: resource.Quantity.String() after ParseQuantity. ParseQuantity
 * keeps the text when it is already canonical (a fast-path number whose digits do not end in 000 and do not
 * start with 0, at a scale that is a multiple of 3; a binary one not divisible by 8), so `1.001`, `12345m`
 * and `7Ki` stay as written; otherwise String() writes the canonical form: `0.5` is `500m`, `1000k` is `1M`,
 * `3000m` is `3`, `1024Mi` is `1Gi`, `1.5Gi` is `1536Mi`, `1e7` is `10e6`. A binary quantity under 1024 or
 * not whole is written in decimal SI (`0.5Ki` is `512`). Undefined when it is not a quantity.
 */
export function canonicalQuantity(q: string): string | undefined {
  const m = /^([+-]?)0*([0-9]*)(?:\.([0-9]*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(q);
  const value = parseQuantity(q);
  if (!m || value === undefined) return undefined;
  if (q === "0" || value === 0n) return "0";
  let format: "DecimalSI" | "BinarySI" | "DecimalExponent" = m[5] !== undefined ? "DecimalExponent" : m[4] !== undefined && m[4].endsWith("i") ? "BinarySI" : "DecimalSI";
  // ParseQuantity's fast path, which keeps the text when it is canonical.
  const num = m[2] === "" ? "0" : m[2]!;
  const denom = m[3] ?? "";
  const written = m[4] ?? "";
  if (format === "BinarySI") {
    const exponent = BINARY_SUFFIX.indexOf(written) * 10;
    const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    if (denom === "" && precision >= 0 && (BigInt(num) << BigInt(exponent)) <= 9223372036854775807n && (BigInt(num) & 7n) !== 0n) return q;
  } else {
    const exponent = m[5] !== undefined ? Number(m[5]) : DECIMAL[written]!;
    const scale = exponent - denom.length;
    const shifted = num + denom;
    if (18 - shifted.length >= 0 && scale >= -9 && BigInt(shifted) <= 9223372036854775807n && scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0") return q;
  }
  // A binary quantity is capped at the largest int64 (then not a whole power of 1024: decimal).
  if (format === "BinarySI" && value > 9223372036854775807n * NANO) return "9223372036854775807";
  if (format === "BinarySI" && ((value > -1024n * NANO && value < 1024n * NANO) || value % NANO !== 0n)) format = "DecimalSI";
  const negative = value < 0n;
  let mantissa = negative ? -value : value;
  const sign = negative ? "-" : "";
  if (format === "BinarySI") {
    // AsCanonicalBase1024Bytes: whole units, factors of 1024 taken out.
    mantissa /= NANO;
    let times = 0;
    while (mantissa % 1024n === 0n && times < BINARY_SUFFIX.length - 1) {
      mantissa /= 1024n;
      times++;
    }
    return `${sign}${mantissa}${BINARY_SUFFIX[times]}`;
  }
  // AsCanonicalBytes: factors of 10 taken out, then the exponent lowered to a multiple of 3.
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const r = ((exponent % 3) + 3) % 3;
  mantissa *= 10n ** BigInt(r);
  exponent -= r;
  const suffix = format === "DecimalSI" && exponent in DECIMAL_SUFFIX ? DECIMAL_SUFFIX[exponent]! : exponent === 0 ? "" : `e${exponent}`;
  return `${sign}${mantissa}${suffix}`;
}

/**
 * The API server's rule for a container's resources (ValidateResourceRequirements in
 * pkg/apis/core/validation): a request must not exceed the limit of the same resource.
 */
export function requestsOverLimits(r: { requests?: object; limits?: object }): { resource: string; request: string; limit: string }[] {
  const out: { resource: string; request: string; limit: string }[] = [];
  const limits = (r.limits ?? {}) as Record<string, string | undefined>;
  for (const [resource, request] of Object.entries((r.requests ?? {}) as Record<string, string | undefined>)) {
    const limit = limits[resource];
    if (request === undefined || limit === undefined) continue;
    const [rq, lm] = [parseQuantity(request), parseQuantity(limit)];
    if (rq !== undefined && lm !== undefined && rq > lm) out.push({ resource, request, limit });
  }
  return out;
}

/** The API server's message for it, as `kubectl apply` prints it: both quantities in its canonical form (`0.5` is `500m`). */
export function requestOverLimitMessage(container: string, v: { resource: string; request: string; limit: string }): string {
  const show = (q: string) => canonicalQuantity(q) ?? q;
  return `container "${container}": resources.requests.${v.resource}: Invalid value: "${show(v.request)}": must be less than or equal to ${v.resource} limit of ${show(v.limit)}`;
}

/**
 * A quantity as the config may write it: a string, or a plain number (`cpu: 2`, `memory: 1e9`, which YAML reads
 * as numbers and Kubernetes accepts), rendered as the API server's canonical string ("2", "1G", "500m") so the
 * rendered tree matches what a controller reads back and does not churn.
 */
export function quantityString(q: string | number): string {
  if (typeof q === "string") return q;
  // JavaScript writes large and small numbers as 1e+21 / 1e-7; the quantity grammar takes 1e21 / 1e-7.
  const text = String(q).replace("e+", "e");
  return canonicalQuantity(text) ?? text;
}
