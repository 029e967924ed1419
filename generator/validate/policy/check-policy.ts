import { findPodSpec, isObject } from "./pod-specs.js";
import { RULES, type PodSecurityLevel, type PolicyRule } from "./rules.js";

/**
 * What the policy enforces. Per environment in gitops.config.yaml (environments.<env>.policy); the Pod
 * Security level defaults to the environment's namespace level.
 */
export interface PolicyOptions {
  /** @default "restricted" */
  podSecurity: PodSecurityLevel;
  /** @default true */
  requireResources: boolean;
  /** @default true */
  requirePinnedImages: boolean;
  /** @default true */
  requireProbes: boolean;
  /** A protected environment: tags that move need a digest. @default false (it takes knowing the environment) */
  refuseMutableTags?: boolean;
  /** Globs of more tags that move. @default [] */
  mutableTags?: string[];
  /** Rule ids to skip. @default [] */
  ignore: string[];
}

export const DEFAULT_POLICY: PolicyOptions = {
  podSecurity: "restricted",
  requireResources: true,
  requirePinnedImages: true,
  requireProbes: true,
  refuseMutableTags: false,
  mutableTags: [],
  ignore: [],
};

/** One policy violation on one object. */
export interface PolicyFinding {
  rule: string;
  /** Kind/namespace/name of the object. */
  resource: string;
  /** RFC 6901 pointer into the object. */
  pointer: string;
  message: string;
}

const LEVEL_RANK: Record<PodSecurityLevel, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** The rules that apply under the options. */
export function activeRules(options: PolicyOptions): PolicyRule[] {
  return RULES.filter((r) => {
    if (options.ignore.includes(r.id)) return false;
    if (r.level) return LEVEL_RANK[options.podSecurity] >= LEVEL_RANK[r.level];
    if (r.option) return options[r.option] === true;
    return true;
  });
}

/** The object-level rule: a committed Secret with values. Its id, for `ignore`. */
export const PLAIN_SECRET_RULE = "no-plain-secret";

/** Checks one Kubernetes object; objects without a pod spec have no pod findings. Never throws. */
export function checkPolicy(obj: unknown, options: PolicyOptions = DEFAULT_POLICY): PolicyFinding[] {
  if (!isObject(obj)) return [];
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const resource = [String(obj.kind), meta.namespace, meta.name].filter((x) => x !== undefined && x !== "").join("/");
  if (obj.kind === "Secret" && obj.apiVersion === "v1" && !options.ignore.includes(PLAIN_SECRET_RULE)) {
    // Git is read by everyone who reads the repository: a Secret's values are never committed, only a reference.
    const fields = (["data", "stringData"] as const).filter((f) => isObject(obj[f]) && Object.keys(obj[f] as object).length > 0);
    return fields.map((f) => ({
      rule: PLAIN_SECRET_RULE,
      resource,
      pointer: `/${f}`,
      message: `a Secret with ${f} is committed in plain text (base64 is an encoding, not encryption)`,
    }));
  }
  const pod = findPodSpec(obj);
  if (!pod) return [];
  const kind = String(obj.kind);
  return activeRules(options).flatMap((rule) => rule.check(pod, kind, options).map((f) => ({ ...f, resource })));
}
