// Shared by the schema tests: locating committed / upstream schema files and compiling them with ajv.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

export const REPO_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..");
export const SCHEMAS_DIR = join(REPO_ROOT, "schemas");
export const KUBERNETES_DIR = join(SCHEMAS_DIR, "kubernetes", "v1.33.0-standalone-strict");
export const CRDS_DIR = join(SCHEMAS_DIR, "crds");
/** The upstream schemas vendored for the tests (test/fixtures/PROVENANCE.md). */
export const UPSTREAM_DIR = join(REPO_ROOT, "test", "fixtures", "upstream-schemas");
export const UPSTREAM_KUBERNETES_DIR = join(UPSTREAM_DIR, "kubernetes", "master-standalone-strict");
export const UPSTREAM_CRDS_DIR = join(UPSTREAM_DIR, "crds");

export function listJson(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.name.endsWith(".json")) out.push(relative(dir, f).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

type AjvInstance = InstanceType<typeof Ajv> | InstanceType<typeof Ajv2019> | InstanceType<typeof Ajv2020>;
const addFormats = addFormatsModule as unknown as (ajv: AjvInstance) => AjvInstance;

/**
 * The ajv class for a schema's `$schema`. Kubernetes' "http://json-schema.org/schema#" (and no
 * `$schema`, as in the CRD files) means "the current draft" to kubeconform's validator; the keywords
 * these files use are the same in draft-04..07, so ajv's draft-07 class is the match.
 */
export function ajvClassFor(schema: { $schema?: unknown }): "draft-07" | "2019-09" | "2020-12" {
  const id = typeof schema.$schema === "string" ? schema.$schema : "";
  if (id.includes("2020-12")) return "2020-12";
  if (id.includes("2019-09")) return "2019-09";
  return "draft-07";
}

const instances = new Map<string, AjvInstance>();
function ajvFor(kind: "draft-07" | "2019-09" | "2020-12"): AjvInstance {
  let ajv = instances.get(kind);
  if (!ajv) {
    const opts = { strict: false, allErrors: false, logger: false as const };
    ajv = kind === "2020-12" ? new Ajv2020(opts) : kind === "2019-09" ? new Ajv2019(opts) : new Ajv(opts);
    addFormats(ajv);
    instances.set(kind, ajv);
  }
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();

/** Compile a schema file once. `$schema` is dropped: ajv only knows the draft URIs with a version. */
export function compileFile(file: string): ValidateFunction {
  const cached = compiled.get(file);
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const ajv = ajvFor(ajvClassFor(schema));
  const { $schema: _ignored, ...rest } = schema;
  const fn = ajv.compile(rest);
  compiled.set(file, fn);
  return fn;
}

export function verdict(file: string, doc: unknown): { valid: boolean; errors: string } {
  const fn = compileFile(file);
  const valid = fn(doc) === true;
  return { valid, errors: valid ? "" : JSON.stringify(fn.errors?.slice(0, 3)) };
}

export function clone<T>(x: T): T {
  return structuredClone(x);
}

/** Set a value at a dotted path ("spec.template.spec.containers.0.image"), creating objects on the way. */
export function setPath(doc: unknown, path: string, value: unknown): unknown {
  const out = clone(doc) as Record<string, unknown>;
  const segs = path.split(".");
  let cur: Record<string, unknown> = out;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i] as string;
    if (cur[s] === undefined || cur[s] === null || typeof cur[s] !== "object") cur[s] = {};
    cur = cur[s] as Record<string, unknown>;
  }
  const last = segs[segs.length - 1] as string;
  if (value === DELETE) delete cur[last];
  else cur[last] = value;
  return out;
}

export const DELETE = Symbol("delete");
