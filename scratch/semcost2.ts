import { readFileSync, readdirSync } from "node:fs";
import { loadAll } from "js-yaml";
import { checkSemantics } from "../generator/validate/semantic/index.js";
const dir = "/tmp/kcbench/corpus";
const objs = readdirSync(dir).slice(0, 10).flatMap((f) => loadAll(readFileSync(`${dir}/${f}`, "utf8")) as unknown[]);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const times: number[] = [];
for (let round = 0; round < 15; round++) { const t = cpu(); for (const o of objs) checkSemantics(o); times.push(cpu() - t); }
times.sort((a, b) => a - b);
console.log(`${objs.length} objects: min ${times[0]!.toFixed(1)} ms, median ${times[7]!.toFixed(1)} ms => ${(1000 * times[0]! / objs.length).toFixed(1)} us/object`);
