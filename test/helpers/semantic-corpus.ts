/**
 * test/fixtures/semantic: one manifest per case, each starting with comment lines that say where it comes
 * from and what to expect (README.md there):
 *
 *   # source: <upstream test or validation function, file>
 *   # expect: valid                    (or one line per expected error: CODE FIELD, e.g. API019 spec.containers[0].resources.requests)
 *   # expect-server: admitted ...      (optional: the real server admits it although we refuse it, a deliberate difference)
 *   # expect-server: refused TEXT      (optional: the server refuses it before validation, with TEXT in its message)
 *
 * `[]` is the field of an error at field.NewPath("") (a ConfigMap's total size).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const SEMANTIC_CORPUS = fileURLToPath(new URL("../fixtures/semantic/", import.meta.url));

export interface ExpectedError {
  code: string;
  field: string;
}

export interface CorpusCase {
  /** Path under test/fixtures/semantic, e.g. "pod/api019-cpu-request-over-limit.yaml". */
  name: string;
  path: string;
  text: string;
  source: string;
  /** Empty for `# expect: valid`. */
  expected: ExpectedError[];
  /** What the real server does, when it is not what `expected` implies. */
  server?: { verdict: "admitted" | "refused"; text: string };
}

function walk(dir: string, out: string[]): string[] {
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (f.endsWith(".yaml")) out.push(p);
  }
  return out;
}

export function parseCase(path: string, text: string): CorpusCase {
  const name = relative(SEMANTIC_CORPUS, path).split("\\").join("/");
  const header = text.split("\n").filter((l) => l.startsWith("# "));
  const sources = header.filter((l) => l.startsWith("# source: ")).map((l) => l.slice("# source: ".length).trim());
  if (sources.length !== 1) throw new Error(`${name}: needs exactly one "# source:" line`);
  const expects = header.filter((l) => l.startsWith("# expect: ")).map((l) => l.slice("# expect: ".length).trim());
  if (expects.length === 0) throw new Error(`${name}: needs "# expect: valid" or "# expect: CODE FIELD" lines`);
  if (expects.includes("valid") && expects.length > 1) throw new Error(`${name}: "# expect: valid" with errors`);
  const expected = expects
    .filter((e) => e !== "valid")
    .map((e) => {
      const m = /^(API\d{3}) (.+)$/.exec(e);
      if (!m) throw new Error(`${name}: bad expect line "${e}"`);
      return { code: m[1]!, field: m[2]! };
    });
  const servers = header.filter((l) => l.startsWith("# expect-server: ")).map((l) => l.slice("# expect-server: ".length).trim());
  if (servers.length > 1) throw new Error(`${name}: more than one "# expect-server:" line`);
  let server: CorpusCase["server"];
  if (servers.length === 1) {
    const m = /^(admitted|refused)\b\s*(.*)$/.exec(servers[0]!);
    if (!m) throw new Error(`${name}: bad expect-server line "${servers[0]}"`);
    server = { verdict: m[1] as "admitted" | "refused", text: m[2]! };
    if (server.verdict === "refused" && server.text === "") throw new Error(`${name}: "expect-server: refused" needs the text of the server's message`);
  }
  return { name, path, text, source: sources[0]!, expected, ...(server ? { server } : {}) };
}

export function loadSemanticCorpus(): CorpusCase[] {
  return walk(SEMANTIC_CORPUS, []).map((p) => parseCase(p, readFileSync(p, "utf8")));
}

export const pairKey = (e: ExpectedError) => `${e.code} ${e.field}`;
