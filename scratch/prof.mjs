import { readFileSync, readdirSync } from "node:fs";
const dir = "/tmp/prof"; const f = readdirSync(dir)[0];
const p = JSON.parse(readFileSync(`${dir}/${f}`, "utf8"));
const self = new Map(); const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = new Map(); p.samples.forEach((s, i) => dt.set(s, (dt.get(s) ?? 0) + (p.timeDeltas[i] ?? 0)));
for (const [id, t] of dt) { const n = byId.get(id); const key = `${n.callFrame.functionName || "(anon)"} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + t); }
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFile = new Map(); for (const [k, t] of self) { const file = k.split(" ")[1].split(":")[0]; byFile.set(file, (byFile.get(file) ?? 0) + t); }
console.log("total ms", (total/1000).toFixed(0));
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((t/1000).toFixed(0).padStart(6), k);
console.log("--- by file");
for (const [k, t] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log((t/1000).toFixed(0).padStart(6), k);
