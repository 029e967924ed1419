/**
 * The semantic stage: rules the API server applies on create that JSON schemas cannot express (name and
 * label syntax, unique names, references inside a pod spec, requests within limits, selectors matching
 * templates...), ported rule by rule from the Kubernetes v1.33 sources (docs/validation.md lists each rule
 * with its source). It runs on objects that passed the strict schemas, so the fields' types are known.
 *
 * `checkSemantics(object)` returns the API server's field errors, each with a stable code, the server's field
 * path and message, and a JSON pointer for locating it in the file.
 */
import { isObject, type Json } from "../policy/pod-specs.js";
import type { FieldError } from "./field-errors.js";
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain, type NameFn } from "./names.js";
import { validateObjectMeta } from "./object-meta.js";
import { validatePodSpec } from "./pod-spec.js";
import { FieldPath } from "./field-errors.js";
import { validateCronJob, validateJob, validateReplicatedSpec } from "./workloads.js";
import { validateService } from "./service.js";
import { validateConfigMap, validateSecret } from "./config-data.js";

export { formatFieldError, type FieldError } from "./field-errors.js";

interface KindRules {
  name: NameFn;
  namespaced: boolean;
  spec?: (obj: Json) => FieldError[];
}

/** Built-in kinds by apiVersion/kind: the name rule each one's Validate<Kind> passes to ValidateObjectMeta. */
const KINDS: Record<string, KindRules> = {
  "v1/Pod": { name: nameIsDNSSubdomain, namespaced: true, spec: (o) => validatePodSpec(isObject(o.spec) ? o.spec : {}, FieldPath.root("spec"), { pod: true }) },
  "v1/Service": { name: nameIsDNS1035Label, namespaced: true, spec: validateService },
  "v1/ConfigMap": { name: nameIsDNSSubdomain, namespaced: true, spec: validateConfigMap },
  "v1/Secret": { name: nameIsDNSSubdomain, namespaced: true, spec: validateSecret },
  "v1/ServiceAccount": { name: nameIsDNSSubdomain, namespaced: true },
  "v1/PersistentVolumeClaim": { name: nameIsDNSSubdomain, namespaced: true },
  "v1/Namespace": { name: nameIsDNSLabel, namespaced: false },
  "apps/v1/Deployment": { name: nameIsDNSSubdomain, namespaced: true, spec: (o) => validateReplicatedSpec("Deployment", o) },
  "apps/v1/ReplicaSet": { name: nameIsDNSSubdomain, namespaced: true, spec: (o) => validateReplicatedSpec("ReplicaSet", o) },
  "apps/v1/DaemonSet": { name: nameIsDNSSubdomain, namespaced: true, spec: (o) => validateReplicatedSpec("DaemonSet", o) },
  "apps/v1/StatefulSet": { name: nameIsDNSLabel, namespaced: true, spec: (o) => validateReplicatedSpec("StatefulSet", o) },
  "batch/v1/Job": { name: nameIsDNSSubdomain, namespaced: true, spec: validateJob },
  "batch/v1/CronJob": { name: nameIsDNSSubdomain, namespaced: true, spec: validateCronJob },
};

/**
 * Custom resources (an API group with a dot that is not a Kubernetes *.k8s.io group): the apiextensions
 * server validates their metadata with NameIsDNSSubdomain (pkg/registry/customresource/validator.go).
 * Whether one is namespaced is the CRD's to say; a namespace is accepted here.
 */
const CUSTOM_RESOURCE: KindRules = { name: nameIsDNSSubdomain, namespaced: true };

function rulesFor(apiVersion: string, kind: string): KindRules | undefined {
  const known = KINDS[`${apiVersion}/${kind}`];
  if (known) return known;
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
  if (group.includes(".") && !group.endsWith(".k8s.io")) return CUSTOM_RESOURCE;
  return undefined;
}

/** The API server's field errors for one object; empty for kinds without ported rules. Never throws. */
export function checkSemantics(obj: unknown): FieldError[] {
  if (!isObject(obj) || typeof obj.kind !== "string" || typeof obj.apiVersion !== "string") return [];
  const rules = rulesFor(obj.apiVersion, obj.kind);
  if (!rules) return [];
  return [...validateObjectMeta(obj.metadata, rules), ...(rules.spec ? rules.spec(obj) : [])];
}
