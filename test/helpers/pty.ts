/**
 * The real CLI under a pseudo-terminal (util-linux `script`), and what a terminal shows of its output.
 */
import { spawnSync } from "node:child_process";
import { LAUNCHER } from "./cli.js";

export interface PtyResult {
  code: number | null;
  /** Everything the terminal received (stdout and stderr both go to it), as bytes decoded. */
  raw: string;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Whether `script -qec` (util-linux) runs here. */
export function ptyAvailable(): boolean {
  const r = spawnSync("script", ["-qec", "true", "/dev/null"], { stdio: "ignore" });
  return r.status === 0;
}

/** Runs `node bin/sidecar-gitops.mjs ARGS` on a terminal `columns` wide (0: the pty's default, no width). */
export function runCliInPty(cwd: string, args: string[], env: Record<string, string> = {}, columns = 0): PtyResult {
  const command = [columns > 0 ? `stty cols ${columns};` : "", "exec", quote(process.execPath), quote(LAUNCHER), ...args.map(quote)].join(" ");
  const r = spawnSync("script", ["-qec", command, "/dev/null"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, GITHUB_ACTIONS: "", CI: "", TERM: "xterm", ...env },
  });
  return { code: r.status, raw: r.stdout };
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
