import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKubeconform } from "../../../generator/cli/kubeconform.js";
import { PARALLEL_MIN_BYTES, workerCount } from "../../../generator/validate/parallel.js";
import { tempDir } from "../../helpers/tree.js";

const deployment = (i: number, replicas: unknown) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: nginx
          image: nginx:1.27.4
          ports: [{ containerPort: 8080 }]
`;

/** Four files, together above the threshold; one resource in file 2 is invalid. */
function corpus(): string[] {
  const dir = tempDir();
  const perFile = Math.ceil(PARALLEL_MIN_BYTES / 4 / deployment(0, 1).length) + 10;
  return [0, 1, 2, 3].map((f) => {
    const docs = Array.from({ length: perFile }, (_, i) => deployment(f * 100_000 + i, f === 2 && i === 7 ? '"three"' : 1));
    const path = join(dir, `part-${f}.yaml`);
    writeFileSync(path, docs.join("---\n"));
    return path;
  });
}

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await runKubeconform(args, { stdin: process.stdin, stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true } });
  return { code, out };
}

describe("-n: worker threads", () => {
  const files = corpus();

  it("uses workers only for several files of 2 MiB or more in all", () => {
    expect(workerCount(2, files)).toBe(2);
    expect(workerCount(1, files)).toBe(0);
    expect(workerCount(2, files.slice(0, 1))).toBe(0);
  });

  it("gives exactly the single-threaded output, in file order, and the same exit code", async () => {
    const one = await run(["-strict", "-summary", "-verbose", "-output", "json", "-n", "1", ...files]);
    const two = await run(["-strict", "-summary", "-verbose", "-output", "json", "-n", "2", ...files]);
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(two.out).toBe(one.out);
    const parsed = JSON.parse(two.out) as { resources: { filename: string; status: string }[]; summary: Record<string, number> };
    expect(parsed.resources.filter((r) => r.status === "statusInvalid").map((r) => r.filename)).toEqual([files[2]]);
  }, 60_000);

  it("stops at the first error with -exit-on-error", async () => {
    const r = await run(["-strict", "-exit-on-error", "-output", "json", "-n", "2", ...files]);
    expect(r.code).toBe(1);
    const names = (JSON.parse(r.out) as { resources: { filename: string }[] }).resources.map((x) => x.filename);
    expect(names).toEqual([files[2]]);
  }, 60_000);

  it("refuses a non-numeric -n as kubeconform's flag parser does", async () => {
    const r = await run(["-n", "two", files[0]!]);
    expect(r.code).toBe(1);
  });
});
