/**
 * Workload specs: pkg/apis/apps/validation (ValidateDeploymentSpec, ValidateReplicaSetSpec,
 * ValidateStatefulSetSpec, ValidateDaemonSetSpec, ValidatePodTemplateSpecForReplicaSet) and
 * pkg/apis/batch/validation (validateJobSpec, ValidateJobTemplateSpec, ValidateCronJobCreate), Kubernetes v1.33.
 */
import { isObject, type Json } from "../policy/pod-specs.js";
import { FieldPath, forbidden, goLabelSelector, goStringMap, GoSyntax, invalid, notSupported, required, type FieldError } from "./field-errors.js";
import { validatePodTemplate } from "./pod-spec.js";
import { validateLabels } from "./object-meta.js";
import { isDNS1123Label, isQualifiedName, isValidLabelValue, regexError } from "./names.js";
import { parseStandardCron } from "./cron.js";

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** ValidateNonnegativeField. */
function nonNegative(spec: Json, names: string[], path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  for (const n of names) {
    const v = num(spec[n]);
    if (v !== undefined && v < 0) out.push(invalid("API032", path.child(n), v, "must be greater than or equal to 0"));
  }
  return out;
}

type SelectorKind = "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet" | "Job";
interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}

const templateLabelsOf = (spec: Json): Record<string, string> | undefined =>
  isObject(spec.template) && isObject(spec.template.metadata) && isObject(spec.template.metadata.labels) ? (spec.template.metadata.labels as Record<string, string>) : undefined;

/** metav1/validation ValidateLabelSelector: matchLabels as labels, each requirement's operator, key and values. */
function validateLabelSelector(sel: Selector, path: FieldPath): FieldError[] {
  const out = validateLabels(sel.matchLabels, path.child("matchLabels"));
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const at = path.child("matchExpressions").index(i);
    const values = Array.isArray(e.values) ? e.values : [];
    if (e.operator === "In" || e.operator === "NotIn") {
      if (values.length === 0) out.push(required("API030", at.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (e.operator === "Exists" || e.operator === "DoesNotExist") {
      if (values.length > 0) out.push(forbidden("API030", at.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else out.push(invalid("API030", at.child("operator"), String(e.operator ?? ""), "not a valid selector operator"));
    for (const m of isQualifiedName(String(e.key ?? ""))) out.push(invalid("API004", at.child("key"), String(e.key ?? ""), m));
    values.forEach((v, j) => {
      for (const m of isValidLabelValue(String(v))) out.push(invalid("API005", at.child("values").index(j), String(v), m));
    });
  });
  return out;
}

const mismatch = (path: FieldPath, labels: Record<string, string> | undefined) =>
  invalid("API031", path.child("template", "metadata", "labels"), new GoSyntax(goStringMap(labels)), "`selector` does not match template `labels`");

/**
 * The selector rules of each workload kind, as each Validate<Kind>Spec writes them (they differ):
 * - Deployment, ReplicaSet, StatefulSet: required, not empty ("empty selector is invalid for deployment",
 *   also for a ReplicaSet); when metav1.LabelSelectorAsSelector fails, "invalid label selector" (a
 *   StatefulSet gives no detail); a non-empty selector must match the template's labels, and a missing one
 *   (labels.Nothing()) matches nothing.
 * - DaemonSet: not required; a missing one matches nothing, an empty one everything (and is invalid).
 * - Job with manualSelector: required, and must match (a missing one matches nothing; an empty one all).
 * - Job without manualSelector: the registry adds the controller-uid label to the selector and the generated
 *   labels to the template; a selector that then does not select exactly the generated labels is
 *   "`selector` not auto-generated" (validateGeneratedSelector).
 */
function validateSelector(spec: Json, path: FieldPath, kind: SelectorKind, job?: { name: string }): FieldError[] {
  const out: FieldError[] = [];
  const raw = spec.selector;
  let templateLabels = templateLabelsOf(spec);
  if (!isObject(raw)) {
    if (kind !== "DaemonSet") out.push(required("API030", path.child("selector")));
    out.push(mismatch(path, templateLabels));
    return out;
  }
  const sel: Selector = {
    ...(isObject(raw.matchLabels) ? { matchLabels: { ...(raw.matchLabels as Record<string, string>) } } : {}),
    ...(Array.isArray(raw.matchExpressions) ? { matchExpressions: raw.matchExpressions.filter(isObject) as Selector["matchExpressions"] } : {}),
  };
  let expected: Record<string, string> | undefined;
  if (job) {
    // generateSelector: the uid is the server's; a placeholder stands for it.
    const uid = "00000000-0000-0000-0000-000000000000";
    sel.matchLabels = { ...sel.matchLabels };
    if (!("batch.kubernetes.io/controller-uid" in sel.matchLabels)) sel.matchLabels["batch.kubernetes.io/controller-uid"] = uid;
    expected = { "controller-uid": uid, "batch.kubernetes.io/controller-uid": uid, "job-name": job.name, "batch.kubernetes.io/job-name": job.name };
    templateLabels = { ...expected, ...templateLabels };
  }
  const selectorErrors = validateLabelSelector(sel, path.child("selector"));
  out.push(...selectorErrors);
  const terms = Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length;
  if (terms === 0 && kind !== "Job") out.push(invalid("API030", path.child("selector"), goLabelSelector(sel), `empty selector is invalid for ${kind === "ReplicaSet" ? "deployment" : kind.toLowerCase()}`));
  if (selectorErrors.length > 0) {
    // LabelSelectorAsSelector fails: the apps kinds say so, DaemonSet and Job skip the match.
    if (kind === "Deployment" || kind === "ReplicaSet") out.push(invalid("API030", path.child("selector"), goLabelSelector(sel), "invalid label selector"));
    if (kind === "StatefulSet") out.push(invalid("API030", path.child("selector"), goLabelSelector(sel), ""));
    return out;
  }
  // The apps kinds other than DaemonSet skip the match for an empty selector (labels.Everything()).
  const skipEmpty = kind === "Deployment" || kind === "ReplicaSet" || kind === "StatefulSet";
  if (!(skipEmpty && terms === 0) && !matches(sel.matchLabels ?? {}, sel.matchExpressions ?? [], templateLabels ?? {})) out.push(mismatch(path, templateLabels));
  if (expected && !matches(sel.matchLabels ?? {}, sel.matchExpressions ?? [], expected)) out.push(invalid("API030", path.child("selector"), goLabelSelector(sel), "`selector` not auto-generated"));
  return out;
}

/** labels.Selector.Matches for matchLabels and the four set-based operators. */
function matches(matchLabels: Record<string, string>, expressions: Selector["matchExpressions"] & object, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of expressions) {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}

/** Pods of a Deployment, ReplicaSet, StatefulSet or DaemonSet restart Always (the default when unset). */
function restartAlways(spec: Json, path: FieldPath): FieldError[] {
  const policy = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec.restartPolicy : undefined;
  return policy !== undefined && policy !== "Always" ? [notSupported("API025", path.child("template", "spec", "restartPolicy"), policy, ["Always"])] : [];
}

/** A Deployment's template is checked by ValidatePodTemplateSpecForReplicaSet, whose message says ReplicaSet. */
function noActiveDeadline(spec: Json, path: FieldPath, kind: string): FieldError[] {
  const deadline = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec.activeDeadlineSeconds : undefined;
  const word = kind === "Deployment" ? "ReplicaSet" : kind;
  return deadline !== undefined && deadline !== null ? [forbidden("API025", path.child("template", "spec", "activeDeadlineSeconds"), `activeDeadlineSeconds in ${word} is not Supported`)] : [];
}

export function validateReplicatedSpec(kind: "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet", obj: Json): FieldError[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const path = FieldPath.root("spec");
  const out = nonNegative(spec, ["replicas", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"], path);
  out.push(...validateSelector(spec, path, kind));
  // For a StatefulSet the v1.33 server checks only the template's labels, at `spec.template.labels`
  // (ValidatePodTemplateSpecForStatefulSet, a TODO there); its pod spec and annotations are checked here
  // anyway, since every pod the controller creates from it would be refused (a deliberate difference).
  const claimVolumes = Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates.flatMap((c) => (isObject(c) && isObject(c.metadata) && typeof c.metadata.name === "string" ? [c.metadata.name] : [])) : [];
  out.push(...validatePodTemplate(spec.template, path.child("template"), kind === "StatefulSet" ? { labelsField: path.child("template", "labels").api, claimVolumes } : {}));
  out.push(...restartAlways(spec, path), ...noActiveDeadline(spec, path, kind));
  // ValidateStatefulSetSpec: the governing Service's name is a DNS label.
  if (kind === "StatefulSet" && typeof spec.serviceName === "string" && spec.serviceName !== "") {
    for (const m of isDNS1123Label(spec.serviceName)) out.push(invalid("API026", path.child("serviceName"), spec.serviceName, m));
  }
  if (kind === "Deployment") {
    out.push(...validateDeploymentStrategy(spec.strategy, path.child("strategy")));
    const progress = num(spec.progressDeadlineSeconds);
    if (progress !== undefined && progress <= (num(spec.minReadySeconds) ?? 0)) out.push(invalid("API032", path.child("progressDeadlineSeconds"), progress, "must be greater than minReadySeconds"));
  }
  return out;
}

const PERCENT = /^[0-9]+%$/;
/** %#v of an intstr.IntOrString. */
const goIntOrString = (v: number | string) => new GoSyntax(typeof v === "number" ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}` : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`);

/**
 * ValidateDeploymentStrategy on the defaulted strategy: the type defaults to RollingUpdate, and a rolling
 * update (or any rollingUpdate written) gets maxUnavailable and maxSurge of 25% where unset.
 */
function validateDeploymentStrategy(value: unknown, path: FieldPath): FieldError[] {
  const strategy: Json = isObject(value) ? value : {};
  const type = typeof strategy.type === "string" && strategy.type !== "" ? strategy.type : "RollingUpdate";
  const written = isObject(strategy.rollingUpdate) ? strategy.rollingUpdate : undefined;
  const out: FieldError[] = [];
  if (type !== "Recreate" && type !== "RollingUpdate") {
    // The struct is printed; a rollingUpdate pointer would print as an address.
    const text = written ? `apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(…)}` : `apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`;
    return [notSupported("API035", path, new GoSyntax(text), ["Recreate", "RollingUpdate"])];
  }
  if (type === "Recreate") {
    if (written) out.push(forbidden("API035", path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
    return out;
  }
  const at = path.child("rollingUpdate");
  const field = (n: string): number | string => {
    const v = written?.[n];
    return typeof v === "number" || typeof v === "string" ? v : "25%";
  };
  const maxUnavailable = field("maxUnavailable");
  const maxSurge = field("maxSurge");
  for (const [n, v] of [["maxUnavailable", maxUnavailable], ["maxSurge", maxSurge]] as const) {
    if (typeof v === "string") {
      if (!PERCENT.test(v)) out.push(invalid("API035", at.child(n), goIntOrString(v), regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")));
    } else if (v < 0) out.push(invalid("API035", at.child(n), v, "must be greater than or equal to 0"));
  }
  // getIntOrPercentValue: a percent's number, an int's value; anything else counts as 0.
  const amount = (v: number | string) => (typeof v === "number" ? v : PERCENT.test(v) ? Number(v.slice(0, -1)) : 0);
  if (amount(maxUnavailable) === 0 && amount(maxSurge) === 0) out.push(invalid("API035", at.child("maxUnavailable"), goIntOrString(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
  if (typeof maxUnavailable === "string" && PERCENT.test(maxUnavailable) && amount(maxUnavailable) > 100) out.push(invalid("API035", at.child("maxUnavailable"), goIntOrString(maxUnavailable), "must not be greater than 100%"));
  return out;
}

/** validateJobSpec's template rule: a Job's pods restart OnFailure or Never (Always, the default, is refused). */
function jobSpec(spec: Json, path: FieldPath): FieldError[] {
  const out = nonNegative(spec, ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished"], path);
  out.push(...validatePodTemplate(spec.template, path.child("template")));
  const policy = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec.restartPolicy : undefined;
  const at = path.child("template", "spec", "restartPolicy");
  if (policy === undefined || policy === "Always" || policy === "") out.push(required("API034", at, `valid values: "OnFailure", "Never"`));
  else if (policy !== "OnFailure" && policy !== "Never") out.push(notSupported("API034", at, policy, ["OnFailure", "Never"]));
  return out;
}

export function validateJob(obj: Json): FieldError[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const path = FieldPath.root("spec");
  const out = jobSpec(spec, path);
  // The selector is generated unless manualSelector is set; a written one must still match the template and
  // select only what the generated one selects.
  const name = isObject(obj.metadata) && typeof obj.metadata.name === "string" ? obj.metadata.name : "";
  if (spec.manualSelector === true) out.push(...validateSelector(spec, path, "Job"));
  else if (isObject(spec.selector)) out.push(...validateSelector(spec, path, "Job", { name }));
  return out;
}

const CONCURRENCY = ["Allow", "Forbid", "Replace"];

/** Go's time.LoadLocation, with the time zones this runtime knows for the tz database. */
function loadLocationError(name: string): string | undefined {
  if (name === "" || name === "UTC" || name === "Local") return undefined;
  if (name.includes("..") || name.startsWith("/") || name.startsWith("\\")) return "time: invalid location name";
  // The tz database's names are case-sensitive (they are file names); ICU's are not.
  try {
    const resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return `unknown time zone ${name}`;
    return undefined;
  } catch {
    return `unknown time zone ${name}`;
  }
}

/** validateScheduleFormat on create: robfig/cron's ParseStandard, and no TZ in the schedule. */
function validateSchedule(schedule: string, path: FieldPath): FieldError[] {
  const out: FieldError[] = [];
  let spec = schedule;
  let parse = true;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    // Without a space robfig/cron slices out of range (the server answers with an internal error).
    if (space < 0) parse = false;
    else {
      const location = spec.slice(spec.indexOf("=") + 1, space);
      const err = loadLocationError(location);
      if (err) {
        out.push(invalid("API033", path, schedule, `provided bad location ${location}: ${err}`));
        parse = false;
      }
      spec = spec.slice(space).trim();
    }
  }
  if (parse) {
    const err = parseStandardCron(spec);
    if (err) out.push(invalid("API033", path, schedule, err));
  }
  if (schedule.includes("TZ")) out.push(invalid("API033", path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
  return out;
}

/** validateTimeZone: an IANA name, not Local. */
function validateTimeZone(timeZone: string, path: FieldPath): FieldError[] {
  if (timeZone === "") return [invalid("API033", path, timeZone, "timeZone must be nil or non-empty string")];
  for (const part of timeZone.split("/")) {
    if (part === "." || part === ".." || part.startsWith("-") || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(part)) return [invalid("API033", path, timeZone, `unknown time zone ${timeZone}`)];
  }
  const out: FieldError[] = [];
  if (timeZone.toLowerCase() === "local") out.push(invalid("API033", path, timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
  const err = loadLocationError(timeZone);
  if (err) out.push(invalid("API033", path, timeZone, err));
  return out;
}

export function validateCronJob(obj: Json): FieldError[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const path = FieldPath.root("spec");
  const out: FieldError[] = [];
  const name = isObject(obj.metadata) && typeof obj.metadata.name === "string" ? obj.metadata.name : "";
  // The controller appends an 11-character suffix to the Job's name, which must stay a 63-character label.
  if (Buffer.byteLength(name) > 52) out.push(invalid("API033", FieldPath.root("metadata", "name"), name, "must be no more than 52 characters"));
  if (typeof spec.schedule !== "string" || spec.schedule === "") out.push(required("API033", path.child("schedule")));
  else out.push(...validateSchedule(spec.schedule, path.child("schedule")));
  if (typeof spec.timeZone === "string") out.push(...validateTimeZone(spec.timeZone, path.child("timeZone")));
  if (typeof spec.concurrencyPolicy === "string" && spec.concurrencyPolicy !== "" && !CONCURRENCY.includes(spec.concurrencyPolicy)) {
    out.push(notSupported("API033", path.child("concurrencyPolicy"), spec.concurrencyPolicy, CONCURRENCY));
  }
  out.push(...nonNegative(spec, ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"], path));
  const template = isObject(spec.jobTemplate) ? spec.jobTemplate : {};
  const templatePath = path.child("jobTemplate");
  const jobTemplateSpec = isObject(template.spec) ? template.spec : {};
  out.push(...jobSpec(jobTemplateSpec, templatePath.child("spec")));
  if (jobTemplateSpec.selector !== undefined) out.push(invalid("API030", templatePath.child("spec", "selector"), isObject(jobTemplateSpec.selector) ? goLabelSelector(jobTemplateSpec.selector as Selector) : null, "`selector` will be auto-generated"));
  return out;
}
