import { readFileSync, readdirSync } from "node:fs";
import { loadAll } from "js-yaml";
import { checkSemantics } from "../generator/validate/semantic/index.js";
import { SchemaRegistry, DEFAULT_LOCATIONS, validateYamlText } from "../generator/validate/index.js";
const dir = "/tmp/kcbench/corpus";
const files = readdirSync(dir).map((f) => readFileSync(`${dir}/${f}`, "utf8"));
const objs = files.flatMap((t) => loadAll(t) as unknown[]);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (let round = 0; round < 3; round++) {
  let t = cpu(); let n = 0;
  for (const o of objs) n += checkSemantics(o).length;
  const sem = cpu() - t;
  const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
  t = cpu();
  for (const f of files) validateYamlText("x", f, { registry, strict: true, ignoreMissingSchemas: false, skip: new Set(), reject: new Set() });
  const val = cpu() - t;
  console.log(`objects ${objs.length} findings ${n} semantic ${sem.toFixed(0)} ms cpu; schema validation ${val.toFixed(0)} ms cpu; +${(100 * sem / val).toFixed(1)}%`);
}
