import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import yamlJs from "yaml-js";
import { benchConfig } from "../../../bench/gen-configs.js";
import { emitBlockYaml } from "../../../generator/serialize/block-emitter.js";
import { QUOTING, stringifyYaml, stringifyYamlReference } from "../../../generator/serialize/yaml.js";
import { renderFromText } from "../../helpers/config.js";

// Every object a renderer hands to the emitter, recorded as it passes (the renderers call stringifyYaml directly).
const rendered: unknown[] = [];
vi.mock("../../../generator/serialize/yaml.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../generator/serialize/yaml.js")>();
  return {
    ...real,
    stringifyYaml: (value: unknown) => {
      rendered.push(value);
      return real.stringifyYaml(value);
    },
  };
});

const ROOT = join(import.meta.dirname, "../../..");

/** The objects the renderers serialize for a config. */
function objectsOf(configText: string): unknown[] {
  rendered.length = 0;
  renderFromText(configText);
  return rendered.splice(0);
}

/** Compares the fast path with the yaml package on each value; returns how many the fast path wrote itself. */
function compareAll(values: unknown[]): number {
  let fast = 0;
  for (const v of values) {
    const text = emitBlockYaml(v, QUOTING);
    const reference = stringifyYamlReference(v);
    if (text !== undefined) {
      fast++;
      if (text !== reference) expect({ value: v, text }).toEqual({ value: v, text: reference });
    }
    expect(stringifyYaml(v)).toBe(reference);
  }
  return fast;
}

describe("the block emitter writes what the yaml package writes", () => {
  const configs = [
    "gitops.config.yaml",
    ...readdirSync(join(ROOT, "examples"))
      .filter((f) => f.endsWith(".config.yaml"))
      .map((f) => `examples/${f}`),
  ];
  it.each(configs)("every object rendered for %s, all on the fast path", (file) => {
    const objects = objectsOf(readFileSync(join(ROOT, file), "utf8"));
    expect(objects.length).toBeGreaterThan(5);
    // All on the fast path: a rendered shape that falls back costs gen its speed, so it should be taught here.
    expect(compareAll(objects)).toBe(objects.length);
  });

  it("every object rendered for the 1,000-app bench config", () => {
    const objects = objectsOf(benchConfig(1000));
    expect(objects.length).toBeGreaterThan(7_000);
    expect(compareAll(objects)).toBe(objects.length);
  });
});

// A seeded generator: the same cases on every run, so a failure reproduces.
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces that mean something to some YAML reader, or to a shell, template or kustomize; mixed at random.
const TOKENS = [
  "yes", "No", "ON", "off", "y", "~", "null", "Null", "true", "FALSE", ".inf", "-.Inf", ".nan", "0x1F", "0o17", "0b101",
  "0775", "1:30", "1_000", "1e3", "+1", "-2.5", ".5", "12", "=", "<<", "---", "...", "%YAML", "%TAG", "- ", "? ", ": ",
  " #", "#", "&a", "*a", "!!str", "!tag", "|", ">", "|-", ">+", "'", '"', "''", "\\", "\\n", "{{ .x }}", "${X}", "$(Y)",
  "[", "]", "{", "}", ",", "@", "`", "\n", "\n\n", " \n", "\n ", "\t", "\r", "\r\n", " ", "  ", "\x00", "\x07", "\x1b",
  "\x7f", "\x85", "\xa0", "\u2028", "\u2029", "\ufeff", "\ud800", "é", "日本", "😀", "a", "web", "app.kubernetes.io/name",
  "../base", "./x", "/", ":", "-", "?", ".", "0", "9", "_", "x=y", "key: value", "kind: Secret",
];

function randomString(rnd: () => number): string {
  const n = Math.floor(rnd() * 5);
  let s = "";
  for (let i = 0; i < n; i++) s += TOKENS[Math.floor(rnd() * TOKENS.length)]!;
  return s;
}

function randomScalar(rnd: () => number): unknown {
  const r = rnd();
  if (r < 0.7) return randomString(rnd);
  const others = [0, -0, 1, -7, 1.5, 0.1, 1e21, 5e-7, 2 ** 53, NaN, Infinity, -Infinity, true, false, null];
  return others[Math.floor(rnd() * others.length)];
}

function randomTree(rnd: () => number, depth: number): unknown {
  const r = rnd();
  if (depth <= 0 || r < 0.35) return randomScalar(rnd);
  const size = Math.floor(rnd() * 4);
  if (r < 0.65) return Array.from({ length: size }, () => randomTree(rnd, depth - 1));
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) obj[rnd() < 0.5 ? randomString(rnd) : `k${i}`] = randomTree(rnd, depth - 1);
  return obj;
}

describe("random and hostile values", () => {
  const rnd = prng(27);
  const strings = Array.from({ length: 3000 }, () => randomString(rnd));

  it("each random string as a value, a key and a list item at several depths: the same bytes as the yaml package", () => {
    const values = strings.flatMap((s) => [{ k: s }, { [s]: "v" }, [s], { a: { b: [s, { [s]: s }] } }, [[s], { s }]]);
    // The fast path must carry most of them, or this comparison proves little.
    expect(compareAll(values)).toBeGreaterThan(values.length * 0.8);
  });

  it("random trees (maps, lists, empty ones, numbers, booleans, null, undefined): the same bytes as the yaml package", () => {
    const trees = Array.from({ length: 2000 }, () => {
      const t = randomTree(rnd, 5);
      return typeof t === "object" && t !== null ? t : { root: t };
    });
    expect(compareAll(trees)).toBeGreaterThan(trees.length * 0.5);
  });

  it("what the fast path writes reads back as the same strings under YAML 1.2 and YAML 1.1 (yaml, yaml-js, PyYAML)", () => {
    const checked: { text: string; value: unknown }[] = [];
    for (const s of strings) {
      const value = { k: s, [s]: "v", l: [s] };
      const text = emitBlockYaml(value, QUOTING);
      if (text === undefined) continue;
      checked.push({ text, value });
      expect(parse(text, { version: "1.2" })).toEqual(value);
      expect(parse(text, { version: "1.1" })).toEqual(value);
      expect(yamlJs.load(text)).toEqual(value);
    }
    expect(checked.length).toBeGreaterThan(strings.length * 0.8);
    // PyYAML, when python3 has it: every document in one process.
    const py = spawnSync(
      "python3",
      ["-c", "import sys, json, yaml; print(json.dumps([yaml.safe_load(t) for t in json.load(sys.stdin)]))"],
      { input: JSON.stringify(checked.map((c) => c.text)), encoding: "utf8", maxBuffer: 64 << 20 },
    );
    if (py.status === 0) expect(JSON.parse(py.stdout)).toEqual(checked.map((c) => c.value));
    console.info(`[yaml 1.1] read back with yaml-js${py.status === 0 ? " and PyYAML" : " (PyYAML not installed)"}`);
  });

  it.each([
    ["a root scalar", "x"],
    ["a key with a line break", { "a\nb": 1 }],
    ["a key longer than 1,024 characters", { ["k".repeat(1100)]: 1 }],
    ["a |+ block (two final newlines)", { k: "a\nb\n\n" }],
    ["undefined in a list", { k: [undefined] }],
    ["a class instance", { k: new Date(0) }],
    ["a Map", { k: new Map([["a", 1]]) }],
    ["a bigint", { k: 10n }],
  ])("leaves %s to the yaml package", (_name, value) => {
    expect(emitBlockYaml(value, QUOTING)).toBeUndefined();
    expect(stringifyYaml(value)).toBe(stringifyYamlReference(value));
  });

  it("writes the shapes it knows without the yaml package", () => {
    const value = { a: [], b: {}, c: [[1, "x"], { d: null }], e: "l1\nl2\n", f: ["l1\n\nl2"], g: { h: undefined }, i: -0 };
    expect(emitBlockYaml(value, QUOTING)).toBe(
      "a: []\nb: {}\nc:\n  - - 1\n    - x\n  - d: null\ne: |\n  l1\n  l2\nf:\n  - |-\n    l1\n\n    l2\ng: {}\ni: -0\n",
    );
  });
});
