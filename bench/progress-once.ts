/**
 * One `gen` or `validate` in a fresh process with the progress line forced on (stderr a terminal that throws
 * the bytes away) or off (not a terminal): prints JSON {ms, progressMs, draws, bytes}. With it on, every call
 * into Progress is timed (outermost calls only), so progressMs is the line's own cost in this very run.
 */
import { runGen } from "../generator/cli/gen.js";
import { Progress } from "../generator/cli/progress.js";
import { runValidate } from "../generator/cli/validate.js";

const [command, config, out, mode] = process.argv.slice(2) as ["gen" | "validate", string, string, "on" | "off"];
delete process.env.CI;
delete process.env.GITHUB_ACTIONS;
let progressMs = 0;
let depth = 0;
let draws = 0;
let bytes = 0;
if (mode === "on") {
  const proto = Progress.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ["phase", "update", "stop", "draw", "clear", "text"]) {
    const original = proto[name]!;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      if (name === "draw") draws++;
      const t0 = depth++ === 0 ? performance.now() : 0;
      try {
        return original.apply(this, args);
      } finally {
        if (--depth === 0) progressMs += performance.now() - t0;
      }
    };
  }
}
const stderr = { isTTY: mode === "on", columns: 120, write: (s: string) => ((bytes += s.length), true) };
const stdout = { write: () => true };
const args = ["--config", config, "--out", out];
const t0 = performance.now();
const code = command === "gen" ? await runGen(args, { stdout, stderr }) : await runValidate(args, { stdout, stderr });
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ code, ms, progressMs, draws, bytes }) + "\n");
