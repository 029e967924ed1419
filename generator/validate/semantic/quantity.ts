/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): a decimal number with an optional
 * suffix, decimal SI (m, k, M, G, T, P, E), binary (Ki … Ei) or an exponent (e3). Parsed exactly, as nano
 * units in a BigInt, so comparisons agree with the API server's (no floating point).
 */
const DECIMAL: Record<string, number> = { m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** The quantity in units of 10^-9, or undefined when it is not a quantity. */
export function parseQuantity(q: string): bigint | undefined {
  const m = /^([+-]?)([0-9]+)(?:\.([0-9]+))?(?:(Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(q);
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

/** The API server's message for it, as `kubectl apply` prints it. */
export function requestOverLimitMessage(container: string, v: { resource: string; request: string; limit: string }): string {
  return `container "${container}": resources.requests.${v.resource}: Invalid value: "${v.request}": must be less than or equal to ${v.resource} limit of ${v.limit}`;
}
