import { readFileSync } from "node:fs";
import { loadAll } from "js-yaml";
import { checkSemantics, formatFieldError } from "/work/main/generator/validate/semantic/index.ts";
for (const f of process.argv.slice(2)) {
  let docs: unknown[] = [];
  try { docs = loadAll(readFileSync(f, "utf8")); } catch { continue; }
  for (const d of docs) for (const e of checkSemantics(d)) console.log(f, e.code, formatFieldError(e), e.pointer);
}
