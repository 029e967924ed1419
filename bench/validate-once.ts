/**
 * One measured validation run in a fresh process, through the kubeconform-compatible CLI with the flags the
 * real binary gets (-strict -summary -n N): prints JSON {ms, resources, summary, maxRssMiB}.
 */
import { runKubeconform } from "../generator/cli/kubeconform.js";

const [dir, n] = process.argv.slice(2) as [string, string];
let out = "";
const t0 = performance.now();
const code = await runKubeconform(["-strict", "-summary", "-n", n, dir], {
  stdin: process.stdin,
  stdout: { write: (s: string) => (out += s) },
  stderr: process.stderr,
});
const ms = performance.now() - t0;
const summary = out.trim().split("\n").pop() ?? "";
const resources = Number(/Summary: (\d+) resources/.exec(summary)?.[1] ?? NaN);
process.stdout.write(JSON.stringify({ code, ms, resources, summary, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + "\n");
