import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import jsYaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { GO_YAML_V2_SCHEMA } from "../../../../generator/validate/go-yaml-schema.js";
import { splitFile } from "../../../../generator/validate/resource.js";
import { readBlockYaml } from "../../../../generator/validate/yaml/fast-reader.js";
import { generateEdgeCases } from "../../../oracles/edge-cases.js";

const ROOT = join(import.meta.dirname, "../../../..");

/** What the reader stands in for: js-yaml with go-yaml v2's scalars, or "throws". */
function jsYamlRead(text: string): { value: unknown } | "throws" {
  try {
    return { value: jsYaml.load(text, { schema: GO_YAML_V2_SCHEMA }) };
  } catch {
    return "throws";
  }
}

/** The reader either leaves the text to js-yaml or reads exactly what js-yaml reads; returns whether it read it. */
function expectSameAsJsYaml(text: string): boolean {
  const mine = readBlockYaml(text);
  if (mine === undefined) return false;
  const reference = jsYamlRead(text);
  if (reference === "throws" || JSON.stringify(mine.value) !== JSON.stringify(reference.value) || !sameTypes(mine.value, reference.value)) {
    expect({ text, value: mine.value }).toEqual({ text, value: reference === "throws" ? "js-yaml throws" : reference.value });
  }
  return true;
}

/** Deep equality that also tells -0 from 0 and keeps key order (JSON.stringify compared the rest). */
function sameTypes(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (typeof a === "number") return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b as number));
  if (a === null || typeof a !== "object") return a === b;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.join("\0") === kb.join("\0") && ka.every((k) => sameTypes((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Documents as the validator splits them: the edge cases, the fixtures, and the committed tree. */
function corpusDocuments(): string[] {
  const docs: string[] = [];
  const add = (path: string, bytes: Buffer) => {
    for (const d of splitFile(path, bytes)) if (d.text.length > 0) docs.push(d.text);
  };
  for (const c of generateEdgeCases()) add(c.id, c.bytes);
  for (const dir of ["test/fixtures", "base", "overlays", "argocd", "clusters", "examples"]) {
    if (!statSync(join(ROOT, dir), { throwIfNoEntry: false })) continue;
    for (const f of yamlFiles(join(ROOT, dir))) add(f, readFileSync(f));
  }
  docs.push(KUSTOMIZE_STYLE);
  return docs;
}

// kustomize's output style (kyaml): sequences at their key's column, `|` blocks, quotes only where needed.
const KUSTOMIZE_STYLE = `apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    argocd.argoproj.io/sync-wave: "1"
    checksum/config: 175926353998754f9ab339e27dacde5999a16dd23403f3b1e1f96297ccdaea76
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/version: 1.27.4-alpine
  name: web
  namespace: dev
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    spec:
      containers:
      - args:
        - -c
        - while true; do date >> /var/log/index.html; sleep 5; done
        command:
        - /bin/sh
        env:
        - name: LOG_LEVEL
          value: 'it''s "on"'
        - name: EMPTY
          value: ""
        image: nginxinc/nginx-unprivileged:1.27.4-alpine
        ports:
        - containerPort: 8080
          name: http
        resources:
          limits:
            cpu: 250m
            memory: 128Mi
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop:
            - ALL
          readOnlyRootFilesystem: true
      volumes:
      - emptyDir: {}
        name: tmp
      - configMap:
          items: []
          name: web-config
---
apiVersion: v1
data:
  fluent-bit.conf: |
    [SERVICE]
        Flush 1

    [INPUT]
        Name tail
  empty-lines-kept: |+
    a

  stripped: |-
    x
  on: yes
  "quoted key": "tab\\tand \\u00e9 \\x41"
kind: ConfigMap
metadata:
  name: web-config
`;

describe("readBlockYaml reads what js-yaml (with go-yaml v2's scalars) reads", () => {
  const docs = corpusDocuments();

  it("every document of the edge cases, the fixtures and the committed tree: the same value, or left to js-yaml", () => {
    let read = 0;
    for (const text of docs) if (expectSameAsJsYaml(text)) read++;
    // Most are ordinary block YAML: the reader must carry them, or this comparison proves little.
    expect(read).toBeGreaterThan(docs.length * 0.6);
  });

  it("reads kustomize's output style itself", () => {
    for (const text of KUSTOMIZE_STYLE.split("---\n")) expect(expectSameAsJsYaml(text)).toBe(true);
  });

  it("random mutations of those documents (characters inserted, deleted, replaced): the same value, or left to js-yaml", () => {
    // A seeded generator: the same mutations on every run, so a failure reproduces.
    let seed = 27;
    const rnd = () => {
      seed = (seed * 48271) % 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pieces = [" ", "  ", "\n", "\n  ", "\n- ", "- ", ":", ": ", "#", " #", "'", '"', "\\", "|", "|-", "|+", ">", "{", "}", "[", "]", ",", "&a", "*a", "!", "?", "-", "---", "...", "0", "1e3", "yes", "~", "null", "\t", "\r", "é", "\u0085"];
    let read = 0;
    let tried = 0;
    for (let round = 0; round < 6; round++) {
      for (const text of docs) {
        if (text.length > 4000) continue;
        let t = text;
        for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) {
          const at = Math.floor(rnd() * (t.length + 1));
          const r = rnd();
          const piece = pieces[Math.floor(rnd() * pieces.length)]!;
          t = r < 0.4 ? t.slice(0, at) + piece + t.slice(at) : r < 0.7 ? t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 3)) : t.slice(0, at) + piece + t.slice(at + piece.length);
        }
        tried++;
        if (expectSameAsJsYaml(t)) read++;
      }
    }
    expect(read).toBeGreaterThan(tried * 0.2);
  });

  it.each([
    ["a block scalar, clipped", "k: |\n  a\n\n  b\n\nx: 1\n", { k: "a\n\nb\n", x: 1 }],
    ["a block scalar, kept", "k: |+\n  a\n\n\nx: 1\n", { k: "a\n\n\n", x: 1 }],
    ["a block scalar, stripped, at the end of the text", "k: |-\n  a\n  b", { k: "a\nb" }],
    ["more-indented lines and a comment line inside a block scalar", "k: |\n  a\n    b\n  # c\n", { k: "a\n  b\n# c\n" }],
    ["a sequence at its key's column, then a key", "a:\n- 1\n- x: y\n  z: [ ]\nb: ~\n", undefined],
    ["a sequence at its key's column, then a key (empty flow)", "a:\n- 1\n- x: v\n  z: []\nb: ~\n", { a: [1, { x: "v", z: [] }], b: null }],
    ["go-yaml v2's scalars: YAML 1.1 booleans, octal, Go ints, no timestamps", "a: on\nb: 0755\nc: 0x1F\nd: 2001-12-14\ne: 1_000\nf: .5\n", { a: true, b: 493, c: 31, d: "2001-12-14", e: 1000, f: 0.5 }],
    ["keys resolved then made strings, as js-yaml does", "yes: 1\n0x10: 2\nnull: 3\n", { true: 1, "16": 2, null: 3 }],
    ["comments between entries and after values", "# top\na: 1 # one\n  # deeper\nb: 'x' # two\n", undefined],
    ["comments between entries", "# top\na: x # one\n# left\nb: 'x' # two\n", { a: "x", b: "x" }],
  ])("%s", (_name, text, expected) => {
    const mine = readBlockYaml(text);
    expect(mine?.value).toEqual(expected);
    if (mine) expect(jsYamlRead(text)).toEqual({ value: expected });
  });

  it.each([
    ["an anchor", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a folded scalar", "a: >\n  x\n"],
    ["a multi-line plain scalar", "a: x\n  y\n"],
    ["a multi-line quoted scalar", 'a: "x\n  y"\n'],
    ["a flow collection with content", "a: [1, 2]\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a tab", "a:\tb\n"],
    ["CRLF", "a: b\r\n"],
    ["a root sequence", "- a\n"],
    ["a nested sequence on one line", "a:\n- - b\n"],
    ["an empty sequence entry", "a:\n-\n- b\n"],
    ["a bad indentation", "a:\n    b: 1\n  c: 2\n"],
    ["an explicit key", "? a\n: b\n"],
    ["a key with a space", "a b: c\n"],
    ["a value with ': '", "a: b: c\n"],
    ["an indentation indicator", "a: |2\n   x\n"],
    ["an empty document", "# only a comment\n"],
    ["__proto__", "__proto__: 1\n"],
    ["a document end marker", "a: 1\n...\n"],
  ])("leaves %s to js-yaml", (_name, text) => {
    expect(readBlockYaml(text)).toBeUndefined();
  });
});
