// Builds every offline schema in memory: repo-relative path -> file content.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { REPO_ROOT, SOURCES_ROOT, serialize } from "./common.js";
import { mergeCelRules, readCrdRules } from "./cel-rules.js";
import { CrdSource } from "./crds.js";
import {
  CRD_KINDS,
  crdFileName,
  DEFAULT_KUBERNETES_VERSION,
  KUBERNETES_KINDS,
  KUBERNETES_SOURCES,
  kubernetesFileName,
  kubernetesFolder,
} from "./kinds.js";
import { KubernetesSource } from "./kubernetes.js";
import { readme } from "./readme.js";

export interface BuildOptions {
  kubernetesVersion?: string;
  root?: string;
  /** Where the source packages are installed (default: schema-sources/). */
  sources?: string;
}

export interface BuildResult {
  kubernetesVersion: string;
  files: Map<string, string>;
}

/** project.kubernetesVersion from gitops.config.yaml when there is one, else the default. */
export function configuredKubernetesVersion(root = REPO_ROOT): string {
  const file = join(root, "gitops.config.yaml");
  if (!existsSync(file)) return DEFAULT_KUBERNETES_VERSION;
  try {
    const doc = parse(readFileSync(file, "utf8")) as { project?: { kubernetesVersion?: unknown } } | null;
    const v = doc?.project?.kubernetesVersion;
    return typeof v === "string" || typeof v === "number" ? String(v) : DEFAULT_KUBERNETES_VERSION;
  } catch {
    return DEFAULT_KUBERNETES_VERSION;
  }
}

export async function buildSchemas(options: BuildOptions = {}): Promise<BuildResult> {
  const root = options.root ?? REPO_ROOT;
  const kubernetesVersion = options.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const files = new Map<string, string>();
  const sources = options.sources ?? SOURCES_ROOT;
  const k8s = await KubernetesSource.open(kubernetesVersion, sources);
  const folder = kubernetesFolder(k8s.kubernetesVersion);
  const sizes: Array<{ path: string; bytes: number; source: string }> = [];
  for (const k of KUBERNETES_KINDS) {
    const path = `schemas/kubernetes/${folder}/${kubernetesFileName(k)}`;
    const text = serialize(await k8s.kind(k));
    files.set(path, text);
    sizes.push({ path, bytes: Buffer.byteLength(text), source: `${k.model} (OpenAPI ${k8s.specVersion})` });
  }
  const crds = new CrdSource(sources);
  const celRules = readCrdRules(sources);
  for (const k of CRD_KINDS) {
    const path = `schemas/crds/${crdFileName(k)}`;
    const rules = celRules.get(`${k.group}/${k.kind}/${k.version}`);
    const text = serialize(mergeCelRules(crds.kind(k), k, rules));
    files.set(path, text);
    const celSource = rules ? `; CEL rules: schema-sources/crds/${rules.source}` : "";
    sizes.push({ path, bytes: Buffer.byteLength(text), source: `${k.package.name}@${k.package.version} _schemas/${k.definition}.js${celSource}` });
  }
  const pin = KUBERNETES_SOURCES[k8s.kubernetesVersion.replace(/^v/, "").split(".").slice(0, 2).join(".")];
  if (!pin) throw new Error(`no pin for ${k8s.kubernetesVersion}`);
  files.set("schemas/README.md", readme({ pin, folder, files: sizes }));
  return { kubernetesVersion: k8s.kubernetesVersion, files };
}

/** Files under the generated folders that the build would not produce (stale outputs). */
export function staleFiles(result: BuildResult, root = REPO_ROOT): string[] {
  const out: string[] = [];
  const dirs = [join(root, "schemas", "kubernetes", kubernetesFolder(result.kubernetesVersion)), join(root, "schemas", "crds")];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const file = join(dir, e.name);
      if (e.isDirectory()) walk(file);
      else {
        const rel = relative(root, file).split("\\").join("/");
        if (!result.files.has(rel)) out.push(rel);
      }
    }
  };
  dirs.forEach(walk);
  return out.sort();
}

/** Paths whose committed content differs from the build (missing files count as different). */
export function differences(result: BuildResult, root = REPO_ROOT): string[] {
  const out: string[] = [];
  for (const [path, text] of result.files) {
    const file = join(root, path);
    if (!existsSync(file) || readFileSync(file, "utf8") !== text) out.push(path);
  }
  return [...out, ...staleFiles(result, root)];
}
