import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import Ajv from "ajv";
import * as standalone from "ajv/dist/standalone/index.js";
const toCode: any = (standalone as any).default.default ?? (standalone as any).default;
const file = process.argv[2]!;
const schema = JSON.parse(readFileSync(file, "utf8"));
delete schema.$schema; delete schema.$id;
function dedupe(root: any, minSize: number) {
  const count = new Map<string, number>();
  const ser = (n: any) => JSON.stringify(n);
  const walk = (n: any, top: boolean) => {
    if (!n || typeof n !== "object") return;
    if (!Array.isArray(n) && !top) { const s = ser(n); if (s.length >= minSize) count.set(s, (count.get(s) ?? 0) + 1); }
    for (const v of Object.values(n)) walk(v, false);
  };
  walk(root, true);
  const defs: Record<string, any> = {};
  const names = new Map<string, string>();
  const replace = (n: any, top: boolean): any => {
    if (!n || typeof n !== "object") return n;
    if (Array.isArray(n)) return n.map((x) => replace(x, false));
    const s = ser(n);
    if (!top && (count.get(s) ?? 0) > 1) {
      let name = names.get(s);
      if (!name) { name = "d" + createHash("sha1").update(s).digest("hex").slice(0, 12); names.set(s, name); defs[name] = null; defs[name] = replaceChildren(n); }
      return { $ref: `#/$defs/${name}` };
    }
    return replaceChildren(n);
  };
  const replaceChildren = (n: any) => { const o: any = {}; for (const [k, v] of Object.entries(n)) o[k] = (k === "properties" || k === "patternProperties" || k === "definitions" || k === "$defs") && v && typeof v === "object" ? Object.fromEntries(Object.entries(v as any).map(([pk, pv]) => [pk, replace(pv, false)])) : replace(v, false); return o; };
  const out = replaceChildren(root);
  out.$defs = defs;
  return out;
}
for (const [label, verbose, dd] of [["verbose", true, 0], ["noverbose", false, 0], ["verbose+dedupe", true, 200], ["noverbose+dedupe", false, 200]] as const) {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false, verbose, code: { source: true } });
  const s = dd ? dedupe(schema, dd) : schema;
  const t0 = performance.now();
  const v = ajv.compile(s);
  const code = toCode(ajv, v);
  console.log(label, "code", (code.length / 1e6).toFixed(2), "MB compile", (performance.now() - t0).toFixed(0), "ms");
}
