/**
 * Schema locations, as kubeconform resolves them: templates with {{.ResourceKind}}, {{.KindSuffix}},
 * {{.ResourceAPIVersion}}, {{.Group}}, {{.NormalizedKubernetesVersion}} and {{.StrictSuffix}}; a location
 * without a template is a folder in kubernetes-json-schema's layout. Local files only: we never download.
 * `default` means the committed offline schemas. Each schema file is compiled once per process.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { _, Ajv, type ValidateFunction } from "ajv";
import { shareRepeatedSubschemas } from "./shared-subschemas.js";
import { CompileCache } from "./compile-cache.js";
import { assertsFormats, KUBECONFORM_FORMATS } from "./formats.js";
import { withGoPatterns } from "./go-regexp.js";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Our offline stand-in for kubeconform's default location (it downloads from GitHub). */
export const DEFAULT_LOCATIONS = [
  join(REPO_ROOT, "schemas/kubernetes/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json"),
  join(REPO_ROOT, "schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"),
];
/** The Kubernetes version the committed schemas are generated for. */
export const DEFAULT_KUBERNETES_VERSION = "1.33.0";

const FOLDER_SUFFIX = "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";

export class RegistryError extends Error {}

/**
 * A schema location that Go's url.Parse refuses (kubeconform's FileLoader.ToFile parses every location): an
 * error of the resource, not a missing schema, so -ignore-missing-schemas does not skip it
 * (pkg/loader/file.go, pkg/validator/validator.go: downloadSchema returns the error).
 */
export class SchemaLocationError extends Error {}

/** net/url's checks that a kind can trip: control characters and bad percent escapes (url.go: Parse, unescape). */
function goUrlError(location: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(location)) return `parse ${JSON.stringify(location)}: net/url: invalid control character in URL`;
  const path = location.split(/[?#]/, 1)[0]!;
  const bad = /%(?![0-9A-Fa-f]{2})/.exec(path);
  if (bad) return `parse ${JSON.stringify(location)}: invalid URL escape ${JSON.stringify(path.slice(bad.index, bad.index + 3))}`;
  return undefined;
}

/** Expands locations given on the command line into file templates. */
export function resolveLocations(locations: string[], cwd = process.cwd()): string[] {
  if (locations.length === 0) return DEFAULT_LOCATIONS;
  return locations.flatMap((loc) => {
    if (loc === "default") return DEFAULT_LOCATIONS;
    if (/^https?:\/\//i.test(loc)) {
      throw new RegistryError(`schema location ${loc} is remote: this validator works offline; download the schemas and pass a local path`);
    }
    const abs = isAbsolute(loc) ? loc : join(cwd, loc);
    if (!loc.includes("{{")) return [join(abs, FOLDER_SUFFIX)];
    return [abs];
  });
}

/** The values kubeconform substitutes into a location template for one resource. */
export function templateValues(kind: string, apiVersion: string, kubernetesVersion: string, strict: boolean): Record<string, string> {
  const groupParts = apiVersion.split("/");
  const versionParts = groupParts[0]!.split(".");
  let kindSuffix = `-${versionParts[0]!.toLowerCase()}`;
  if (groupParts.length > 1) kindSuffix += `-${groupParts[1]!.toLowerCase()}`;
  return {
    NormalizedKubernetesVersion: kubernetesVersion === "master" ? "master" : `v${kubernetesVersion}`,
    StrictSuffix: strict ? "-strict" : "",
    ResourceKind: kind.toLowerCase(),
    ResourceAPIVersion: groupParts[groupParts.length - 1]!,
    Group: groupParts[0]!,
    KindSuffix: kindSuffix,
  };
}

export function expandTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (m, name: string) => values[name] ?? m);
}

export interface LoadedSchema {
  /** The file, as the location named it (for messages). */
  path: string;
  validate: ValidateFunction;
  /**
   * The parsed schema JSON that `validate` was compiled from (non-strict lookups: the relaxed copy; `$schema`
   * and `$id` removed), e.g. for the CRD CEL rules (generator/validate/cel). Parsed on first access and kept:
   * the compiled validator itself does not hold it (it may come from the compile cache).
   */
  readonly schema: Record<string, unknown>;
  /** Whether the file carries `x-kubernetes-validations` rules (a text check: reading it parses nothing). */
  hasCelRules: boolean;
}

const AJV_OPTIONS = { allErrors: true, strict: false, validateFormats: false, validateSchema: false } as const;
/** Part of the compile cache's key: how schemas are adapted before ajv compiles them (formats, Go patterns). */
const SCHEMA_DIALECT = "kubeconform-formats-2+go-patterns-1";
/** Where compiled (and cached) validators find the format checks. */
const FORMATS_GLOBAL = "__sidecarGitopsKubeconformFormats";
(globalThis as Record<string, unknown>)[FORMATS_GLOBAL] = KUBECONFORM_FORMATS;

/** Finds and compiles schemas; one compile per file for the life of the registry. */
export class SchemaRegistry {
  private readonly compiled = new Map<string, LoadedSchema | undefined>();
  private readonly byKind = new Map<string, LoadedSchema | undefined>();
  // The compilers, made on the first compile-cache miss (most runs load every validator from the cache).
  private ajvPlain?: Ajv;
  private get ajv(): Ajv {
    return (this.ajvPlain ??= new Ajv({ ...AJV_OPTIONS, code: { source: true } }));
  }
  private ajvWithFormats?: Ajv;
  /** For schemas whose draft has formats asserted (formats.ts); cached code finds the checks on globalThis. */
  private get ajvFormats(): Ajv {
    return (this.ajvWithFormats ??= new Ajv({
      ...AJV_OPTIONS,
      validateFormats: true,
      formats: KUBECONFORM_FORMATS,
      logger: false, // formats kubeconform does not check (int32, byte...) are ignored without a word
      code: { source: true, formats: _`globalThis[${FORMATS_GLOBAL}]` },
    }));
  }
  private readonly cache = CompileCache.forProject(REPO_ROOT, `${JSON.stringify(AJV_OPTIONS)}\0${SCHEMA_DIALECT}`);

  constructor(
    private readonly templates: string[],
    private readonly kubernetesVersion: string,
    private readonly strict: boolean,
  ) {}

  /** What another thread needs to build the same registry. */
  get setup(): { templates: string[]; kubernetesVersion: string; strict: boolean } {
    return { templates: this.templates, kubernetesVersion: this.kubernetesVersion, strict: this.strict };
  }

  /**
   * The schema for a kind, trying each location in order; undefined when none has it. Throws
   * SchemaLocationError for a location Go's url.Parse refuses (a kind with a line break, say).
   */
  schemaFor(kind: string, apiVersion: string): LoadedSchema | undefined {
    // One lookup per kind and apiVersion: a 20,000-resource run asks for a handful of them thousands of times.
    const key = `${kind}\0${apiVersion}`;
    if (this.byKind.has(key)) return this.byKind.get(key);
    const found = this.lookup(kind, apiVersion);
    this.byKind.set(key, found);
    return found;
  }

  private lookup(kind: string, apiVersion: string): LoadedSchema | undefined {
    const values = templateValues(kind, apiVersion, this.kubernetesVersion, this.strict);
    for (const template of this.templates) {
      const path = expandTemplate(template, values);
      const urlError = goUrlError(path);
      if (urlError) throw new SchemaLocationError(urlError);
      if (this.compiled.has(path)) {
        const hit = this.compiled.get(path);
        if (hit) return hit;
        continue;
      }
      // Only strict schemas are committed; kubernetes-json-schema's non-strict files differ from the strict
      // ones exactly by `additionalProperties: false`, so derive them when -strict is off.
      const strictTwin = !this.strict && path.includes("-standalone/") ? path.replace("-standalone/", "-standalone-strict/") : undefined;
      const file = existsSync(path) ? path : strictTwin && existsSync(strictTwin) ? strictTwin : undefined;
      if (!file) {
        this.compiled.set(path, undefined);
        continue;
      }
      // The bytes: hashed for the compile cache, decoded only to compile (a large string per schema otherwise).
      let text: Buffer;
      try {
        text = readFileSync(file);
      } catch {
        this.compiled.set(path, undefined);
        continue;
      }
      // Upstream files say "$schema": "http://json-schema.org/schema#" (the latest draft to kubeconform's
      // library, so formats only annotate); ajv reads them as draft-07, with formats checked only where
      // kubeconform checks them, and Go's meaning of `.` in patterns. ajv compiles a copy whose repeated
      // subschemas are shared (./shared-subschemas); `schema` stays the file's. All of it only when the compile
      // cache misses: the text and the relaxation decide the rest.
      let validate: ValidateFunction;
      try {
        validate = this.cache.compileLazily(text, variantOf(file !== path), () => {
          let read: { schema: Record<string, unknown>; draft: unknown };
          try {
            read = parseSchema(text.toString("utf8"), file !== path);
          } catch {
            throw new UnreadableSchema();
          }
          const formats = assertsFormats(read.draft);
          return { ajv: formats ? this.ajvFormats : this.ajv, schema: shareRepeatedSubschemas(withGoPatterns(read.schema) as Record<string, unknown>) };
        });
      } catch (err) {
        if (!(err instanceof UnreadableSchema)) throw err;
        // kubeconform tries the next location when a response does not parse.
        this.compiled.set(path, undefined);
        continue;
      }
      const loaded = lazySchema(path, validate, file, file !== path, text.includes('"x-kubernetes-validations"'));
      this.compiled.set(path, loaded);
      return loaded;
    }
    return undefined;
  }
}

/** A schema file that does not parse (as JSON, to an object). */
class UnreadableSchema extends Error {}

/** The compile cache's variant: whether the strict file was relaxed (the rest follows from the file's text). */
const variantOf = (relaxedCopy: boolean) => `${relaxedCopy ? "relaxed" : "as-is"}+shared+draft-from-text`;

/**
 * The schema as read: JSON, relaxed for a derived non-strict lookup, without `$schema` and `$id` (its draft,
 * the `$schema` it named, is returned apart: it decides whether formats are checked).
 */
function parseSchema(text: string, relax: boolean): { schema: Record<string, unknown>; draft: unknown } {
  let schema = JSON.parse(text) as Record<string, unknown>;
  if (relax) schema = relaxed(schema) as Record<string, unknown>;
  const draft = schema.$schema;
  delete schema.$schema;
  delete schema.$id;
  return { schema, draft };
}

/** A LoadedSchema whose `schema` is read again from the file on first access (the parse for compiling is not kept). */
function lazySchema(path: string, validate: ValidateFunction, file: string, relax: boolean, hasCelRules: boolean): LoadedSchema {
  let parsed: Record<string, unknown> | undefined;
  return {
    path,
    validate,
    hasCelRules,
    get schema() {
      parsed ??= parseSchema(readFileSync(file, "utf8"), relax).schema;
      return parsed;
    },
  };
}

/** A copy of a strict schema without `additionalProperties: false` anywhere. */
function relaxed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(relaxed);
  if (!node || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "additionalProperties" && v === false) continue;
    out[k] = relaxed(v);
  }
  return out;
}
