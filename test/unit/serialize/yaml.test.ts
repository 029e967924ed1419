import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import yamlJs from "yaml-js";

const loadYaml11 = (text: string): unknown => yamlJs.load(text);
import { needsQuotes, stringifyYaml, stringifyYamlDocuments } from "../../../generator/serialize/yaml.js";

// Strings that must never come out plain: each reads as something else under YAML 1.1 or 1.2.
const AMBIGUOUS = [
  "yes", "no", "on", "off", "y", "n", "Yes", "NO", "On", "OFF", "true", "False", "null", "Null", "~", "",
  "0775", "012", "1:30", "12", "1e3", "1.5", ".5", ".inf", "-.Inf", ".nan", "0x1F", "0o17", "0b101", "=", "<<",
  "a: b", "# x", "a #b", "---", "...", "- x", "? x", "{{ x }}", "[a]", "{a: b}", "*alias", "&anchor", "!tag",
  "@x", "`x", "%x", "|x", ">x", "'q'", '"d"', " lead", "trail ", "\ttab", "x\r\ny", "trailing \nx",
];

describe("stringifyYaml", () => {
  it.each([
    ["yes", 'k: "yes"\n'],
    ["0775", 'k: "0775"\n'],
    ["~", 'k: "~"\n'],
    ["1:30", 'k: "1:30"\n'],
    ["a: b", 'k: "a: b"\n'],
    ["{{ x }}", 'k: "{{ x }}"\n'],
    ["*alias", 'k: "*alias"\n'],
    ["plain", "k: plain\n"],
    ["a#b", "k: a#b\n"],
    ["nginx:1.27.4-alpine", "k: nginx:1.27.4-alpine\n"],
    ["line1\nline2", "k: |-\n  line1\n  line2\n"],
    ["line1\nline2\n", "k: |\n  line1\n  line2\n"],
    ["trailing \nx", 'k: "trailing \\nx"\n'],
    ["x\r\ny", 'k: "x\\r\\ny"\n'],
    // Block literals: only text that round-trips exactly (mutation testing found these unpinned).
    ["a\n", "k: |\n  a\n"],
    ["echo a b\nexit 0", "k: |-\n  echo a b\n  exit 0\n"],
    ["x\n\ny", "k: |-\n  x\n\n  y\n"],
    ["a\tb\nc", 'k: "a\\tb\\nc"\n'],
    ["a\nb ", 'k: "a\\nb "\n'],
    [" a\nb", 'k: " a\\nb"\n'],
    // Characters YAML readers do not take raw (outside the printable set, or YAML 1.1's extra line breaks),
    // escaped; and a tab, which PyYAML refuses in a plain scalar. JSON leaves all of them raw.
    ["a\x7fb", 'k: "a\\u007fb"\n'],
    ["a\x85b", 'k: "a\\u0085b"\n'],
    ["a\u2028b", 'k: "a\\u2028b"\n'],
    ["a\u2029b\nc", 'k: "a\\u2029b\\nc"\n'],
    ["\ufeffa", 'k: "\\ufeffa"\n'],
    ["a\tb", 'k: "a\\tb"\n'],
    ["-0o17", 'k: "-0o17"\n'],
  ])("writes %j exactly", (value, expected) => {
    expect(stringifyYaml({ k: value })).toBe(expected);
  });

  it("quotes ambiguous keys too, and keeps numbers, booleans and null typed", () => {
    expect(stringifyYaml({ on: "x", "01": true, num: 1, z: null, e: {}, l: [] })).toBe(
      '"on": x\n"01": true\nnum: 1\nz: null\ne: {}\nl: []\n',
    );
  });

  it("indents sequences, never folds long lines and never emits aliases for repeated objects", () => {
    const shared = { a: "x".repeat(200) };
    const out = stringifyYaml({ list: [shared, shared] });
    expect(out).toBe(`list:\n  - a: ${"x".repeat(200)}\n  - a: ${"x".repeat(200)}\n`);
    expect(out).not.toMatch(/[&*]/);
  });

  it.each(AMBIGUOUS)("round-trips %j as the same string under YAML 1.2 and 1.1", (s) => {
    expect(needsQuotes(s)).toBe(true);
    const out = stringifyYaml({ k: s, [s]: "v" });
    for (const version of ["1.2", "1.1"] as const) {
      expect(parse(out, { version })).toEqual({ k: s, [s]: "v" });
    }
  });

  it("joins documents with ---", () => {
    expect(stringifyYamlDocuments([{ a: 1 }, { b: 2 }])).toBe("a: 1\n---\nb: 2\n");
  });

  // Independent YAML 1.1 readers: yaml-js (a port of PyYAML, an npm devDependency, so it is there on every machine)
  // always; PyYAML itself too when python3 has it. The first test shows yaml-js really applies YAML 1.1's rules,
  // so the round trip below can fail.
  it("yaml-js reads plain YAML 1.1 scalars the 1.1 way (yes, 0755, 1:30, on)", () => {
    expect(loadYaml11("a: yes\nb: 0755\nc: 1:30\nd: on\ne: ~\n")).toEqual({ a: true, b: 493, c: 90, d: true, e: null });
  });

  it("YAML 1.1 readers (yaml-js, and PyYAML when installed) read every ambiguous string back unchanged", () => {
    const doc = stringifyYaml({ values: AMBIGUOUS });
    expect(loadYaml11(doc)).toEqual({ values: AMBIGUOUS });
    const py = spawnSync("python3", ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"], {
      input: doc,
      encoding: "utf8",
    });
    if (py.status === 0) expect(JSON.parse(py.stdout)).toEqual({ values: AMBIGUOUS });
    console.info(`[yaml 1.1] compared with yaml-js${py.status === 0 ? " and PyYAML" : " (PyYAML not installed)"}`);
  });
});

describe("needsQuotes leaves plain what every reader reads as the same string", () => {
  // An indicator only matters at the start and followed by a space (or alone); inner spaces are fine.
  it.each(["-x", ":x", "?x", "a b", "a - b", "x:y", "1:60", "1.27.4-alpine", "key=value"])("%j stays plain, and reads back", (s) => {
    expect(needsQuotes(s)).toBe(false);
    expect(stringifyYaml({ k: s })).toBe(`k: ${s}\n`);
    expect(loadYaml11(`k: ${s}\n`)).toEqual({ k: s });
  });
});

describe("needsQuotes fast paths", () => {
  it.each(["../../base/web", "./patches/a.yaml", "app.kubernetes.io/name", "/usr/share/nginx/html", "web-config"])("%s stays plain", (s) => {
    expect(needsQuotes(s)).toBe(false);
    expect(parse(stringifyYaml({ k: s }), { version: "1.1" })).toEqual({ k: s });
  });
  it.each(["..", "../", "./1", ".5", "./a b"])("%s is checked the slow way and round-trips", (s) => {
    expect(parse(stringifyYaml({ k: s }), { version: "1.1" })).toEqual({ k: s });
    expect(parse(stringifyYaml({ k: s }), { version: "1.2" })).toEqual({ k: s });
  });
});

describe("readsAsString's shortcut (the yaml package's type tests instead of a parse)", () => {
  it("agrees with parsing, under YAML 1.1 and 1.2, for strings gen renders and random strings of plain-scalar characters", async () => {
    const { readsAsString, readsAsStringByParse } = await import("../../../generator/serialize/yaml.js");
    let seed = 11;
    const rnd = () => ((seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff);
    const alphabet = "0123456789abcdefxoeEnNyYtTrRuUlL._/+=~:;,@- ";
    const words = ["0", "1", "0x", "0o", "0b", "1e3", "1.5", ".5", "_", ":", "1:30", "2001-12-14", "12:30:00", "true", "Yes", "off", "null", "~", "NaN", ".inf", "...", "---", "<<", "=", "e-0"];
    const strings: string[] = ["50m", "64Mi", "1.27.4-alpine", "busybox:1.37.0", "a:", "...x", ".", "..", "~x", "8080", "0755", "1_000", "+1", "1:60", "app.kubernetes.io/name", "e-0"];
    for (let i = 0; i < 20_000; i++) {
      let s = "";
      for (let n = 1 + Math.floor(rnd() * 4); n > 0; n--) s += rnd() < 0.5 ? words[Math.floor(rnd() * words.length)] : alphabet[Math.floor(rnd() * alphabet.length)];
      strings.push(s);
    }
    let shortcut = 0;
    for (const s of strings) {
      for (const version of ["1.1", "1.2"] as const) {
        const mine = readsAsString(s, version);
        const reference = readsAsStringByParse(s, version);
        if (mine !== reference) expect({ s, version, readsAsString: mine }).toEqual({ s, version, readsAsString: reference });
        if (mine && /^[A-Za-z0-9_./+=~][A-Za-z0-9_./+=~:;,@-]*$/.test(s)) shortcut++;
      }
    }
    // The shortcut must carry many of them, or the comparison shows little.
    expect(shortcut).toBeGreaterThan(strings.length / 2);
  });
});
