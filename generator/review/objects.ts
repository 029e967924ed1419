/**
 * Built manifests as objects a reviewer can name: each document of a kustomize build keyed by its API group,
 * kind, namespace and name, with its text, so two trees compare object by object (a header per resource)
 * rather than as one long stream.
 */
import { load } from "js-yaml";
import { splitKustomizeOutput } from "../tools/kustomize-batch.js";

export interface BuiltObject {
  /** `group/kind/namespace/name`: identity across the two trees. */
  key: string;
  /** What a reviewer reads: `Deployment sidecar-demo-prod/web`, `Namespace sidecar-demo-prod`. */
  header: string;
  kind: string;
  /** The document as kustomize printed it. */
  text: string;
}

/** One sync target's build: its objects, or the build's error (shown in place of its objects). */
export interface TargetBuild {
  /** overlays/<env>/<name> */
  dir: string;
  output?: string;
  error?: string;
}

/** Every object of an environment's targets, in target order then build order; a failed build is one pseudo-object. */
export function objectsOf(builds: TargetBuild[]): BuiltObject[] {
  const out: BuiltObject[] = [];
  for (const b of builds) {
    if (b.output === undefined) {
      out.push({ key: `!build/${b.dir}`, header: `${b.dir} (kustomize build failed)`, kind: "", text: `${(b.error ?? "").trim()}\n` });
      continue;
    }
    for (const [i, text] of splitKustomizeOutput(b.output).entries()) out.push(identify(text, `${b.dir}#${i}`));
  }
  return out;
}

type Doc = { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;

function parse(text: string): Doc {
  try {
    return load(text) as Doc;
  } catch {
    return null; // not YAML: compared as text under its position
  }
}

function identify(text: string, fallback: string): BuiltObject {
  const doc = parse(text);
  const kind = typeof doc?.kind === "string" ? doc.kind : "";
  const name = doc?.metadata?.name;
  if (!kind || typeof name !== "string") return { key: `!doc/${fallback}`, header: `${fallback} (not a Kubernetes object)`, kind, text };
  const apiVersion = typeof doc?.apiVersion === "string" ? doc.apiVersion : "";
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const ns = typeof doc?.metadata?.namespace === "string" ? doc.metadata.namespace : "";
  return { key: `${group}/${kind}/${ns}/${name}`, header: `${kind} ${ns ? `${ns}/` : ""}${name}`, kind, text };
}
