/**
 * The Pod Security half of the policy, checked at gen time on the rendered workloads in memory and located
 * in gitops.config.yaml: a securityContext that breaks an environment's Pod Security level is refused before
 * anything is written, once per config line (listing the environments it breaks), instead of once per
 * environment at a line of `kubectl kustomize` output. The rules are validate/policy's own; only the mapping
 * from a rendered object's JSON pointer back to the config lives here (validate/ knows nothing of the model).
 */
import { pointerTokens, positionOf, toPointer, type YamlSource } from "./config/source.js";
import { cmp, type Diagnostic } from "./diagnostics/diagnostic.js";
import { environmentApp } from "./model/lookup.js";
import type { AppModel, EnvironmentModel, Model } from "./model/types.js";
import { buildPodSpec, podSpecPath } from "./render/pod-spec.js";
import { checkPolicy, type PolicyFinding, type PolicyOptions } from "./validate/policy/check-policy.js";
import { RULES } from "./validate/policy/rules.js";
import { formatFieldError } from "./validate/semantic/field-errors.js";
import { checkSemantics } from "./validate/semantic/index.js";

/** Rules that are not Pod Security levels (resources, probes, pinned images, restartPolicy) stay in `validate`. */
const NOT_POD_SECURITY = RULES.filter((r) => r.level === undefined).map((r) => r.id);

/** What to write for a rule's finding, in the config's terms. */
export const FIXES: Record<string, string> = {
  resources: "add cpu and memory requests and limits to the container's resources",
  probes: "add probes to the main container (apps[].main.probes), or give it a port for the default TCP probes",
  "image-tag": 'pin the image: write a tag such as tag: "1.27.4-alpine", or a digest',
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

interface Grouped {
  pointer: string;
  /** Rule id → its message, in the order found (a line can break two rules, e.g. an added capability). */
  rules: Map<string, string>;
  envs: Map<string, string>;
}

/**
 * Every Pod Security finding of every app in every environment, one diagnostic per config location (its rules,
 * the environments it breaks), sorted by the caller. `data` is the config as written (before defaults), to locate the line that says it.
 */
export function checkConfigPolicy(model: Model, source: YamlSource, data: unknown): Diagnostic[] {
  const groups = new Map<string, Grouped>();
  model.apps.forEach((app, appIndex) => {
    // The findings depend on the pod spec and the policy only: environments that run the app alike under the
    // same policy share one check (walked in environment order below, so messages keep their order).
    const checked = new Map<string, PolicyFinding[]>();
    for (const env of model.environments) {
      const options: PolicyOptions = { ...env.policy, ignore: [...env.policy.ignore, ...NOT_POD_SECURITY] };
      const { key, variant, workload } = variantOf(model, app, env);
      const checkKey = `${key}\0${JSON.stringify(options)}`;
      let findings = checked.get(checkKey);
      if (!findings) checked.set(checkKey, (findings = checkPolicy(workload, options)));
      for (const f of findings) {
        const pointer = configPointer(app, variant, appIndex, f.pointer, data);
        let g = groups.get(pointer);
        if (!g) groups.set(pointer, (g = { pointer, rules: new Map(), envs: new Map() }));
        if (!g.rules.has(f.rule)) g.rules.set(f.rule, f.message);
        g.envs.set(env.name, env.policy.podSecurity);
      }
    }
  });
  return [...groups.values()].map((g) => {
    const envs = [...g.envs.entries()].sort(([a], [b]) => cmp(a, b));
    const levels = [...new Set(envs.map(([, l]) => l))].sort(cmp);
    const where = levels
      .map((level) => `${envs.filter(([, l]) => l === level).map(([e]) => e).join(", ")} (Pod Security "${level}")`)
      .join("; ");
    const rules = [...g.rules.keys()];
    const fixes = [...new Set(rules.map((r) => FIXES[r] ?? "change the securityContext as the message says"))];
    const oneEnv = envs[0]![0];
    return {
      file: source.file,
      ...positionOf(source, g.pointer),
      pointer: g.pointer,
      code: "POL001",
      severity: "error" as const,
      message: `${[...g.rules.entries()].map(([rule, message]) => `${rule}: ${message}`).join("; ")}; breaks ${where}`,
      hint: `${fixes.join("; ")}; or, for an environment that needs it, set environments.${oneEnv}.podSecurity: baseline or environments.${oneEnv}.policy.ignore: [${rules.join(", ")}] (docs/policy.md)`,
    };
  });
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
    // checked once for them.
    const byVariant = new Map<string, { variant: AppModel; workload: Record<string, unknown>; names: string[] }>();
    for (const env of model.environments) {
      const { key, variant, workload } = variantOf(model, app, env);
      const group = byVariant.get(key);
      if (group) group.names.push(env.name);
      else byVariant.set(key, { variant, workload, names: [env.name] });
    }
    for (const { variant, workload, names } of byVariant.values()) {
      for (const e of checkSemantics(workload)) {
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
    file: source.file,
    ...positionOf(source, f.pointer),
    pointer: f.pointer,
    code: f.code,
    severity: "error" as const,
    message: `app "${model.apps[Number(pointerTokens(f.pointer)[1])]?.name ?? "?"}" renders a workload the API server refuses (${[...f.envs].sort(cmp).join(", ")}): ${f.message}`,
    hint: `change this part of the config so the rendered pod passes (rule ${f.code} in docs/validation.md)`,
  }));
}

interface Variant {
  /** Equal for environments that run the app alike (same sidecar mode, same disabled sidecars). */
  key: string;
  variant: AppModel;
  /** Its workload, built once per variant for both checks (buildPodSpec is most of their cost at 1,000 apps). */
  workload: Record<string, unknown>;
}

/** Per model, per app: the variants built so far (the policy and the semantic checks share them). */
const variantsBuilt = new WeakMap<Model, Map<AppModel, Map<string, Variant>>>();

/** The app as an environment runs it, with its workload; the checks read the pod spec only, not the namespace. */
function variantOf(model: Model, app: AppModel, env: EnvironmentModel): Variant {
  const ea = environmentApp(env, app.name);
  const key = ea ? `${ea.sidecarMode}\0${ea.disabledSidecars.join("\0")}` : "";
  let byApp = variantsBuilt.get(model);
  if (!byApp) variantsBuilt.set(model, (byApp = new Map()));
  let byKey = byApp.get(app);
  if (!byKey) byApp.set(app, (byKey = new Map()));
  let v = byKey.get(key);
  if (!v) {
    const variant = variantIn(app, env);
    byKey.set(key, (v = { key, variant, workload: workload(variant, env) }));
  }
  return v;
}

/** The app as an environment runs it: that environment's sidecar mode, without its disabled sidecars. */
function variantIn(app: AppModel, env: EnvironmentModel): AppModel {
  const ea = environmentApp(env, app.name);
  return ea ? { ...app, sidecarMode: ea.sidecarMode, containers: app.containers.filter((c) => !ea.disabledSidecars.includes(c.name)) } : app;
}

/** Its workload object, as validate's policy stage sees it after kustomize build. */
function workload(app: AppModel, env: EnvironmentModel): Record<string, unknown> {
  const spec = buildPodSpec(app);
  const metadata = { name: app.name, namespace: env.namespace };
  return app.kind === "Pod"
    ? { apiVersion: "v1", kind: "Pod", metadata, spec }
    : { apiVersion: "apps/v1", kind: "Deployment", metadata, spec: { template: { spec } } };
}

/**
 * A rendered pod's pointer → the config's: a container's fields → apps[i].main or apps[i].sidecars[j]
 * (containers[0] of the model is main, then one per sidecar in config order), the pod's securityContext →
 * apps[i].securityContext; then cut back to the deepest part the config actually writes.
 */
function configPointer(app: AppModel, variant: AppModel, appIndex: number, rendered: string, data: unknown): string {
  const prefix = podSpecPath(app);
  const rest = pointerTokens(rendered.startsWith(prefix) ? rendered.slice(prefix.length) : rendered);
  let tokens: (string | number)[] = ["apps", appIndex];
  if ((rest[0] === "containers" || rest[0] === "initContainers") && rest.length >= 2) {
    const name = containerNameAt(variant, rest[0], Number(rest[1]));
    const index = app.containers.findIndex((c) => c.name === name);
    tokens = index <= 0 ? [...tokens, "main", ...rest.slice(2)] : [...tokens, "sidecars", index - 1, ...rest.slice(2)];
  } else if (rest[0] === "securityContext") {
    tokens = [...tokens, ...rest];
  }
  // The deepest prefix the config writes: a default (say runAsNonRoot) is reported at what overrides it.
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
