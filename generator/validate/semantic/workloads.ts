/**
 * Workload specs: pkg/apis/apps/validation (ValidateDeploymentSpec, ValidateReplicaSetSpec,
 * ValidateStatefulSetSpec, ValidateDaemonSetSpec, ValidatePodTemplateSpecForReplicaSet) and
 * pkg/apis/batch/validation (validateJobSpec, ValidateJobTemplateSpec, ValidateCronJobCreate), Kubernetes v1.33.
 */
import { isObject, type Json } from "../policy/pod-specs.js";
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from "./field-errors.js";
import { validatePodTemplate } from "./pod-spec.js";
import { validateLabels } from "./object-meta.js";

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

/**
 * The label selector: required, not empty, valid label syntax, and matching the template's labels
 * (metav1.LabelSelectorAsSelector, then selector.Matches(template labels)).
 */
function validateSelector(spec: Json, path: FieldPath, kind: string, requiredSelector: boolean): FieldError[] {
  const out: FieldError[] = [];
  const selector = spec.selector;
  const templateLabels = isObject(spec.template) && isObject(spec.template.metadata) && isObject(spec.template.metadata.labels) ? (spec.template.metadata.labels as Record<string, string>) : {};
  if (!isObject(selector)) {
    if (requiredSelector) out.push(required("API030", path.child("selector")));
    // A nil selector converts to labels.Nothing(), which matches no labels.
    else out.push(invalid("API031", path.child("template", "metadata", "labels"), templateLabels, "`selector` does not match template `labels`"));
    return out;
  }
  const matchLabels = isObject(selector.matchLabels) ? (selector.matchLabels as Record<string, string>) : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : [];
  out.push(...validateLabels(matchLabels, path.child("selector", "matchLabels")));
  if (Object.keys(matchLabels).length + expressions.length === 0) {
    out.push(invalid("API030", path.child("selector"), selector, `empty selector is invalid for ${kind.toLowerCase()}`));
    return out;
  }
  if (!matches(matchLabels, expressions, templateLabels)) {
    out.push(invalid("API031", path.child("template", "metadata", "labels"), templateLabels, "`selector` does not match template `labels`"));
  }
  return out;
}

/** labels.Selector.Matches for matchLabels and the four set-based operators. */
function matches(matchLabels: Record<string, string>, expressions: Json[], labels: Record<string, string>): boolean {
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

function noActiveDeadline(spec: Json, path: FieldPath, kind: string): FieldError[] {
  const deadline = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec.activeDeadlineSeconds : undefined;
  return deadline !== undefined && deadline !== null ? [forbidden("API025", path.child("template", "spec", "activeDeadlineSeconds"), `activeDeadlineSeconds in ${kind} is not Supported`)] : [];
}

export function validateReplicatedSpec(kind: "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet", obj: Json): FieldError[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const path = FieldPath.root("spec");
  const out = nonNegative(spec, ["replicas", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds"], path);
  // DaemonSet: the selector is validated but not required (defaulting fills it from old API versions).
  out.push(...validateSelector(spec, path, kind, kind !== "DaemonSet"));
  // For a StatefulSet the v1.33 server checks only the template's labels and annotations
  // (ValidatePodTemplateSpecForStatefulSet, a TODO there); its pod spec is checked here anyway, since every pod
  // the controller creates from it would be refused (docs/validation.md lists this as a deliberate difference).
  out.push(...validatePodTemplate(spec.template, path.child("template")));
  out.push(...restartAlways(spec, path), ...noActiveDeadline(spec, path, kind));
  if (kind === "Deployment") {
    const progress = num(spec.progressDeadlineSeconds);
    if (progress !== undefined && progress <= (num(spec.minReadySeconds) ?? 0)) out.push(invalid("API032", path.child("progressDeadlineSeconds"), progress, "must be greater than minReadySeconds"));
  }
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
  // The selector is generated unless manualSelector is set; a written one must still match the template.
  if (spec.manualSelector === true || isObject(spec.selector)) out.push(...validateSelector(spec, path, "Job", spec.manualSelector === true));
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
  out.push(...nonNegative(spec, ["startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit"], path));
  const template = isObject(spec.jobTemplate) ? spec.jobTemplate : {};
  const templatePath = path.child("jobTemplate");
  const jobTemplateSpec = isObject(template.spec) ? template.spec : {};
  out.push(...jobSpec(jobTemplateSpec, templatePath.child("spec")));
  if (jobTemplateSpec.selector !== undefined) out.push(invalid("API030", templatePath.child("spec", "selector"), jobTemplateSpec.selector, "`selector` will be auto-generated"));
  return out;
}
