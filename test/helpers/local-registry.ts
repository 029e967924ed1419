/**
 * A read-only npm registry on 127.0.0.1 for the package tests, built from what is already on the machine:
 * the packages of this repository's package-lock.json (their tarballs read from the npm cache that `npm ci`
 * filled, by integrity) and the tarballs a test adds (the packed generator). Nothing leaves the machine.
 *
 * Why not `npm install --offline`: after `npm ci` the cache holds the tarballs (by integrity, from the lock)
 * but not the registry's package documents, which any install without a lock file needs to resolve
 * `"ajv": "^8.20.0"`; offline such an install stops at ENOTCACHED. A registry that answers those documents
 * from the lock lets the tests run every user's command unchanged: `npx sidecar-gitops init`, `npm install`.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, unknown>;
  bin?: Record<string, string> | string;
  engines?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  license?: string;
  hasInstallScript?: boolean;
  bundleDependencies?: string[] | boolean;
}

/** A tarball a test serves besides the lock's: the packed generator. */
export interface ExtraTarball {
  name: string;
  version: string;
  file: string;
  /** Its package.json's fields that resolution reads. */
  manifest: Pick<LockEntry, "dependencies" | "optionalDependencies" | "peerDependencies" | "bin" | "engines" | "license">;
}

export interface LocalRegistry {
  url: string;
  /** Tarballs asked for that the npm cache does not have (a test failing on one names it). */
  missing: string[];
  close(): Promise<void>;
}

/** The npm cache folder (`npm config get cache`). */
export function npmCacheDir(): string {
  return execFileSync("npm", ["config", "get", "cache"], { encoding: "utf8" }).trim();
}

/** A cached tarball's path in cacache's content store, from its integrity ("sha512-<base64>"). */
export function cachedTarball(cache: string, integrity: string): string | undefined {
  for (const one of integrity.split(/\s+/)) {
    const dash = one.indexOf("-");
    if (dash < 0) continue;
    const algo = one.slice(0, dash);
    const hex = Buffer.from(one.slice(dash + 1), "base64").toString("hex");
    const file = join(cache, "_cacache", "content-v2", algo, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Starts the registry; `close()` stops it. */
export async function startLocalRegistry(lockFile: string, extras: ExtraTarball[] = []): Promise<LocalRegistry> {
  const cache = npmCacheDir();
  const lock = JSON.parse(readFileSync(lockFile, "utf8")) as { packages: Record<string, LockEntry> };
  /** name → version → entry (with its tarball's location) */
  const byName = new Map<string, Map<string, LockEntry & { file?: string }>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.includes("node_modules/") || entry.link || !entry.version || !entry.integrity) continue;
    if (entry.resolved && !/^https?:/.test(entry.resolved)) continue; // git or file dependencies are not the registry's
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    if (!byName.has(name)) byName.set(name, new Map());
    byName.get(name)!.set(entry.version, entry);
  }
  for (const extra of extras) {
    const bytes = readFileSync(extra.file);
    const integrity = `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
    if (!byName.has(extra.name)) byName.set(extra.name, new Map());
    byName.get(extra.name)!.set(extra.version, { ...extra.manifest, version: extra.version, integrity, file: extra.file });
  }

  const missing: string[] = [];
  let base = "";
  const tarballName = (name: string, version: string) => `${name.split("/").pop()}-${version}.tgz`;
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]!.slice(1));
    const tgz = /^(.+)\/-\/([^/]+)$/.exec(path);
    if (tgz) {
      const [, name, file] = tgz as unknown as [string, string, string];
      const entry = [...(byName.get(name)?.values() ?? [])].find((e) => tarballName(name, e.version!) === file);
      const onDisk = entry && (entry.file ?? cachedTarball(cache, entry.integrity!));
      if (!onDisk) {
        missing.push(path);
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(readFileSync(onDisk));
      return;
    }
    const versions = byName.get(path);
    if (!versions) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return;
    }
    const doc = {
      name: path,
      "dist-tags": { latest: [...versions.keys()].sort(compareVersions).at(-1) },
      versions: Object.fromEntries(
        [...versions].map(([version, e]) => [
          version,
          {
            name: path,
            version,
            ...pick(e, ["dependencies", "optionalDependencies", "peerDependencies", "peerDependenciesMeta", "bundleDependencies", "engines", "os", "cpu", "license"]),
            ...(e.bin ? { bin: e.bin } : {}),
            ...(e.hasInstallScript ? { hasInstallScript: true } : {}),
            dist: { tarball: `${base}/${path}/-/${tarballName(path, version)}`, integrity: e.integrity },
          },
        ]),
      ),
    };
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/`,
    missing,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function pick<T extends object>(o: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<T>;
}

/** Semver order for plain x.y.z[-pre] versions (enough to name "latest"). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split("-", 2) as [string, string | undefined];
    return { nums: core.split(".").map(Number), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
