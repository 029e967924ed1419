/**
 * Crash injection from outside: a child process writes tree A, then B, then A... in a loop, and the test kills
 * it with SIGKILL at a random moment (write-crash.test.ts kills at each step boundary from inside). GIVEN
 * the kill lands anywhere (mid-write, mid-fsync, mid-rename, mid-prune), THEN every visible file is whole (its
 * A or its B bytes, never torn or foreign), the tree is exactly A or exactly B unless the journal is there to
 * explain it, and a plain run afterwards (no --force) leaves exactly the tree it is asked for.
 * The moments are random; the seed is printed (WRITE_CRASH_SEED=<n> replays the same delays).
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { GeneratedFile } from "../../generator/render/generated-file.js";
import { JOURNAL_PATH, writeTree } from "../../generator/write/index.js";
import { REPO_ROOT, TSX_LOADER } from "../helpers/cli.js";
import { readTree, tempDir, withoutTemps } from "../helpers/write-tree.js";

const CHILD = join(REPO_ROOT, "test", "helpers", "write-loop-child.ts");
const V = { version: "0.0.0-test" };
const KILLS = 10;

// Enough files that one write takes a while: the kill then rarely lands between two writes.
const A: GeneratedFile[] = [
  ...Array.from({ length: 30 }, (_, i) => ({ path: `base/app${i % 5}/file${i}.yaml`, content: `a: ${i}\n${"x".repeat(2000)}\n` })),
  ...Array.from({ length: 10 }, (_, i) => ({ path: `overlays/old/p${i}/patch.yaml`, content: `old: ${i}\n` })),
];
const B: GeneratedFile[] = [
  ...Array.from({ length: 30 }, (_, i) => ({ path: `base/app${i % 5}/file${i}.yaml`, content: i % 3 === 0 ? `a: ${i}\n${"x".repeat(2000)}\n` : `b: ${i}\n${"y".repeat(3000)}\n` })),
  ...Array.from({ length: 10 }, (_, i) => ({ path: `overlays/new/q${i}/deep/patch.yaml`, content: `new: ${i}\n` })),
];

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the looping writer in root and kills it delayMs after its first write completes. */
function killWhileWriting(root: string, delayMs: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const jobFile = join(tempDir(), "job.json");
    writeFileSync(jobFile, JSON.stringify({ outDir: root, trees: [A, B] }));
    const child = spawn(process.execPath, ["--import", TSX_LOADER, CHILD, jobFile], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) setTimeout(() => child.kill("SIGKILL"), delayMs);
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => (signal ? resolve(signal) : reject(new Error(`writer exited by itself (${code}): ${stderr}`))));
  });
}

describe("a write loop killed from outside at random moments", async () => {
  const seed = Number(process.env.WRITE_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  console.info(`[write-crash-random] seed ${seed} (replay with WRITE_CRASH_SEED=${seed})`);
  const random = prng(seed);
  const expected = async (files: GeneratedFile[]) => {
    const dir = tempDir();
    await writeTree(dir, files, V);
    return readTree(dir);
  };
  const [treeA, treeB] = [await expected(A), await expected(B)];
  const versions = (p: string) => [treeA[p], treeB[p]].filter((c) => c !== undefined);
  const delays = Array.from({ length: KILLS }, () => Math.floor(random() * 60));

  it.each(delays.map((d, i) => [i + 1, d]))("kill %i (%i ms after the first write): whole files, A or B or journaled, then recovers", async (_n, delay) => {
    const root = tempDir();
    expect(await killWhileWriting(root, delay)).toBe("SIGKILL");

    const visible = withoutTemps(readTree(root));
    const journaled = JOURNAL_PATH in visible;
    // Every visible generated file holds exactly its A or its B bytes (the manifest and journal aside).
    for (const [p, content] of Object.entries(visible)) {
      if (p.startsWith(".gitops/")) continue;
      expect(versions(p), `${p} is not a file of A or B`).not.toEqual([]);
      expect(versions(p), `${p} is torn`).toContain(content);
    }
    if (!journaled) expect([treeA, treeB], "no journal, yet the tree is neither A nor B").toContainEqual(visible);
    const temps = Object.keys(readTree(root)).filter((p) => p.endsWith(".gitops-tmp")).length;
    console.info(`[write-crash-random] ${delay} ms: ${journaled ? "journaled" : JSON.stringify(visible) === JSON.stringify(treeA) ? "A" : "B"}, ${temps} temp file(s)`);

    // Recovery: a plain run reaches exactly the tree asked for, whichever that is.
    const target = random() < 0.5 ? A : B;
    await writeTree(root, target, V);
    expect(readTree(root)).toEqual(target === A ? treeA : treeB);
  });
});
