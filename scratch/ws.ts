import { cachedBundle, sourcesBelow } from "../bin/bundle.mjs";
import { join } from "node:path";
const ROOT = process.cwd();
try {
  const b = await cachedBundle({ root: ROOT, entry: join(ROOT, "generator/validate/worker.ts"), name: "validate-worker", sources: sourcesBelow(join(ROOT, "generator")) });
  console.log(b);
} catch (e) { console.log("ERR", e); }
