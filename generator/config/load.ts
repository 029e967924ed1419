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
      hint: "point --config at gitops.config.yaml (a config is a few KB), not at a generated or binary file",
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
    // One syntax error derails the parser: what follows it (often on an unrelated line) is noise. Report
    // the first one only; duplicate keys are independent of each other and are all reported.
    const syntax = errors.filter((e) => e.code !== "DUPLICATE_KEY").sort((a, b) => a.pos[0] - b.pos[0]);
    const reported = syntax.length > 0 ? [syntax[0]!] : errors;
    throw new DiagnosticError(reported.map((e) => yamlErrorToDiagnostic(file, lines, e, text)));
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

function yamlErrorToDiagnostic(file: string, lines: LineCounter, e: YAMLError, text: string): Diagnostic {
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
    hint: duplicate ? "remove or rename one of the two keys; YAML tools disagree on which one wins" : syntaxHint(text, line, e.code, message),
  };
}

/**
 * A fix for a YAML syntax error, in terms of the indentation of the line it is on: most syntax errors in a
 * hand-edited config are a tab or a key one column off.
 */
export function syntaxHint(text: string, line: number, code: string, message = ""): string {
  const all = text.split("\n");
  const here = all[line - 1] ?? "";
  if (/quote|flow (sequence|mapping)|\]|\}/i.test(message) && code !== "TAB_AS_INDENT") {
    return `close the quote or bracket still open at line ${line} (it opens on this line or above), or quote the whole value`;
  }
  // The nearest line above that holds a key or an item (not blank, not a comment).
  let above = line - 2;
  while (above >= 0 && /^\s*(#.*)?$/.test(all[above]!)) above--;
  const prev = above >= 0 ? all[above]!.replace(/\t/g, " ") : undefined;
  let like = "";
  if (prev !== undefined) {
    const item = /^( *)- +/.exec(prev);
    const keyCol = item ? item[0].length : /^ */.exec(prev)![0].length;
    const key = prev.trim().replace(/^- +/, "");
    like = /:\s*(#.*)?$/.test(prev)
      ? ` (more than the ${keyCol} spaces of "${key}" on line ${above + 1} if it belongs under that key)`
      : ` (${keyCol} spaces, like "${key}" on line ${above + 1})`;
  }
  if (code === "TAB_AS_INDENT" || /^ *\t/.test(here)) {
    return `replace the tab at the start of line ${line} with spaces${like}: YAML indents with spaces only`;
  }
  if (["BAD_INDENT", "MISSING_CHAR", "BLOCK_AS_IMPLICIT_KEY", "MULTILINE_IMPLICIT_KEY", "UNEXPECTED_TOKEN"].includes(code)) {
    return `indent line ${line} with spaces to the column of the keys it belongs with${like}; write "key: value" with a space after the colon`;
  }
  return `fix the YAML on line ${line}: indent with spaces only, keys of one map in the same column, a space after each key's colon`;
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
