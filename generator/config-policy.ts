/**
 * The policy, checked at gen time on the workloads as each environment renders them (in memory) and located
 * in gitops.config.yaml: every rule `validate` applies to a built workload (Pod Security, requests and limits,
 * pinned and moving tags, probes) refuses the config before anything is written, once per config line
 * (listing the environments it breaks), instead of once per environment at a line of `kubectl kustomize`
 * output. The rules are validate/policy's own; only the mapping from a rendered object's JSON pointer back
 * to the config lives here (validate/ knows nothing of the model).
 */
import { locate, pointerTokens, toPointer, type YamlSource } from "./config/source.js";
import { cmp, type Diagnostic } from "./diagnostics/diagnostic.js";
import { mergeResources } from "./model/container.js";
import type { AppModel, EnvironmentModel, Model } from "./model/types.js";
import { buildPodSpec, podSpecPath } from "./render/pod-spec.js";
import { workloadSketch } from "./render/workloads/index.js";
import { checkPolicy, PLAIN_SECRET_RULE, type PolicyOptions } from "./validate/policy/check-policy.js";
import { MUTABLE_TAGS, RULES } from "./validate/policy/rules.js";
import { formatFieldError } from "./validate/semantic/field-errors.js";
import { checkSemantics } from "./validate/semantic/index.js";
import { closestMatch } from "./config/suggest.js";

/** Every rule id `policy.ignore` may name. */
export const RULE_IDS = [...RULES.map((r) => r.id), PLAIN_SECRET_RULE];

/** What to write for a rule's finding, in the config's terms. */
export const FIXES: Record<string, string> = {
  resources: "add cpu and memory requests and limits to the container's resources",
  probes: "add probes to the main container (apps[].main.probes), or give it a port for the default TCP probes",
  "image-tag": 'pin the image: write a tag such as tag: "1.27.4-alpine", or a digest',
  "mutable-tag": `pin the image: write a version tag (e.g. tag: "1.27.4-alpine") or the digest of this one (digest: "sha256:…", or \`npm run set-image -- --env ENV --app APP --tag TAG --digest sha256:…\`); ${MUTABLE_TAGS.join(", ")} and policy.mutableTags move`,
  "no-plain-secret": "remove the Secret from Git and reference it instead: apps[].secrets with externalSecret (External Secrets) or sealedSecret (kubeseal)",
  "sidecar-restart-policy": "remove restartPolicy from regular containers (only native sidecars carry it; run `npm run gen` to restore the tree)",
  "pss-privilege-escalation": "write allowPrivilegeEscalation: false, or remove the line (false is the default)",
  "pss-run-as-user": "write a non-zero UID, e.g. runAsUser: 101 (the image's non-root user), or remove runAsUser",
  "pss-run-as-non-root": "write runAsNonRoot: true, or remove the line (true is the default)",
  "pss-capabilities": "write capabilities: { drop: [ALL] } and add back at most NET_BIND_SERVICE",
  "pss-capabilities-baseline": "remove the added capability, or use one of the runtime's defaults (e.g. NET_BIND_SERVICE, CHOWN)",
  "pss-privileged": "remove privileged, or write privileged: false",
  "pss-seccomp": "write seccompProfile: { type: RuntimeDefault } (the default), or remove the override",
};

/**
 * The policy one app meets in one environment: the environment's options, less the rules skipped for the
 * whole environment and for this app (everywhere or in this environment). gen and `validate` both use it.
 */
export function policyOptionsFor(env: EnvironmentModel, app?: string): PolicyOptions {
  const p = env.policy;
  const own = app === undefined ? [] : (exceptionsByApp(env).get(app) ?? []);
  return {
    podSecurity: p.podSecurity,
    requireResources: p.requireResources,
    requirePinnedImages: p.requirePinnedImages,
    requireProbes: p.requireProbes,
    refuseMutableTags: p.refuseMutableTags,
    mutableTags: p.mutableTags,
    ignore: [...new Set([...p.ignore, ...own])].sort(cmp),
  };
}

const byAppCache = new WeakMap<EnvironmentModel, Map<string, string[]>>();

/** An environment's per-app exceptions by app, indexed once: a lookup per app keeps gen linear in apps. */
function exceptionsByApp(env: EnvironmentModel): Map<string, string[]> {
  let index = byAppCache.get(env);
  if (!index) {
    index = new Map();
    for (const x of env.policy.exceptions) if (x.app !== undefined) index.set(x.app, [...(index.get(x.app) ?? []), x.rule]);
    byAppCache.set(env, index);
  }
  return index;
}

/**
 * The rules the config skips, one line each, with their reasons: what gen and `validate` print, so a
 * reviewer sees every exception. An app-wide exception lists the environments it applies in once.
 */
export function policyExceptionLines(model: Model): string[] {
  const byWhere = new Map<string, { rule: string; app?: string; reason?: string; envs: string[] }>();
  for (const env of model.environments) {
    for (const x of env.policy.exceptions) {
      const key = `${x.pointer}`;
      const hit = byWhere.get(key);
      if (hit) hit.envs.push(env.name);
      else byWhere.set(key, { rule: x.rule, ...(x.app !== undefined ? { app: x.app } : {}), ...(x.reason !== undefined ? { reason: x.reason } : {}), envs: [env.name] });
    }
  }
  return [...byWhere.values()]
    .map((x) => `policy: ${x.rule} skipped${x.app !== undefined ? ` for app ${x.app}` : ""} in ${x.envs.sort(cmp).join(", ")}: ${x.reason ?? "(no reason given: write { rule, reason })"}`)
    .sort(cmp);
}

interface Grouped {
  pointer: string;
  /** Rule id → its messages, in the order found (a line can break two rules, e.g. an added capability, or one rule twice: no readiness and no liveness probe). */
  rules: Map<string, string[]>;
  /** Environment → what it asks for ("Pod Security \"restricted\"", "protected" or ""). */
  envs: Map<string, string>;
  app: number;
}

/**
 * Every policy finding of every app in every environment, one diagnostic per config location (its rules,
 * the environments it breaks), sorted by the caller; and a rule id in policy.ignore that no rule has (POL002).
 * `data` is the config as written (before defaults), to locate the line that says it.
 */
export function checkConfigPolicy(model: Model, source: YamlSource, data: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const unknown = new Set<string>();
  for (const env of model.environments) {
    for (const x of env.policy.exceptions) {
      if (RULE_IDS.includes(x.rule) || unknown.has(x.pointer)) continue;
      unknown.add(x.pointer);
      const close = closestMatch(x.rule, RULE_IDS);
      out.push({
        ...locate(source, x.pointer),
        code: "POL002",
        severity: "error",
        message: `no policy rule "${x.rule}"`,
        hint: close ? `did you mean ${close}? (rules: docs/policy.md)` : `write one of: ${RULE_IDS.join(", ")} (docs/policy.md)`,
      });
    }
  }
  const groups = new Map<string, Grouped>();
  model.apps.forEach((app, appIndex) => {
    for (const env of model.environments) {
      const options = policyOptionsFor(env, app.name);
      const variant = variantIn(app, env, true);
      for (const f of checkPolicy(workload(variant, env), options)) {
        const pss = RULES.find((r) => r.id === f.rule)?.level !== undefined;
        const pointer = configPointer(app, variant, appIndex, f.pointer, data, env);
        const key = `${pointer}\0${pss}`;
        let g = groups.get(key);
        if (!g) groups.set(key, (g = { pointer, rules: new Map(), envs: new Map(), app: appIndex }));
        const messages = g.rules.get(f.rule) ?? [];
        if (!messages.includes(f.message)) g.rules.set(f.rule, [...messages, f.message]);
        g.envs.set(env.name, pss ? `Pod Security "${env.policy.podSecurity}"` : f.rule === "mutable-tag" ? "protected" : "");
      }
    }
  });
  for (const g of groups.values()) {
    const envs = [...g.envs.entries()].sort(([a], [b]) => cmp(a, b));
    const levels = [...new Set(envs.map(([, l]) => l))].sort(cmp);
    const where = levels.map((level) => `${envs.filter(([, l]) => l === level).map(([e]) => e).join(", ")}${level ? ` (${level})` : ""}`).join("; ");
    const rules = [...g.rules.keys()];
    const fixes = [...new Set(rules.map((r) => FIXES[r] ?? "change the securityContext as the message says"))];
    const oneEnv = envs[0]![0];
    const app = model.apps[g.app]!.name;
    const pss = rules.every((r) => RULES.find((x) => x.id === r)?.level !== undefined);
    const skip = `{ rule: ${rules[0]}, reason: "…" }`;
    out.push({
      // A map (probes:, resources:) is reported at its key, a value at the value.
      ...locate(source, g.pointer, isMapAt(data, g.pointer)),
      code: "POL001",
      severity: "error" as const,
      message: `${[...g.rules.entries()].flatMap(([rule, messages]) => messages.map((m) => `${rule}: ${m}`)).join("; ")}; breaks ${where}`,
      hint: pss
        ? `${fixes.join("; ")}; or, for an environment that needs it, set environments.${oneEnv}.podSecurity: baseline or environments.${oneEnv}.policy.ignore: [${rules.join(", ")}] (docs/policy.md)`
        : `${fixes.join("; ")}; or skip it with a reason: apps[${g.app}].policy.ignore: [${skip}] (every environment), environments.${oneEnv}.apps.${app}.policy.ignore for one (docs/policy.md)`,
    });
  }
  return out;
}

/**
 * The API server's semantic rules (validate/semantic) on every app's workload as each environment renders it,
 * located in the config: what the schema of gitops.config.yaml cannot say (a sidecar named like the main
 * container, a mount of a volume the pod lacks, two ports of one name...) is refused by gen, not at sync time.
 * One diagnostic per config location and rule, naming the environments.
 */
export function checkConfigSemantics(model: Model, source: YamlSource, data: unknown): Diagnostic[] {
  const found = new Map<string, { pointer: string; code: string; message: string; envs: string[] }>();
  model.apps.forEach((app, appIndex) => {
    // Environments that run the app alike (same sidecar mode, same sidecars) render the same pod spec: it is
    // built and checked once for them (buildPodSpec is most of the cost, at 1,000 apps).
    const byVariant = new Map<string, { env: EnvironmentModel; names: string[] }>();
    for (const env of model.environments) {
      const ea = env.apps.find((a) => a.app === app.name);
      const key = ea ? `${ea.sidecarMode}\0${ea.disabledSidecars.join("\0")}` : "";
      const group = byVariant.get(key);
      if (group) group.names.push(env.name);
      else byVariant.set(key, { env, names: [env.name] });
    }
    for (const { env, names } of byVariant.values()) {
      const variant = variantIn(app, env);
      for (const e of checkSemantics(workload(variant, env))) {
        // The workload here is a sketch (no selector, labels or metadata of its own): only its pod spec counts.
        if (!e.pointer.startsWith(podSpecPath(app))) continue;
        const pointer = configPointer(app, variant, appIndex, e.pointer, data);
        const key = `${pointer}\0${e.code}`;
        const hit = found.get(key);
        if (hit) hit.envs.push(...names);
        else found.set(key, { pointer, code: e.code, message: formatFieldError(e), envs: [...names] });
      }
    }
  });
  return [...found.values()].map((f) => ({
    ...locate(source, f.pointer),
    code: f.code,
    severity: "error" as const,
    message: `app "${model.apps[Number(pointerTokens(f.pointer)[1])]?.name ?? "?"}" renders a workload the API server refuses (${[...f.envs].sort(cmp).join(", ")}): ${f.message}`,
    hint: `change this part of the config so the rendered pod passes (rule ${f.code} in docs/validation.md)`,
  }));
}

/**
 * The app as an environment runs it: that environment's sidecar mode, without its disabled sidecars; with
 * `images`, its tags and digests, and its resources and variables merged over the containers' own, as the
 * overlay's images and patches make them.
 */
function variantIn(app: AppModel, env: EnvironmentModel, images = false): AppModel {
  const ea = env.apps.find((a) => a.app === app.name);
  if (!ea) return app;
  const containers = app.containers.filter((c) => !ea.disabledSidecars.includes(c.name));
  return {
    ...app,
    sidecarMode: ea.sidecarMode,
    containers: !images
      ? containers
      : containers.map((c) => {
          const img = ea.images.find((i) => i.container === c.name);
          const r = ea.resources.find((x) => x.container === c.name);
          const e = ea.env.find((x) => x.container === c.name);
          const { digest: _drop, ...rest } = c;
          void _drop;
          return {
            ...rest,
            ...(img ? { tag: img.tag, ...(img.digest ? { digest: img.digest } : {}) } : c.digest ? { digest: c.digest } : {}),
            ...(r ? { resources: mergeResources(c.resources, r.resources) } : {}),
            ...(e ? { env: [...new Map([...c.env, ...e.env])].sort(([a], [b]) => cmp(a, b)) } : {}),
          };
        }),
  };
}

/** Its workload object, as validate's policy stage sees it after kustomize build. */
function workload(app: AppModel, env: EnvironmentModel): Record<string, unknown> {
  return workloadSketch(app, { name: app.name, namespace: env.namespace }, buildPodSpec(app));
}

/** A rendered probe field → the config's (apps[].main.probes.<kind>). */
const PROBE_FIELDS: Record<string, string> = { readinessProbe: "readiness", livenessProbe: "liveness", startupProbe: "startup" };

/**
 * A rendered pod's pointer → the config's: a container's fields → apps[i].main or apps[i].sidecars[j]
 * (containers[0] of the model is main, then one per sidecar in config order), the pod's securityContext →
 * apps[i].securityContext; a container's image → the tag the environment writes for it, else the container's;
 * then cut back to the deepest part the config actually writes.
 */
function configPointer(app: AppModel, variant: AppModel, appIndex: number, rendered: string, data: unknown, env?: EnvironmentModel): string {
  const prefix = podSpecPath(app);
  const rest = pointerTokens(rendered.startsWith(prefix) ? rendered.slice(prefix.length) : rendered);
  let tokens: (string | number)[] = ["apps", appIndex];
  if ((rest[0] === "containers" || rest[0] === "initContainers") && rest.length >= 2) {
    const name = containerNameAt(variant, rest[0], Number(rest[1]));
    const index = app.containers.findIndex((c) => c.name === name);
    const field = rest.slice(2);
    if (field[0] === "image" && env) {
      const own = env.apps.find((a) => a.app === app.name)?.images.find((i) => i.container === name)?.override;
      if (own?.tag !== undefined) return cutBack(["environments", env.name, "apps", app.name, "containers", name!, "tag"], data);
      field[0] = "tag";
    }
    if (field[0] !== undefined && PROBE_FIELDS[field[0]]) field.splice(0, 1, "probes", PROBE_FIELDS[field[0]]!);
    tokens = index <= 0 ? [...tokens, "main", ...field] : [...tokens, "sidecars", index - 1, ...field];
  } else if (rest[0] === "securityContext") {
    tokens = [...tokens, ...rest];
  }
  return cutBack(tokens, data);
}

function isMapAt(data: unknown, pointer: string): boolean {
  let node = data;
  for (const t of pointerTokens(pointer)) node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[t] : undefined;
  return node !== null && typeof node === "object" && !Array.isArray(node);
}

/** The deepest prefix the config writes: a default (say runAsNonRoot) is reported at what overrides it. */
function cutBack(tokens: (string | number)[], data: unknown): string {
  let node: unknown = data;
  let depth = 0;
  for (const t of tokens) {
    if (node === null || typeof node !== "object") break;
    const next = (node as Record<string, unknown>)[String(t)];
    if (next === undefined) break;
    node = next;
    depth++;
  }
  return toPointer(tokens.slice(0, depth));
}

/** The container at a list index of the rendered pod (in the environment's sidecar mode, without its disabled sidecars). */
function containerNameAt(app: AppModel, list: string, index: number): string | undefined {
  const native = app.sidecarMode === "native";
  const members = app.containers.filter((c) => (list === "initContainers" ? native && c.role === "sidecar" : !native || c.role !== "sidecar"));
  return members[index]?.name;
}
