/**
 * `npm run validate -- [--no-policy] [--output text|json|junit] PATH...`: any manifests (files, folders,
 * `-` for stdin) through every stage: the strict schemas, the API server's semantic rules, then the policy
 * (restricted Pod Security plus the operational rules) unless --no-policy. Exit 0 when all is valid, 1 on any
 * finding, 2 on usage errors.
 */
import { existsSync, readFileSync } from "node:fs";
import { formatDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { FIXES } from "../config-policy.js";
import { checkPolicy, DEFAULT_POLICY } from "../validate/policy/check-policy.js";
import { DEFAULT_KUBERNETES_VERSION, discoverFiles, loadCelStage, validateYamlText, type Result } from "../validate/index.js";
import { committedRegistry, resultDiagnostics, type FindingHints } from "./validate-schemas.js";
import { UsageError, type CommandIO } from "./io.js";

export const PATH_OUTPUTS = ["text", "json", "junit"] as const;
export type PathOutput = (typeof PATH_OUTPUTS)[number];

const PATH_HINTS: FindingHints = {
  parse: "fix the YAML at this line",
  missingSchema: "only kinds with a committed schema (schemas/) can be checked; use `npm run kubeconform -- -ignore-missing-schemas` for others",
  schema: "fix it, in the manifest",
  semantic: "fix it in the manifest: the API server refuses this when it is applied",
};

export interface PathOptions {
  policy: boolean;
  output: PathOutput;
  stdin: NodeJS.ReadableStream;
}

/** One checked resource, for the json and junit reports. */
interface Checked {
  file: string;
  kind: string;
  name: string;
  status: Result["status"];
  findings: Diagnostic[];
}

export async function runValidatePaths(paths: string[], options: PathOptions, io: CommandIO): Promise<number> {
  for (const p of paths) if (p !== "-" && !existsSync(p)) throw new UsageError(`validate: ${p}: no such file or folder`);
  const registry = committedRegistry(DEFAULT_KUBERNETES_VERSION);
  await loadCelStage();
  const objectChecks = options.policy
    ? (object: Record<string, unknown>) =>
        checkPolicy(object, DEFAULT_POLICY).map((f) => ({
          pointer: f.pointer,
          msg: `${f.rule}: ${f.message}`,
          code: "POL001",
          hint: `${FIXES[f.rule] ?? "change the manifest as the message says"} (docs/policy.md; --no-policy skips the policy)`,
        }))
    : undefined;
  const checked: Checked[] = [];
  const validate = (file: string, text: string) => {
    for (const r of validateYamlText(file, text, { registry, strict: true, ignoreMissingSchemas: false, skip: new Set(), reject: new Set(), semantic: true, objectChecks })) {
      if (r.status === "empty") continue;
      checked.push({ file, kind: r.signature.kind, name: r.signature.name, status: r.status, findings: resultDiagnostics(file, r, PATH_HINTS) });
    }
  };
  for (const p of paths) {
    if (p === "-") validate("stdin", await readAll(options.stdin));
    else for (const f of discoverFiles([p], [])) validate(f, readFileSync(f, "utf8"));
  }
  const findings = checked.flatMap((c) => c.findings);
  // Warnings (a CRD CEL rule this evaluator cannot run) are shown, not counted.
  const problems = findings.filter((f) => f.severity === "error");
  const files = new Set(checked.map((c) => c.file)).size;
  if (options.output === "json") io.stdout.write(JSON.stringify({ resources: checked.map(({ findings: _, ...c }) => c), findings }, null, 2) + "\n");
  else if (options.output === "junit") io.stdout.write(renderJunit(checked));
  else {
    if (findings.length > 0) io.stderr.write(findings.map(formatDiagnostic).join("\n") + "\n");
    const summary = `${checked.length} resource(s) in ${files} file(s)`;
    io.stdout.write(problems.length === 0 ? `validate: ok (${summary})\n` : `validate: ${problems.length} problem(s) in ${summary}\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString("utf8");
}

/** JUnit: one test case per resource, its findings as the failure. */
function renderJunit(checked: Checked[]): string {
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!).replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, "");
  const errors = (c: Checked) => c.findings.filter((f) => f.severity === "error");
  const failures = checked.filter((c) => errors(c).length > 0).length;
  const cases = checked.map((c) => {
    const name = `${c.kind}/${c.name}`;
    const warnings = c.findings.filter((f) => f.severity !== "error");
    const failure =
      (errors(c).length > 0 ? `<failure message="${errors(c).length} finding(s)">${esc(errors(c).map(formatDiagnostic).join("\n"))}</failure>` : "") +
      (warnings.length > 0 ? `<system-out>${esc(warnings.map(formatDiagnostic).join("\n"))}</system-out>` : "");
    return `  <testcase classname="${esc(c.file)}" name="${esc(name)}">${failure}</testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n <testsuite name="sidecar-gitops validate" tests="${checked.length}" failures="${failures}">\n${cases.join("\n")}\n </testsuite>\n</testsuites>\n`;
}
