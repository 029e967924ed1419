/**
 * The README's promise for promote ("only the lines of the changed values change") as a property: random
 * configs written the many ways people write YAML (flow sequences and maps, padded or not, blank lines,
 * aligned trailing comments, plain, single- and double-quoted tags, overrides in block or flow style), a
 * promote, and a line diff that touches exactly the promoted tags' lines (or the flow line that gets a new
 * override), inserting nothing but the override's keys.
 */
import { diffArrays } from "diff";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, parseDocument, type Node, type YAMLMap } from "yaml";
import { planPromotion } from "../../../generator/cli/promote.js";
import { editConfigText } from "../../../generator/config/edit.js";
import { parseConfigText } from "../../../generator/config/load.js";
import { modelFromText } from "../../helpers/config.js";

/** mulberry32: a small seeded PRNG, so a failure names its seed and replays. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APPS = ["web", "api", "worker", "checkout"];
const ENVS = ["dev", "staging", "prod"];
const DIGEST = (r: () => number) => `sha256:${Array.from({ length: 64 }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("")}`;

interface Generated {
  text: string;
  /** app → its container names (main first). */
  containers: Map<string, string[]>;
}

/** A valid config, formatted at random. */
function generate(seed: number): Generated {
  const r = rng(seed);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const version = () => pick(["1", "2", "10"]) + "." + Math.floor(r() * 30) + "." + Math.floor(r() * 10) + pick(["", "", "-alpine", "-r1"]);
  const quoted = (v: string) => {
    const style = pick(["plain", "single", "double"]);
    // A plain tag must read back as a string: 1.2.3 does, 1.30 would be a number.
    if (style === "plain" && !/^\d+(\.\d+)?$/.test(v)) return v;
    return style === "single" ? `'${v}'` : `"${v}"`;
  };
  const commentCol = pick([0, 40, 48]);
  const trailing = (line: string, text: string) => {
    if (!chance(0.35)) return line;
    if (commentCol === 0 || line.length + 1 >= commentCol) return `${line} # ${text}`;
    return `${line}${" ".repeat(commentCol - line.length)}# ${text}`;
  };
  const blank = () => (chance(0.3) ? [""] : []);
  const padded = chance(0.5);
  const flow = (inner: string) => (padded ? `{ ${inner} }` : `{${inner}}`);
  const seq = (inner: string) => (chance(0.5) ? `[ ${inner} ]` : `[${inner}]`);

  const lines: string[] = ["# yaml-language-server: $schema=./schemas/gitops.config.schema.json", ...blank(), "project:", "  name: shop", ...blank(), "apps:"];
  const containers = new Map<string, string[]>();
  const apps = APPS.slice(0, 1 + Math.floor(r() * APPS.length));
  for (const app of apps) {
    const main = pick(["app", "api", "server"]);
    const names = [main];
    lines.push(trailing(`  - name: ${app}`, `the ${app} service`), "    main:", `      name: ${main}`, `      image: registry.example.com/shop/${app}`);
    lines.push(trailing(`      tag: ${quoted(version())}`, "pinned by CI"));
    lines.push("      port: 8080");
    if (chance(0.5)) lines.push(trailing(`      args: ${seq("--port=8080, --log=json")}`, "flags"));
    if (chance(0.5)) lines.push("      resources:", `        requests: ${flow("cpu: 10m, memory: 16Mi")}`, `        limits: ${flow("cpu: 100m, memory: 64Mi")}`);
    else lines.push(`      resources: ${flow(`requests: ${flow("cpu: 10m, memory: 16Mi")}, limits: ${flow("cpu: 100m, memory: 64Mi")}`)}`);
    if (chance(0.6)) {
      const side = pick(["proxy", "shipper"]);
      names.push(side);
      lines.push(...blank(), "    sidecars:", "      - type: custom", `        name: ${side}`, "        image: docker.io/library/busybox", trailing(`        tag: ${quoted(version())}`, "sidecar"));
      lines.push(trailing(`        args: ${seq("--upstream=127.0.0.1:8080, --listen=:9000")}`, "proxy args"));
      lines.push(`        resources: ${flow(`requests: ${flow("cpu: 5m, memory: 8Mi")}, limits: ${flow("cpu: 50m, memory: 32Mi")}`)}`);
    }
    containers.set(app, names);
    lines.push(...blank());
  }
  lines.push("environments:");
  for (const env of ENVS) {
    const overrides: [string, string, string[]][] = [];
    for (const app of apps) {
      for (const c of containers.get(app)!) {
        if (chance(0.35)) {
          const fields = [`tag: ${quoted(version())}`];
          if (env !== "prod" && chance(0.3)) fields.push(`digest: ${quoted(DIGEST(r))}`);
          overrides.push([app, c, fields]);
        }
      }
    }
    const style = overrides.length === 0 ? pick(["empty", "flow", "block"]) : pick(["block", "block", "flow"]);
    if (style === "empty") {
      lines.push(trailing(`  ${env}: {}`, "defaults"));
    } else if (style === "flow" && overrides.length === 0) {
      lines.push(trailing(`  ${env}: ${flow(`replicas: ${1 + Math.floor(r() * 3)}`)}`, "replicas"));
    } else if (style === "flow") {
      const byApp = new Map<string, string[]>();
      for (const [app, c, fields] of overrides) byApp.set(app, [...(byApp.get(app) ?? []), `${c}: ${flow(fields.join(", "))}`]);
      const appsFlow = [...byApp].map(([app, cs]) => `${app}: ${flow(`containers: ${flow(cs.join(", "))}`)}`).join(", ");
      lines.push(`  ${env}: ${flow(`replicas: 2, apps: ${flow(appsFlow)}`)}`);
    } else {
      lines.push(`  ${env}:`, trailing(`    replicas: ${1 + Math.floor(r() * 3)}`, "replicas"));
      if (overrides.length > 0) {
        lines.push("    apps:");
        let last = "";
        for (const [app, c, fields] of overrides) {
          if (app !== last) lines.push(`      ${app}:`, "        containers:");
          last = app;
          if (chance(0.3)) lines.push(trailing(`          ${c}: ${flow(fields.join(", "))}`, "override"));
          else lines.push(`          ${c}:`, ...fields.map((f) => trailing(`            ${f}`, "override")));
        }
      }
    }
    lines.push(...blank());
  }
  lines.push("delivery:", "  repoURL: https://github.com/example/shop.git", "  revision: main");
  lines.push(trailing(`  engines: ${seq("flux")}`, "Flux only"));
  lines.push("  clusters:", `    main: ${flow("server: https://kubernetes.default.svc")}`);
  return { text: lines.join("\n") + "\n", containers };
}

/** 0-based lines of the original a promotion of (app, container) into `to` may rewrite: its tag or digest line, or the flow line that gets the override. */
function touchableLines(text: string, to: string, app: string, container: string): Set<number> {
  const doc = parseDocument(text);
  const lineOf = (offset: number) => text.slice(0, offset).split("\n").length - 1;
  const out = new Set<number>();
  let node: unknown = doc.contents;
  const path = ["environments", to, "apps", app, "containers", container];
  for (const key of path) {
    const map = node as YAMLMap;
    if (isMap(map) && map.flow) {
      for (let l = lineOf(map.range![0]); l <= lineOf(map.range![1]); l++) out.add(l);
      return out;
    }
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
    if (!pair) return out;
    const value = pair.value as Node | null;
    if (value === null || (isScalar(value) && value.value === null) || (isMap(value) && value.flow && value.items.length === 0)) {
      out.add(lineOf((pair.key as Node).range![0]));
      return out;
    }
    node = value;
  }
  const map = node as YAMLMap;
  if (map.flow) for (let l = lineOf(map.range![0]); l <= lineOf(map.range![1]); l++) out.add(l);
  for (const p of map.items) if (isScalar(p.key) && (p.key.value === "tag" || p.key.value === "digest")) out.add(lineOf((p.value as Node).range![0]));
  return out;
}

describe("promote edits only its lines (property)", () => {
  const SEEDS = Array.from({ length: 120 }, (_, i) => 1000 + i);

  it.each(SEEDS)("seed %i: the line diff touches exactly the promoted tags", (seed) => {
    const { text, containers } = generate(seed);
    const model = modelFromText(text);
    const r = rng(seed * 7);
    const [from, to] = r() < 0.5 ? ["dev", "staging"] : ["staging", "prod"];
    const appNames = [...containers.keys()];
    const only = r() < 0.3 ? appNames[Math.floor(r() * appNames.length)] : undefined;
    const { promotions, edits } = planPromotion(model, "gitops.config.yaml", parseConfigText("gitops.config.yaml", text).source, { from: from!, to: to!, ...(only ? { app: only } : {}), force: true });
    const edited = editConfigText(text, edits);

    // What it means: --to now runs exactly what --from runs (for the promoted apps), every other environment as before.
    const after = modelFromText(edited);
    for (const env of model.environments) {
      const now = after.environments.find((e) => e.name === env.name)!;
      for (const ea of env.apps) {
        const images = (e: typeof ea) => e.images.map(({ container, tag, digest }) => ({ container, tag, digest }));
        const expected = env.name === to && (only === undefined || ea.app === only) ? model.environments.find((e) => e.name === from)!.apps.find((a) => a.app === ea.app)! : ea;
        expect(images(now.apps.find((a) => a.app === ea.app)!), `${env.name}/${ea.app}`).toEqual(images(expected));
      }
    }

    // What it touches: the lines of the promoted tags (or the flow line that gets the override), nothing else.
    const allowed = new Set<number>();
    for (const p of promotions) for (const l of touchableLines(text, to!, p.app, p.container)) allowed.add(l);
    const before = text.split("\n");
    const keyWords = new Set(["apps", "containers", "tag", "digest", ...appNames, ...[...containers.values()].flat()]);
    let line = 0;
    let removed: string[] = [];
    const pairs: [string, string][] = [];
    for (const part of diffArrays(before, edited.split("\n"))) {
      if (part.removed) {
        for (let i = 0; i < part.count!; i++) expect(allowed.has(line + i), `seed ${seed}: line ${line + i + 1} changed: ${before[line + i]}\n${edited}`).toBe(true);
        line += part.count!;
        removed = part.value;
      } else if (part.added) {
        if (removed.length === 0) {
          // A pure insertion: only the override's keys, in block style.
          for (const l of part.value) {
            const m = /^( *)([a-z][a-z0-9-]*):(?: "([^"]*)")?$/.exec(l);
            expect(m !== null && keyWords.has(m[2]!), `seed ${seed}: inserted ${JSON.stringify(l)}`).toBe(true);
          }
        } else {
          // A rewrite: line for line (a removed digest line has no partner).
          removed.forEach((b, i) => {
            if (part.value[i] !== undefined) pairs.push([b, part.value[i]!]);
          });
        }
        removed = [];
      } else {
        line += part.count!;
        removed = [];
      }
    }

    // A rewritten tag line keeps its key, its quoting and its trailing comment (at its column when there is room).
    const TAG_LINE = /^( *)(tag|digest): (['"]?)(\S*?)\3( *)(# .*)?$/;
    let changed = 0;
    for (const [was, now] of pairs) {
      const m = TAG_LINE.exec(was);
      if (!m) continue;
      changed++;
      const n = TAG_LINE.exec(now);
      // A removed digest line sits beside the insertion of another container's override.
      if (!n || n[1]! + n[2]! !== m[1]! + m[2]!) continue;
      // Plain stays plain unless plain would read as a number.
      if (/^\d+(\.\d+)?$/.test(n![4]!) && m[3] === "") expect(n![3]).toBe('"');
      else expect(n![3], `seed ${seed}: ${was} → ${now}`).toBe(m[3]);
      expect(n![6], `seed ${seed}: ${was} → ${now}`).toBe(m[6]);
      if (m[6]) {
        // The value's growth is taken from the padding while one space remains; else one space.
        const grew = n![3]!.length * 2 + n![4]!.length - (m[3]!.length * 2 + m[4]!.length);
        if (grew <= m[5]!.length - 1) expect(now.indexOf("#"), `seed ${seed}: ${was} → ${now}`).toBe(was.indexOf("#"));
        else expect(n![5]).toBe(" ");
      }
    }
    expect(changed).toBeLessThanOrEqual(promotions.length * 2);
  });

  it("covers the formats it claims: flow sequences, padded flow maps, aligned comments, every quoting style, each kind of edit", () => {
    const all = SEEDS.map((s) => generate(s).text).join("\n");
    expect(all).toMatch(/args: \[--port/);
    expect(all).toMatch(/args: \[ --port/);
    expect(all).toMatch(/: \{ cpu: 10m/);
    expect(all).toMatch(/: \{cpu: 10m/);
    expect(all).toMatch(/ {3,}# /);
    expect(all).toMatch(/tag: '[^']+'/);
    expect(all).toMatch(/tag: "[^"]+"/);
    expect(all).toMatch(/tag: [0-9][^'"\s]*\.[0-9]+\.[0-9]/);
    expect(all).toMatch(/\n\n/);
    expect(all).toMatch(/engines: \[ ?flux ?\] +# Flux only/);
  });
});
