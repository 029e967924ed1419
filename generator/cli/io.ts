import { DiagnosticError, formatDiagnostic, formatGithubAnnotation, type Diagnostic } from "../diagnostics/diagnostic.js";
import { outputRootProblem } from "../write/index.js";

/** Where a command prints; tests pass in-memory streams. */
export interface CommandIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
}

export const processIO: CommandIO = { stdout: process.stdout, stderr: process.stderr };

/** A usage error: printed with the command's usage, exit code 2. */
/** The options every command that reads the config takes (node:util parseArgs form). */
export const CONFIG_OPTIONS = {
  config: { type: "string", default: "gitops.config.yaml" },
  out: { type: "string", default: "." },
  help: { type: "boolean", short: "h", default: false },
} as const;

export class UsageError extends Error {}

/**
 * `--out` must name a folder (or one to create) on an ordinary file system, checked before anything is rendered:
 * a device, FIFO, file or procfs folder there is a usage error naming the flag and the path, never a hang or a
 * stack trace halfway through.
 */
export function checkOutDir(command: string, out: string): void {
  const problem = outputRootProblem(out);
  if (problem) throw new UsageError(`${command}: --out ${out} ${problem}: pass the folder the generated tree lives in (created when missing), e.g. --out ./tree`);
}

/**
 * Prints diagnostics one per problem; under GitHub Actions also as workflow commands so they annotate the
 * pull request at file:line:col.
 */
export function printDiagnostics(io: CommandIO, diagnostics: Diagnostic[]): void {
  io.stderr.write(diagnostics.map(formatDiagnostic).join("\n") + "\n");
  if (process.env.GITHUB_ACTIONS === "true") {
    io.stdout.write(diagnostics.map(formatGithubAnnotation).join("\n") + "\n");
  }
}

/**
 * Prints warnings (a config without the version header) on stderr only: stdout may be data (`manifests`).
 * They never change the exit code.
 */
export function printWarnings(io: CommandIO, warnings: Diagnostic[]): void {
  if (warnings.length > 0) io.stderr.write(warnings.map(formatDiagnostic).join("\n") + "\n");
}

/**
 * Maps an error to an exit code: 1 for user-facing findings (printed without a stack trace), 2 for usage
 * errors, and rethrows anything else (an internal error, which main.ts prints with its stack).
 */
export function reportError(io: CommandIO, err: unknown, usage: string): number {
  if (err instanceof DiagnosticError) {
    printDiagnostics(io, err.diagnostics);
    return 1;
  }
  if (err instanceof UsageError || (err as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS")) {
    io.stderr.write(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  throw err;
}
