/**
 * Runs the write stage in a child process and kills itself with SIGKILL right after the named step, the way
 * a power cut or `kill -9` would. Input: a JSON job on argv[2] {root, files, crashAt?}. Prints the steps seen.
 */
import { writeTree } from "../../generator/write/index.js";

const job = JSON.parse(process.argv[2]!) as { root: string; files: { path: string; content: string }[]; crashAt?: string };
const steps: string[] = [];
await writeTree(job.root, job.files, {
  version: "0.0.0-test",
  onStep(step) {
    steps.push(step);
    if (step === job.crashAt) process.kill(process.pid, "SIGKILL");
  },
});
process.stdout.write(JSON.stringify(steps));
