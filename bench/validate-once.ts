/** One measured validation run in a fresh process: prints JSON {ms, resources, statuses, maxRssMiB}. */
import { DEFAULT_LOCATIONS, discoverFiles, SchemaRegistry, validatePaths } from "../generator/validate/index.js";

const dir = process.argv[2]!;
const t0 = performance.now();
const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
const results = validatePaths(discoverFiles([dir], []), { registry, strict: true, ignoreMissingSchemas: false, skip: new Set(), reject: new Set() });
const ms = performance.now() - t0;
const statuses: Record<string, number> = {};
for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
process.stdout.write(JSON.stringify({ ms, resources: results.length, statuses, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + "\n");
