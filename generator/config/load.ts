import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument, visit, type Document, type YAMLError } from "yaml";
import { fastReadConfig } from "./yaml-core.js";
import { DiagnosticError, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { YamlSource } from "./source.js";

/** Larger configs are refused before parsing: a config is a few KB; megabytes mean a wrong file. */
/** 8 MiB: a 1,000-app config is ~1.3 MB; anything near this is not a hand-written config. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;
/** Aliases are legitimate in configs but a handful suffices; a cap defeats "billion laughs" expansion. */
export const MAX_ALIAS_COUNT = 100;

export interface LoadedConfig {
  source: YamlSource;
  /** The plain data, before schema validation. */
  data: unknown;
}

/** Reads a config file from disk and parses it; every failure is a located DiagnosticError. */
export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new DiagnosticError([
      {
        file,
        code: "CFG001",
        severity: "error",
        message: code === "ENOENT" ? "config file not found" : `cannot read config file (${code ?? "error"})`,
        hint: "run from the repository root or pass --config PATH",
      },
    ]);
  }
  return parseConfigText(file, bytes);
}

/** Parses config bytes: size and encoding checks, YAML syntax, duplicate keys, alias cap. */
export function parseConfigText(file: string, bytes: Buffer | string): LoadedConfig {
  const buf = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  const fail = (d: Omit<Diagnostic, "file" | "severity">): never => {
    throw new DiagnosticError([{ file, severity: "error", ...d }]);
  };
  if (buf.length > MAX_CONFIG_BYTES) {
    fail({
      code: "CFG002",
      message: `config is ${buf.length} bytes; the limit is ${MAX_CONFIG_BYTES}`,
      hint: "check that --config points at gitops.config.yaml, not a generated or binary file",
    });
  }
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    const { line, col } = lineColAt(buf, nul);
    fail({ code: "CFG003", line, col, message: "config contains a NUL byte: this is a binary file, not YAML", hint: "point --config at a YAML text file" });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    fail({ code: "CFG003", message: "config is not valid UTF-8 text", hint: "save the file as UTF-8" });
  }
  text = text!.replace(/^\uFEFF/, "");
  const fast = fastReadConfig(text);
  if (fast !== undefined && fast !== null && typeof fast === "object") {
    // Positions are only needed to report a problem: the positional parse waits until then.
    let parsed: { doc: Document.Parsed; lines: LineCounter } | undefined;
    const positional = () => (parsed ??= positionalParse(text));
    return { source: { file, get doc() { return positional().doc; }, get lines() { return positional().lines; } }, data: fast };
  }
  const { doc, lines } = positionalParse(text);
  const errors = [...doc.errors];
  if (errors.length > 0) {
    throw new DiagnosticError(errors.map((e) => yamlErrorToDiagnostic(file, lines, e)));
  }
  let aliases = 0;
  visit(doc, {
    Alias() {
      aliases++;
    },
  });
  if (aliases > MAX_ALIAS_COUNT) {
    fail({ code: "CFG006", message: `config uses ${aliases} YAML aliases; the limit is ${MAX_ALIAS_COUNT}`, hint: "write the values out instead of aliasing them" });
  }
  let data: unknown;
  try {
    // maxAliasCount bounds the expanded size: an alias that expands to a huge tree is refused.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    fail({ code: "CFG006", message: `YAML aliases expand too far: ${(err as Error).message}`, hint: "write the values out instead of aliasing them" });
  }
  return { source: { file, doc, lines }, data };
}

function positionalParse(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  return { doc, lines };
}

function yamlErrorToDiagnostic(file: string, lines: LineCounter, e: YAMLError): Diagnostic {
  const { line, col } = lines.linePos(e.pos[0]);
  const duplicate = e.code === "DUPLICATE_KEY";
  const message = e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  return {
    file,
    line,
    col,
    code: duplicate ? "CFG005" : "CFG004",
    severity: "error",
    message: duplicate ? `duplicate key: ${message}` : `invalid YAML: ${message}`,
    hint: duplicate ? "remove or rename one of the two keys; YAML tools disagree on which one wins" : "check indentation and quoting near this position",
  };
}

function lineColAt(buf: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (buf[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, col: offset - start + 1 };
}
