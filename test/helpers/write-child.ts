/**
 * Runs the write stage in a child process and kills itself with SIGKILL right after the named step, the way
 * a power cut or `kill -9` would (no finally blocks, no exit handlers). Input: a JSON job on argv[2]
 * {outDir, files, crashAt?, force?}. Prints the steps it saw as JSON when it is not killed.
 */
import { writeTree } from "../../generator/write/index.js";

interface Job {
  outDir: string;
  files: { path: string; content: string }[];
  crashAt?: string;
  force?: boolean;
}

const job = JSON.parse(process.argv[2]!) as Job;
const steps: string[] = [];
await writeTree(job.outDir, job.files, {
  version: "0.0.0-test",
  force: job.force ?? false,
  onStep(step) {
    steps.push(step);
    if (step === job.crashAt) process.kill(process.pid, "SIGKILL");
  },
});
process.stdout.write(JSON.stringify(steps));
