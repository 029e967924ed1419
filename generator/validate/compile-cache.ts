/**
 * A compile cache for schema validators. ajv compiles a Pod-bearing Kubernetes schema in about 0.7 s, and
 * every process (and every -n worker) needs its own; the cache keeps each compiled validator as ajv
 * "standalone" code under node_modules/.cache/sidecar-gitops/ajv/, keyed by the schema's bytes and the ajv
 * version and options, so later runs load it in a few milliseconds. A missing, unwritable or damaged cache
 * only costs the compile. SIDECAR_GITOPS_NO_CACHE=1 turns it off.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ajv, ValidateFunction } from "ajv";
import * as standalone from "ajv/dist/standalone/index.js";

const require = createRequire(import.meta.url);
const AJV_VERSION = (require("ajv/package.json") as { version: string }).version;

type ToCode = (ajv: Ajv, v: ValidateFunction) => string;
// ajv ships this entry as CommonJS: its default export arrives wrapped once or twice depending on the loader.
const mod = standalone as unknown as { default: ToCode | { default: ToCode } };
const toCode: ToCode = typeof mod.default === "function" ? mod.default : mod.default.default;

export class CompileCache {
  constructor(
    private readonly dir: string | undefined,
    /** Part of every key: the ajv options the validators are compiled with. */
    private readonly optionsKey: string,
  ) {}

  /** The cache the registry uses: in the project's node_modules, unless turned off. */
  static forProject(root: string, optionsKey: string): CompileCache {
    const off = process.env.SIDECAR_GITOPS_NO_CACHE === "1";
    return new CompileCache(off ? undefined : join(root, "node_modules", ".cache", "sidecar-gitops", "ajv"), optionsKey);
  }

  /** Compiles `schema` (read from `sourceText`, transformed as `variant` says), or loads it from the cache. */
  compile(ajv: Ajv, schema: object, sourceText: string, variant: string): ValidateFunction {
    return this.compileLazily(sourceText, variant, () => ({ ajv, schema }));
  }

  /**
   * The same, with the schema prepared only when it must be compiled: a hit costs a hash of the text, not a
   * parse of it (a Pod-bearing schema is 600 KB of JSON, tens of MB of objects while it is transformed, in every
   * process and every -n worker). `sourceText` and `variant` must determine what `prepare` gives; the text may
   * be the file's bytes (the same key as its UTF-8 text).
   */
  compileLazily(sourceText: string | Buffer, variant: string, prepare: () => { ajv: Ajv; schema: object }): ValidateFunction {
    if (!this.dir) {
      const { ajv, schema } = prepare();
      return ajv.compile(schema);
    }
    const key = createHash("sha256").update(`${AJV_VERSION}\0${this.optionsKey}\0${variant}\0`).update(sourceText).digest("hex");
    const file = join(this.dir, `${key}.cjs`);
    const cached = load(file);
    if (cached) return cached;
    const { ajv, schema } = prepare();
    const validate = ajv.compile(schema);
    try {
      mkdirSync(this.dir, { recursive: true });
      // Written whole then renamed: a concurrent reader (another -n worker) never sees half a file.
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      writeFileSync(tmp, toCode(ajv, validate));
      renameSync(tmp, file);
    } catch {
      // A read-only checkout still validates; it only compiles every time.
    }
    return validate;
  }
}

function load(file: string): ValidateFunction | undefined {
  let code: string;
  try {
    code = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const m: { exports: { default?: ValidateFunction } } = { exports: {} };
    new Function("module", "exports", "require", code)(m, m.exports, require);
    return typeof m.exports === "function" ? (m.exports as ValidateFunction) : m.exports.default;
  } catch {
    return undefined; // damaged: compile again (and overwrite)
  }
}
