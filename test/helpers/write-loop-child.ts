/**
 * Writes two trees into one folder in turn, forever (A, B, A, B...), so that a kill from outside at any
 * moment lands inside the write protocol. Input: the path of a JSON job file on argv[2]
 * {outDir, trees: [A, B]} (a file: the trees are too large for one argv entry). Prints
 * "ready" once the first write is done; the parent then kills it with SIGKILL after a random delay.
 */
import { readFileSync } from "node:fs";
import { writeTree } from "../../generator/write/index.js";

interface Job {
  outDir: string;
  trees: { path: string; content: string }[][];
}

const job = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as Job;
await writeTree(job.outDir, job.trees[0]!, { version: "0.0.0-test", force: false });
process.stdout.write("ready\n");
for (let i = 1; ; i++) await writeTree(job.outDir, job.trees[i % job.trees.length]!, { version: "0.0.0-test", force: false });
