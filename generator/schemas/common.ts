// Shared helpers: JSON schema node type, package locations, deterministic serialisation.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Schema = { [key: string]: Json };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Where the source packages are installed: schema-sources/ (its own package.json and lock), which `npm run
 * schemas` installs with `npm ci`. They are not devDependencies of the repository: several need Node 22,
 * the generator only Node 20, and only a schema build reads them.
 */
export const SOURCES_ROOT = join(REPO_ROOT, "schema-sources");

/** Directory of an installed npm package (read from disk: the packages' `exports` maps hide their files). */
export function packageDir(name: string, root = SOURCES_ROOT): string {
  return join(root, "node_modules", ...name.split("/"));
}

export function packageVersion(name: string, root = SOURCES_ROOT): string | undefined {
  const file = join(packageDir(name, root), "package.json");
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

export class MissingSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingSourceError";
  }
}

export function requirePackage(name: string, version: string, root = SOURCES_ROOT): string {
  const found = packageVersion(name, root);
  if (found === undefined) {
    throw new MissingSourceError(`${name}@${version} is not installed in schema-sources/ (run npm run schemas, or npm ci --prefix schema-sources)`);
  }
  if (found !== version) {
    throw new MissingSourceError(`${name} is ${found}, the generator is pinned to ${version} (run npm ci --prefix schema-sources)`);
  }
  return packageDir(name, root);
}

/** Sort an object's keys (Go's encoding/json order: byte order), the order of the upstream swagger. */
export function sortKeys<T extends Json>(obj: { [key: string]: T }): { [key: string]: T } {
  const out: { [key: string]: T } = {};
  for (const k of Object.keys(obj).sort(byteOrder)) out[k] = obj[k] as T;
  return out;
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serialize(schema: Json): string {
  return JSON.stringify(schema, null, 2) + "\n";
}

export function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * kubeconform's "-strict" folders: every object schema that lists properties and says nothing about
 * additional ones gets `additionalProperties: false`, appended after its other keys.
 */
export function addStrict(node: Json, skipRoot = false): Json {
  if (Array.isArray(node)) return node.map((x) => addStrict(x));
  if (!isObject(node)) return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    // `properties` holds names, not schemas: recurse into its values, never treat it as a schema.
    if (k === "properties" && isObject(v)) {
      const props: Schema = {};
      for (const [pk, pv] of Object.entries(v)) props[pk] = addStrict(pv);
      out[k] = props;
    } else if (k === "enum" || k === "required" || k === "default" || k === "example") {
      out[k] = v;
    } else {
      out[k] = addStrict(v);
    }
  }
  if (!skipRoot && "properties" in out && !("additionalProperties" in out)) out.additionalProperties = false;
  return out;
}
