/**
 * The real CLI under a pseudo-terminal (`script -qc`, util-linux's or BusyBox's: every Linux base system has
 * one, and the kubectl `npm ci` bundles is a Linux binary, so the suite's machines are Linux), and what a
 * terminal shows of its output. node-pty would need a native build (no compiler on a machine with only Node).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LAUNCHER } from "./cli.js";
import { tempDir } from "./tree.js";

export interface PtyResult {
  code: number | null;
  /** Everything the terminal received (stdout and stderr both go to it), as bytes decoded. */
  raw: string;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Whether `script -qc` runs a command on a pseudo-terminal here. */
export function ptyAvailable(): boolean {
  const r = spawnSync("script", ["-qc", "test -t 2", "/dev/null"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return r.status === 0 && r.error === undefined;
}

/** Runs `node bin/sidecar-gitops.mjs ARGS` on a terminal `columns` wide (0: the pty's default, no width). */
export function runCliInPty(cwd: string, args: string[], env: Record<string, string> = {}, columns = 0): PtyResult {
  // The exit code through a file: BusyBox's script has no -e to pass it on.
  const codeFile = join(tempDir("sidecar-gitops-pty-"), "code");
  const command = [columns > 0 ? `stty cols ${columns};` : "", quote(process.execPath), quote(LAUNCHER), ...args.map(quote), `; echo $? > ${quote(codeFile)}`].join(" ");
  const r = spawnSync("script", ["-qc", command, "/dev/null"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, GITHUB_ACTIONS: "", CI: "", TERM: "xterm", ...env },
  });
  if (r.status !== 0) throw new Error(`script failed (${r.status}): ${r.stderr}`);
  return { code: Number(readFileSync(codeFile, "utf8").trim()), raw: r.stdout };
}

/**
 * The screen a terminal is left with: "\r" returns to the line's start, "\n" starts a new line, ESC [ K
 * erases to the end of the line, other characters overwrite. Any other control sequence throws: the CLI
 * must not send what this does not understand.
 */
export function finalScreen(raw: string): string[] {
  const lines: string[] = [""];
  let col = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const row = lines.length - 1;
    if (c === "\r") col = 0;
    else if (c === "\n") {
      lines.push("");
      col = 0;
    } else if (c === "\x1b") {
      if (raw.startsWith("\x1b[K", i)) {
        lines[row] = lines[row]!.slice(0, col);
        i += 2;
      } else throw new Error(`unexpected control sequence ${JSON.stringify(raw.slice(i, i + 8))}`);
    } else {
      const line = lines[row]!.padEnd(col);
      lines[row] = line.slice(0, col) + c + line.slice(col + 1);
      col++;
    }
  }
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Each progress line drawn, in order: the text after a "\r" up to the erase that ends it. */
export function drawnLines(raw: string): string[] {
  return [...raw.matchAll(/\r([^\r\n\x1b]+)\x1b\[K/g)].map((m) => m[1]!);
}
