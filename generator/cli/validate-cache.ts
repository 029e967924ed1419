/**
 * What makes `npm run validate` cost about one app when one app changed: each build's validation result
 * (its findings and counts) kept by a key of everything that decides it, so an unchanged target is neither
 * built nor validated again.
 *
 * - The build's inputs: when the committed tree is what the config renders (no drift), the rendered files
 *   themselves, hashed in memory (renderedBuildKey: no file is read); otherwise tools/kustomize-batch hashes
 *   the files on disk as before.
 * - How it is validated: the kustomize binary and version, the environment's policy, the Kubernetes version,
 *   the label findings are reported under, and the validator itself (validatorFingerprint: the generator's
 *   sources, the committed schemas and the lock file), so an upgrade or a schema refresh revalidates all.
 *
 * One JSON file in node_modules/.cache/sidecar-gitops (so `npm ci` starts clean), read whole at the start and
 * written whole, atomically, at the end with this run's entries and as many earlier ones as fit. A missing or
 * damaged file only costs the validation; `--no-cache` reads nothing and writes fresh entries.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { GeneratedFile } from "../render/generated-file.js";
import type { BuildItem } from "../tools/kustomize-batch.js";
import type { KustomizeRunner } from "../tools/kustomize.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where the results live. */
export const RESULT_CACHE_FILE = join(ROOT, "node_modules", ".cache", "sidecar-gitops", "validate-results.json");
/** Entries kept in all: this run's, then earlier runs' (other environments, a branch switched back to). */
export const MAX_KEPT_ENTRIES = 20_000;

/** The counts a build's validation adds to its environment's summary. */
export interface BuildCounts {
  resources: number;
  schemaErrors: number;
  serverRefusals: number;
  policyFindings: number;
  kinds: Record<string, number>;
}

export interface CachedValidation {
  counts: BuildCounts;
  findings: Diagnostic[];
}

interface CacheFile {
  version: 1;
  entries: Record<string, CachedValidation>;
}

export class ValidationResultCache {
  private readonly previous: Record<string, CachedValidation>;
  private readonly current = new Map<string, CachedValidation>();

  /**
   * `read: false` starts empty (entries are still written); `file: undefined` keeps nothing.
   * @param maxEntries entries kept in all (this run's first). @default MAX_KEPT_ENTRIES
   */
  constructor(
    private readonly file: string | undefined,
    read = true,
    private readonly maxEntries = MAX_KEPT_ENTRIES,
  ) {
    this.previous = file && read ? readEntries(file) : {};
  }

  get(key: string): CachedValidation | undefined {
    const hit = this.current.get(key) ?? (Object.prototype.hasOwnProperty.call(this.previous, key) ? this.previous[key] : undefined);
    if (hit) this.current.set(key, hit);
    return hit;
  }

  set(key: string, value: CachedValidation): void {
    this.current.set(key, value);
  }

  /** Writes this run's entries, then earlier ones up to maxEntries in all. Best effort: a read-only tree still validates. */
  save(): void {
    if (!this.file) return;
    const entries: Record<string, CachedValidation> = {};
    for (const [k, v] of this.current) entries[k] = v;
    let room = this.maxEntries - this.current.size;
    for (const k of Object.keys(this.previous)) {
      if (room <= 0) break;
      if (this.current.has(k)) continue;
      entries[k] = this.previous[k]!;
      room--;
    }
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: 1, entries } satisfies CacheFile));
      renameSync(tmp, this.file);
    } catch {
      // Unwritable: the next run validates again.
    }
  }
}

function readEntries(file: string): Record<string, CachedValidation> {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<CacheFile>;
    return parsed.version === 1 && parsed.entries && typeof parsed.entries === "object" ? parsed.entries : {};
  } catch {
    return {};
  }
}

/** The key of one build's validation: its build key and everything else its result depends on. */
export function validationKey(buildKey: string, settings: Record<string, unknown>, fingerprint: string): string {
  return createHash("sha256").update(`${fingerprint}\0${buildKey}\0${JSON.stringify(settings)}`).digest("hex");
}

/**
 * The validator's identity: every source file of the generator, the committed schemas and the lock file
 * (paths and bytes). Reading them costs tens of milliseconds; any change makes every result stale.
 */
export function validatorFingerprint(root = ROOT): string {
  const hash = createHash("sha256");
  for (const dir of ["generator", "schemas"]) {
    const files = readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name))
      .sort();
    for (const f of files) hash.update(`${f.slice(root.length)}\0`).update(readFileSync(f)).update("\0");
  }
  hash.update(readFileSync(join(root, "package-lock.json")));
  return hash.digest("hex");
}

/**
 * A build key from the rendered files, for a tree without drift (every generated file on disk is what the
 * config renders, and kustomize reads only files its generated kustomizations name): the runner, the item
 * and every rendered file under its input directories (paths and bytes, in path order). Prefixed so it never
 * meets a key of files on disk.
 */
export function renderedBuildKeys(runner: KustomizeRunner, files: GeneratedFile[]): (item: BuildItem) => string {
  // Each directory's files (its subdirectories' included), sorted by path.
  const byDir = new Map<string, GeneratedFile[]>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    for (let i = f.path.indexOf("/"); i > 0; i = f.path.indexOf("/", i + 1)) {
      const dir = f.path.slice(0, i);
      let list = byDir.get(dir);
      if (!list) byDir.set(dir, (list = []));
      list.push(f);
    }
  }
  return (item) => {
    const hash = createHash("sha256").update(`rendered\0${runner.binary}\0${runner.version}\0${item.dir}\0`);
    for (const dir of item.inputs ?? [item.dir]) {
      hash.update(`dir ${dir}\0`);
      for (const f of byDir.get(dir) ?? []) hash.update(`${f.path}\0`).update(f.content).update("\0");
    }
    return hash.digest("hex");
  };
}
