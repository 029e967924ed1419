/**
 * `npm run kubeconform -- [flags] [FILE|DIR|-]...`: kubeconform's command line on our validator. Flags keep
 * kubeconform's names (single or double dash). Exit 1 when any resource is invalid or errored, as kubeconform.
 */
import { readFileSync } from "node:fs";
import {
  createOutput,
  DEFAULT_KUBERNETES_VERSION,
  discoverFiles,
  OUTPUT_FORMATS,
  resolveLocations,
  SchemaRegistry,
  validateYamlBytes,
  type OutputFormat,
  type Result,
} from "../validate/index.js";
import { RegistryError } from "../validate/registry.js";
import { loadCelStage } from "../validate/validator.js";
import { validateInWorkers, workerCount } from "../validate/parallel.js";
import { generatorVersion } from "./version.js";

export const KUBECONFORM_USAGE = `Usage: npm run kubeconform -- [OPTION]... [FILE OR FOLDER]...
  -exit-on-error              immediately stop execution when the first error is encountered
  -h                          show this help
  -ignore-filename-pattern value
                              regular expression specifying paths to ignore (can be specified multiple times)
  -ignore-missing-schemas     skip files with missing schemas instead of failing
  -kubernetes-version string  version of Kubernetes to validate against, e.g.: 1.33.0 (default: the committed schemas' ${DEFAULT_KUBERNETES_VERSION})
  -n int                      number of worker threads for inputs of 2 MiB or more (results stay in file order) (default 4)
  -output string              output format - json, junit, pretty, tap, text (default "text")
  -reject string              comma-separated list of kinds or GVKs to reject
  -semantic                   not in kubeconform: also apply the API server's semantic rules (docs/validation.md) to
                              schema-valid resources; a refused resource is invalid
  -schema-location value      override schemas location search path (can be specified multiple times; local paths and templates only)
  -skip string                comma-separated list of kinds or GVKs to ignore
  -strict                     disallow additional properties not in schema or duplicated keys
  -summary                    print a summary at the end (ignored for junit output)
  -v                          show version information
  -verbose                    print results for all resources (ignored for tap and junit output)
`;

interface Flags {
  exitOnError: boolean;
  ignorePatterns: RegExp[];
  ignoreMissingSchemas: boolean;
  kubernetesVersion?: string;
  output: OutputFormat;
  reject: Set<string>;
  skip: Set<string>;
  locations: string[];
  strict: boolean;
  /** -semantic (ours, opt-in): the API server's rules after the schema. */
  semantic: boolean;
  summary: boolean;
  verbose: boolean;
  paths: string[];
  /** -n: worker threads for large inputs (kubeconform's goroutines). */
  n: number;
}

class UsageError extends Error {}

const BOOLEAN = new Set(["exit-on-error", "ignore-missing-schemas", "strict", "semantic", "summary", "verbose", "h", "help", "v", "insecure-skip-tls-verify", "debug"]);
const VALUED = new Set(["ignore-filename-pattern", "kubernetes-version", "n", "output", "reject", "schema-location", "skip", "cache", "cpu-prof"]);

/** Go's flag syntax: -name, --name, -name=value, -name value, -bool=false; stops at the first positional. */
export function parseFlags(argv: string[]): Flags | "help" | "version" {
  const f: Flags = { exitOnError: false, ignorePatterns: [], ignoreMissingSchemas: false, output: "text", reject: new Set(), skip: new Set(), locations: [], strict: false, semantic: false, summary: false, verbose: false, paths: [], n: 4 };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("-") || arg === "-") break;
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(arg)!;
    const name = m[1]!;
    if (BOOLEAN.has(name)) {
      const value = m[2] === undefined ? true : !/^(false|0|f)$/i.test(m[2]);
      if (name === "h" || name === "help") return "help";
      if (name === "v") return "version";
      if (name === "exit-on-error") f.exitOnError = value;
      if (name === "ignore-missing-schemas") f.ignoreMissingSchemas = value;
      if (name === "strict") f.strict = value;
      if (name === "semantic") f.semantic = value;
      if (name === "summary") f.summary = value;
      if (name === "verbose") f.verbose = value;
      continue;
    }
    if (!VALUED.has(name)) throw new UsageError(`flag provided but not defined: -${name}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`flag needs an argument: -${name}`);
    switch (name) {
      case "ignore-filename-pattern":
        f.ignorePatterns.push(new RegExp(value));
        break;
      case "kubernetes-version":
        f.kubernetesVersion = value;
        break;
      case "output":
        if (!OUTPUT_FORMATS.includes(value as OutputFormat)) throw new UsageError(`-output must be one of ${OUTPUT_FORMATS.join(", ")}`);
        f.output = value as OutputFormat;
        break;
      case "reject":
        value.split(",").filter(Boolean).forEach((k) => f.reject.add(k));
        break;
      case "skip":
        value.split(",").filter(Boolean).forEach((k) => f.skip.add(k));
        break;
      case "schema-location":
        f.locations.push(value);
        break;
      case "n":
        if (!/^[0-9]+$/.test(value)) throw new UsageError(`invalid value "${value}" for flag -n: parse error`);
        f.n = Number(value);
        break;
      case "cache":
        throw new UsageError("-cache is not supported: schemas are local files, read once per run");
      default:
        break; // -cpu-prof: accepted for compatibility
    }
  }
  f.paths = argv.slice(i);
  return f;
}

export interface KubeconformIO {
  stdin: NodeJS.ReadableStream;
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks);
}

export async function runKubeconform(argv: string[], io: KubeconformIO): Promise<number> {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(argv);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${KUBECONFORM_USAGE}`);
    return 1;
  }
  if (flags === "help") {
    io.stdout.write(KUBECONFORM_USAGE);
    return 0;
  }
  if (flags === "version") {
    // kubeconform -v prints its bare version (v0.7.0): ours, in the same form.
    io.stdout.write(`v${generatorVersion()}\n`);
    return 0;
  }
  // Our default location is the committed schemas, generated for one version: default to it, not "master".
  const usesDefault = flags.locations.length === 0 || flags.locations.includes("default");
  const kubernetesVersion = flags.kubernetesVersion ?? (usesDefault ? DEFAULT_KUBERNETES_VERSION : "master");
  let registry: SchemaRegistry;
  let templates: string[];
  try {
    templates = resolveLocations(flags.locations);
    registry = new SchemaRegistry(templates, kubernetesVersion, flags.strict);
  } catch (err) {
    if (err instanceof RegistryError) {
      io.stderr.write(`failed initializing validator: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const stdinMode = flags.paths.length === 0 || (flags.paths.length === 1 && flags.paths[0] === "-");
  const out = createOutput(flags.output, (s) => io.stdout.write(s), { summary: flags.summary, verbose: flags.verbose, stdin: stdinMode });
  const options = { registry, strict: flags.strict, ignoreMissingSchemas: flags.ignoreMissingSchemas, skip: flags.skip, reject: flags.reject, semantic: flags.semantic };
  if (flags.semantic) await loadCelStage();
  let success = true;
  const emit = (results: Result[]): boolean => {
    for (const r of results) {
      out.write(r);
      // -semantic only: a CRD CEL rule that could not be evaluated is said so (on stderr: the output format stays kubeconform's).
      for (const k of r.skipped ?? []) io.stderr.write(`${r.resource.path} - ${r.signature.kind} ${r.signature.name}: ${k.code} ${k.msg}\n`);
      if (r.status === "invalid" || r.status === "error") {
        success = false;
        if (flags.exitOnError) return false;
      }
    }
    return true;
  };
  if (stdinMode) {
    emit(validateYamlBytes("stdin", await readStdin(io.stdin), options));
  } else {
    let files: string[];
    try {
      files = discoverFiles(flags.paths, flags.ignorePatterns);
    } catch (err) {
      // kubeconform reports a path it cannot walk as an error result for that path (then stops): exit 1.
      const e = err as NodeJS.ErrnoException;
      if (typeof e.code !== "string") throw err;
      const path = e.path ?? "";
      out.write({ resource: { path, index: 0, text: "", startLine: 1 }, signature: { kind: "", version: "", namespace: "", name: "" }, status: "error", msg: goPathError(e), validationErrors: [] });
      out.flush();
      return 1;
    }
    const workers = workerCount(flags.n, files);
    if (workers > 0) {
      const setup = {
        templates,
        kubernetesVersion,
        strict: flags.strict,
        semantic: flags.semantic,
        ignoreMissingSchemas: flags.ignoreMissingSchemas,
        skip: [...flags.skip],
        reject: [...flags.reject],
      };
      // This thread validates too: -n N is this thread and N-1 workers.
      const local = (file: string) => validateYamlBytes(file, readFileSync(file), options);
      for await (const results of validateInWorkers(files, workers - 1, setup, local)) if (!emit(results)) break;
    } else {
      for (const file of files) {
        if (!emit(validateYamlBytes(file, readFileSync(file), options))) break;
      }
    }
  }
  out.flush();
  return success ? 0 : 1;
}

/** Go's strerror text for the errno codes a walk meets. */
const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  ENOTDIR: "not a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
};

/**
 * A filesystem error worded as Go's *PathError (`lstat missing.yaml: no such file or directory`): filepath.Walk
 * lstats each root, opens folders to list them. Node's `stat` and `scandir` become Go's `lstat` and `open`.
 */
export function goPathError(err: NodeJS.ErrnoException): string {
  const op = err.syscall === "scandir" || err.syscall === "open" ? "open" : "lstat";
  const text = (err.code && GO_ERRNO_TEXT[err.code]) ?? err.message;
  return `${op} ${err.path ?? ""}: ${text}`;
}
