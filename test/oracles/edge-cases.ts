/**
 * A deterministic generator of small edge-case manifests for the kubeconform parity oracle (issue 16):
 * YAML 1.1 scalars, tags, keys, anchors and merges, bytes and encodings, document markers, Lists,
 * signatures, formats and patterns, nesting, JSON and block scalars. Each case has a stable id
 * ("<class>/<name>") that test/oracles/accepted-differences.json refers to; the same code always yields the
 * same cases in the same order with the same bytes (no randomness, no clock).
 */

export interface EdgeCase {
  /** "<class>/<name>", also the file path (plus ".yaml") under the output folder. */
  id: string;
  class: string;
  bytes: Buffer;
}

// ---- building blocks --------------------------------------------------------------------------------

/** Contexts that place one YAML value where the schema wants a given type. */
const CONTEXTS: Record<string, (v: string) => string> = {
  // string (ConfigMap data values are strings)
  str: (v) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: ${v}\n`,
  // integer (int32)
  int: (v) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  replicas: ${v}\n  selector:\n    matchLabels:\n      app: a\n  template:\n    metadata:\n      labels:\n        app: a\n    spec:\n      containers:\n      - name: c\n        image: nginx\n`,
  // boolean
  bool: (v) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  automountServiceAccountToken: ${v}\n  containers:\n  - name: c\n    image: nginx\n`,
  // int-or-string
  ios: (v) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n    targetPort: ${v}\n`,
  // free-form (preserve-unknown-fields) in a CRD
  any: (v) => `${application()}      helm:\n        valuesObject:\n          k: ${v}\n`,
};

function application(extraMeta = ""): string {
  return (
    "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: app\n  namespace: argocd\n" +
    extraMeta +
    "spec:\n  project: default\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: web\n" +
    "  source:\n      repoURL: https://example.com/repo.git\n      targetRevision: HEAD\n      path: apps\n"
  );
}

const cm = (body: string, name = "cm") => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${body}`;
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

// ---- classes ----------------------------------------------------------------------------------------

/** YAML 1.1 plain scalars as go-yaml v2 resolves them, and their quoted twins. */
const SCALARS = [
  "yes", "no", "Yes", "NO", "on", "Off", "y", "n", "Y", "N", "true", "True", "TRUE", "false", "FaLsE",
  "~", "null", "Null", "NULL", "", "''", '""', "0", "-0", "+1", "+0", "007", "08", "09", "0x1F", "0X1f", "-0x1F",
  "0o17", "0O17", "017", "0b101", "-0b101", "0b102", "1_000", "1__0", "_1", "1_", "0x_1F", "1:30", "190:20:30", "-1:30",
  "1:60", "1.5", ".5", "5.", "-.5", "+.5", "1e3", "1E3", "1e+3", "1.0e3", "1.0e+3", "1e-3", "1e400", "-1e400", "1e-400",
  ".inf", "-.inf", "+.Inf", ".INF", ".nan", ".NaN", ".NAN", "1_0.5", ".5_0", "1_000.0_1", "0.1e-2",
  "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296", "9223372036854775807",
  "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
  "18446744073709551616", "123456789012345678901234567890", "0x7FFFFFFFFFFFFFFF", "0x8000000000000000",
  "0xFFFFFFFFFFFFFFFF", "0x10000000000000000", "1.0", "3.0", "2.5e0", "100.000", "1e2", "0.0", "-0.0",
  "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "12:30:45", "=", "<<", "-", "?",
  "a b", "1 2", "1,000", "$1", "0.", "0e0", "-", "+", ".", "..", "0x", "0b", "0o", "1e", "e3", "inf", "nan",
  "'yes'", '"yes"', "'1'", '"1"', "'1e3'", '"0x1F"', '"\\t"', "'null'", '"~"', "!!str 1", "!!str yes",
];

/** A case name from the value it holds, readable in accepted-differences.json and safe as a file name. */
const slug = (value: string) => encodeURIComponent(value).replace(/%20/g, "+") || "(empty)";

function scalars(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const s of new Set(SCALARS)) {
    for (const [ctx, make] of Object.entries(CONTEXTS)) out.push([`${ctx}-${slug(s)}`, make(s)]);
  }
  return out;
}

function tags(): Array<[string, string]> {
  const values = [
    "!!str 1", "!!str true", "!!str ~", "!!int 3", '!!int "3"', "!!int abc", "!!int 0x1F", "!!int 1.5", "!!bool 1",
    "!!bool yes", "!!bool true", "!!bool abc", "!!null x", "!!null ~", "!!null ''", "!!float 1", "!!float abc",
    "!!float .inf", "!!binary aGVsbG8=", "!!binary aGVsbG8", "!!binary '!!!'", "!!binary ''", "!custom x",
    "!custom 5", "!!timestamp 2001-01-01", "!!timestamp x", "!<tag:yaml.org,2002:str> 5",
    "!<tag:yaml.org,2002:int> 5", "!<tag:example.com:x> 5", "!!merge x", "!!seq []", "!!map {}", "!!set {a, b}",
    "!!omap [a: b]", "!!pairs [a: b]", "!!str [a]", "!!map [a]", "!! x", "! x", "! 5", "!a!b x", "!!str", "!!int",
    "!!binary |\n    aGVs\n    bG8=",
  ];
  const out: Array<[string, string]> = [];
  for (const v of values) {
    for (const ctx of ["str", "int", "any"]) out.push([`${ctx}-${slug(v)}`, CONTEXTS[ctx]!(v)]);
  }
  out.push(["data-omap", cm("data: !!omap [a: b]\n")]);
  out.push(["data-set", cm("data: !!set {a, b}\n")]);
  out.push(["data-str-map", cm("data: !!str {a: b}\n")]);
  out.push(["meta-tag", "apiVersion: v1\nkind: ConfigMap\nmetadata: !!map\n  name: cm\n"]);
  out.push(["kind-tag", "apiVersion: v1\nkind: !!str ConfigMap\nmetadata:\n  name: cm\n"]);
  out.push(["name-int-tag", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !!int 5\n"]);
  out.push(["doc-tag", "--- !!map\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"]);
  out.push(["tag-directive", "%TAG !e! tag:example.com,2000:\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: !e!x cm\n"]);
  return out;
}

function keys(): Array<[string, string]> {
  const bodies: Record<string, string> = {
    "dup-data": "data:\n  a: x\n  a: y\n",
    "dup-data-quoted": 'data:\n  a: x\n  "a": y\n',
    "dup-top": "data:\n  a: x\ndata:\n  b: y\n",
    "dup-meta": "data: {}\nmetadata:\n  name: other\n",
    "null-key": "data:\n  ~: v\n",
    "null-key-word": "data:\n  null: v\n",
    "bool-key": "data:\n  yes: v\n",
    "bool-keys-dup": "data:\n  yes: v\n  true: w\n",
    "int-key": "data:\n  1: a\n",
    "int-float-keys": "data:\n  1: a\n  1.0: b\n",
    "int-hex-keys": "data:\n  1: a\n  0x1: b\n",
    "int-octal-keys": "data:\n  8: a\n  010: b\n",
    "float-key": "data:\n  1.5: a\n",
    "inf-key": "data:\n  .inf: a\n",
    "big-key": "data:\n  9223372036854775808: a\n",
    "huge-key": "data:\n  123456789012345678901234567890: a\n",
    "seq-key": "data:\n  [a, b]: v\n",
    "map-key": "data:\n  ? {a: b}\n  : v\n",
    "explicit-key": "data:\n  ? k\n  : v\n",
    "explicit-key-noval": "data:\n  ? k\n",
    "empty-key": 'data:\n  "": v\n',
    "colon-key": 'data:\n  "a:b": v\n',
    "space-key": 'data:\n  "a b": v\n',
    "unicode-key": "data:\n  ключ: v\n",
    "emoji-key": "data:\n  \"😀\": v\n",
    "merge-key-quoted": 'data:\n  "<<": v\n',
    "date-key": "data:\n  2001-01-01: v\n",
    "time-key": "data:\n  1:30: v\n",
    "tilde-quoted": 'data:\n  "~": v\n',
    "long-key-1024": `data:\n  ${"k".repeat(1024)}: v\n`,
    "long-key-1025": `data:\n  ${"k".repeat(1025)}: v\n`,
    "long-key-2000": `data:\n  ${"k".repeat(2000)}: v\n`,
    "long-key-quoted-1100": `data:\n  "${"k".repeat(1100)}": v\n`,
    "flow-dup": "data: {a: x, a: y}\n",
    "flow-empty-val": "data: {a: }\n",
    "flow-nokey": "data: {: v}\n",
    "case-keys": "data:\n  a: x\n  A: y\n",
    "dup-deep": "metadata:\n  name: cm\n  labels:\n    a: x\n    a: y\n",
    "unknown-field": "data: {}\nextra: 1\n",
    "unknown-meta-field": "data: {}\n",
  };
  const out: Array<[string, string]> = [];
  for (const [name, body] of Object.entries(bodies)) out.push([name, cm(body)]);
  out.push(["unknown-meta", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  nme: x\n"]);
  out.push(["spec-unknown", CONTEXTS.int!("1").replace("  replicas: 1\n", "  replicas: 1\n  replica: 2\n")]);
  out.push(["dup-kind", "apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata:\n  name: cm\n"]);
  out.push(["dup-apiversion", "apiVersion: v1\napiVersion: apps/v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"]);
  out.push(["dup-name", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n"]);
  out.push(["dup-in-list-item", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    name: d\n    image: nginx\n"]);
  return out;
}

function anchors(): Array<[string, string]> {
  const bodies: Record<string, string> = {
    "simple": "data:\n  a: &x v\n  b: *x\n",
    "map-alias": "metadata:\n  name: cm\n  labels: &l {a: b}\n  annotations: *l\n",
    "merge": "metadata:\n  name: cm\ndata:\n  <<: {a: x}\n  b: y\n",
    "merge-alias": "base: &b {a: x}\ndata:\n  <<: *b\n",
    "merge-list": "data:\n  <<: [{a: x}, {b: y}]\n",
    "merge-list-aliases": "x: &x {a: x}\ny: &y {b: y}\ndata:\n  <<: [*x, *y]\n",
    "merge-then-key": "data:\n  <<: {a: x}\n  a: y\n",
    "key-then-merge": "data:\n  a: y\n  <<: {a: x}\n",
    "merge-scalar": "data:\n  <<: x\n",
    "merge-seq-scalars": "data:\n  <<: [a, b]\n",
    "merge-null": "data:\n  <<: ~\n",
    "merge-two": "data:\n  <<: {a: x}\n  <<: {b: y}\n",
    "merge-nested": "data:\n  <<: {<<: {a: x}}\n",
    "merge-meta": "metadata:\n  <<: {name: cm}\n",
    "merge-top": "<<: {data: {a: x}}\n",
    "merge-top-key": "<<: {data: {a: x}}\ndata: {b: y}\n",
    "alias-undefined": "data:\n  a: *nope\n",
    "alias-before-anchor": "data:\n  a: *x\n  b: &x v\n",
    "anchor-redefined": "data:\n  a: &x v\n  b: &x w\n  c: *x\n",
    "alias-key": "data:\n  &k key: a\n  *k : b\n",
    "alias-key-other": "x: &k key\ndata:\n  *k : b\n",
    "anchor-dot": "data:\n  a: &a.b x\n",
    "anchor-slash": "data:\n  a: &a/b x\n",
    "anchor-plus": "data:\n  a: &a+b x\n",
    "anchor-colon": "data:\n  a: &a:b x\n",
    "anchor-dash": "data:\n  a: &a-b x\n  b: *a-b\n",
    "anchor-underscore": "data:\n  a: &a_b x\n  b: *a_b\n",
    "anchor-unicode": "data:\n  a: &ключ x\n",
    "anchor-empty": "data:\n  a: & x\n",
    "anchor-only": "data:\n  a: &x\n",
    "alias-self": "x: &x [1, *x]\n",
    "alias-self-map": "x: &x {a: *x}\n",
    "alias-in-data-seq": "data:\n  a: &x [1, 2]\n",
    "alias-to-map-in-data": "y: &y {a: b}\ndata:\n  a: *y\n",
    "anchor-on-doc": "&doc\napiVersion: v1\n",
    "anchor-tag-order": "data:\n  a: &x !!str 1\n  b: *x\n",
    "tag-anchor-order": "data:\n  a: !!str &x 1\n  b: *x\n",
  };
  const out: Array<[string, string]> = [];
  for (const [name, body] of Object.entries(bodies)) out.push([name, name.startsWith("anchor-on-doc") ? `${body}kind: ConfigMap\nmetadata:\n  name: cm\n` : cm(body)]);
  // aliasing blow-up ("billion laughs"): go-yaml v2 refuses excessive aliasing
  for (const depth of [3, 5, 7, 9, 10]) {
    let s = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < depth; i++) s += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(", ")}]\n`;
    out.push([`laughs-${depth}`, cm(`data: {}\nx:\n  ${s.trimEnd().split("\n").join("\n  ")}\n`)]);
  }
  for (const n of [2, 10, 100]) {
    out.push([`many-aliases-${n}`, cm(`data:\n  a0: &v val\n${Array.from({ length: n }, (_, i) => `  b${i}: *v\n`).join("")}`)]);
  }
  out.push(["merge-into-spec", CONTEXTS.int!("1").replace("  replicas: 1\n", "  <<: {replicas: 2}\n")]);
  out.push(["merge-override-spec", CONTEXTS.int!("1").replace("  replicas: 1\n", "  replicas: 1\n  <<: {replicas: x}\n")]);
  out.push(["merge-before-spec", CONTEXTS.int!("1").replace("  replicas: 1\n", "  <<: {replicas: x}\n  replicas: 1\n")]);
  return out;
}

/**
 * Number forms where go-yaml v2 and YAML 1.1 differ (0b/0o prefixes in either case, `_` separators, base 60, floats
 * without a dot, .inf/.nan spellings), as values, explicitly tagged values and keys, in documents that reach the
 * exact reader (an anchor, a merge, an explicit tag, an odd key, a duplicate key) and in plain ones. The parity
 * test compares these files' error messages too (test/unit/validate/exact-reader-numbers.test.ts has the same).
 */
function numbers(): Array<[string, string]> {
  const forms = [
    "0b101", "0B11", "-0b11", "+0b1", "0b_11", "0o17", "0O17", "-0o17", "0o1_7", "1_000", "1__0", "0x_1F", "1_0.5",
    ".5_0", "685.230_15e+03", "1e3", "08", "1:30", "-1:30", "1:30.5", "190:20:30.15", "+.inf", "+.Inf", "+.INF", ".Inf",
    ".INF", "-.inf", "-.Inf", ".nan", "+.nan", "+.NaN",
  ];
  const keyForms = ["0o17", "0O17", "-0o17", "0o1_7", "0B11", "1:30", "-1:30", "1:30.5", "190:20:30.15", "+.nan", "1e3", "08"];
  const reaches: Record<string, string> = {
    anchor: "  labels: &l {a: b}\n  annotations: *l\n",
    merge: "  <<: {labels: {a: b}}\n",
    tag: "  labels: !!map {a: b}\n",
    oddkey: '  annotations: {"a b": c}\n',
    dupkey: "  labels: {a: b}\n  labels: {a: c}\n",
    plain: "",
  };
  const out: Array<[string, string]> = [];
  for (const [reach, meta] of Object.entries(reaches)) {
    const make = (body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n${meta}${body}`;
    for (const f of forms) {
      out.push([`${reach}-value-${slug(f)}`, make(`data:\n  t: ${f}\n`)]);
      if (reach === "anchor" || reach === "plain") {
        out.push([`${reach}-int-${slug(f)}`, make(`data:\n  t: !!int ${f}\n`)]);
        out.push([`${reach}-float-${slug(f)}`, make(`data:\n  t: !!float ${f}\n`)]);
      }
    }
    for (const f of keyForms) {
      out.push([`${reach}-key-${slug(f)}`, make(`data:\n  x: "y"\n${f}: "1"\n`)]);
      out.push([`${reach}-data-key-${slug(f)}`, make(`data:\n  ${f}: 1\n`)]);
    }
  }
  return out;
}

/** Raw bytes: encodings, BOMs, control characters, line breaks, tabs. */
function bytes(): Array<[string, Buffer]> {
  const text = cm("data:\n  k: v\n");
  const out: Array<[string, Buffer]> = [];
  const utf8 = (s: string) => Buffer.from(s, "utf8");
  out.push(["plain", utf8(text)]);
  out.push(["bom-utf8", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)])]);
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  out.push(["utf16le-bom", le]);
  const be = Buffer.from(le);
  be.swap16();
  out.push(["utf16be-bom", be]);
  out.push(["utf16le-nobom", Buffer.from(text, "utf16le")]);
  out.push(["utf16le-bom-two-docs", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${text}---\n${ns("n")}`, "utf16le")])]);
  out.push(["crlf", utf8(text.replace(/\n/g, "\r\n"))]);
  out.push(["cr-only", utf8(text.replace(/\n/g, "\r"))]);
  out.push(["cr-only-two-docs", utf8(`${text}---\n${ns("n")}`.replace(/\n/g, "\r"))]);
  out.push(["mixed-crlf", utf8(text.replace("\n", "\r\n"))]);
  out.push(["no-final-newline", utf8(text.trimEnd())]);
  // bytes inside a value, a key and a comment
  const inserts: Array<[string, number[]]> = [
    ["nul", [0x00]], ["soh", [0x01]], ["bel", [0x07]], ["bs", [0x08]], ["vt", [0x0b]], ["ff", [0x0c]], ["esc", [0x1b]],
    ["del", [0x7f]], ["c1-80", [0xc2, 0x80]], ["nel", [0xc2, 0x85]], ["c1-9f", [0xc2, 0x9f]], ["nbsp", [0xc2, 0xa0]],
    ["ls", [0xe2, 0x80, 0xa8]], ["ps", [0xe2, 0x80, 0xa9]], ["fffe", [0xef, 0xbf, 0xbe]], ["ffff", [0xef, 0xbf, 0xbf]],
    ["feff", [0xef, 0xbb, 0xbf]], ["bad-ff", [0xff]], ["bad-c0", [0xc0, 0x80]], ["bad-cont", [0x80]],
    ["bad-trunc", [0xe2, 0x82]], ["surrogate", [0xed, 0xa0, 0x80]], ["astral", [0xf0, 0x9f, 0x98, 0x80]],
    ["too-big", [0xf4, 0x90, 0x80, 0x80]], ["overlong", [0xe0, 0x80, 0xaf]], ["cr", [0x0d]], ["tab", [0x09]],
    ["e-acute", [0xc3, 0xa9]], ["private-use", [0xee, 0x80, 0x80]], ["fdd0", [0xef, 0xb7, 0x90]],
  ];
  for (const [name, b] of inserts) {
    const ins = Buffer.from(b);
    out.push([`value-${name}`, Buffer.concat([utf8(cm("data:\n  k: a")), ins, utf8("b\n")])]);
    out.push([`quoted-${name}`, Buffer.concat([utf8(cm('data:\n  k: "a')), ins, utf8('b"\n')])]);
    out.push([`comment-${name}`, Buffer.concat([utf8(cm("data:\n  k: v # c")), ins, utf8("c\n")])]);
    out.push([`key-${name}`, Buffer.concat([utf8(cm("data:\n  a")), ins, utf8("b: v\n")])]);
  }
  // tabs
  out.push(["tab-line", utf8(cm("data:\n  a: x\n\t\n  b: y\n"))]);
  out.push(["tab-before-comment", utf8(cm("data:\n  a: x\n\t# c\n  b: y\n"))]);
  out.push(["tab-indent", utf8(cm("data:\n\ta: x\n"))]);
  out.push(["tab-after-colon", utf8(cm("data:\n  a:\tx\n"))]);
  out.push(["tab-after-value", utf8(cm("data:\n  a: x\t\n"))]);
  out.push(["tab-in-flow", utf8(cm("data: {a:\tx,\tb: y}\n"))]);
  out.push(["tab-in-block-scalar", utf8(cm("data:\n  a: |\n    x\n\ty\n"))]);
  out.push(["spaces-then-tab-line", utf8(cm("data:\n  a: x\n  \t\n  b: y\n"))]);
  out.push(["tab-end-of-doc", utf8(cm("data:\n  a: x\n\t"))]);
  return out;
}

function documents(): Array<[string, string]> {
  const a = cm("data:\n  k: v\n", "a");
  const b = cm("data:\n  k: v\n", "b");
  const bad = cm("data:\n  k: 1\n", "bad");
  const docs: Record<string, string> = {
    "two": `${a}---\n${b}`,
    "leading-sep": `---\n${a}`,
    "trailing-sep": `${a}---\n`,
    "trailing-sep-spaces-no-eol": `${a}---  `,
    "trailing-sep-comment-no-eol": `${a}--- # x`,
    "trailing-sep-no-eol": `${a}---`,
    "empty-between": `${a}---\n---\n${b}`,
    "comment-doc": `${a}---\n# only a comment\n---\n${b}`,
    "only-comment": "# nothing\n",
    "empty-file": "",
    "only-newlines": "\n\n\n",
    "only-sep": "---\n",
    "only-doc-end": "...\n",
    "doc-end": `${a}...\n`,
    "doc-end-then-doc": `${a}...\n---\n${b}`,
    "doc-end-then-content": `${a}...\n${b}`,
    "doc-end-then-bad": `${a}...\n${bad}`,
    "sep-inline-value": `--- ${"{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}"}\n`,
    "sep-block-scalar": "--- |\n  text\n",
    "sep-indented": `  ---\n${a}`,
    "sep-with-tab": `${a}---\t\n${b}`,
    "sep-four-dashes": `${a}----\n${b}`,
    "sep-in-string": cm('data:\n  k: "\n---\n"\n'),
    "sep-in-block": cm("data:\n  k: |\n    ---\n    x\n"),
    "sep-at-col0-in-block": cm("data:\n  k: |\n    x\n---\n  y: z\n"),
    "yaml-directive": `%YAML 1.1\n---\n${a}`,
    "yaml-directive-12": `%YAML 1.2\n---\n${a}`,
    "yaml-directive-2": `%YAML 2.0\n---\n${a}`,
    "yaml-directive-no-sep": `%YAML 1.1\n${a}`,
    "unknown-directive": `%FOO bar\n---\n${a}`,
    "two-directives": `%YAML 1.1\n%YAML 1.1\n---\n${a}`,
    "three-docs-middle-bad": `${a}---\n${bad}---\n${b}`,
    "syntax-error-second": `${a}---\ndata: [\n`,
    "syntax-error-first": `data: [\n---\n${b}`,
    "scalar-doc": "just a string\n",
    "number-doc": "42\n",
    "seq-doc": "- a\n- b\n",
    "null-doc": "~\n",
    "null-doc-then": `~\n---\n${a}`,
    "json-two-objects": '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n',
    "json-then-sep": '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n---\n{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "b"}}\n',
    "sep-crlf": `${a}---\r\n${b}`,
    "sep-no-newline-before": `${a.trimEnd()}\n---\n${b}`,
    "bom-second-doc": `${a}---\n\ufeff${b}`,
    "many-docs": Array.from({ length: 50 }, (_, i) => ns(`n${i}`)).join("---\n"),
    "many-empty-docs": "---\n".repeat(50),
    "kind-missing": "apiVersion: v1\nmetadata:\n  name: x\n",
    "apiversion-missing": "kind: ConfigMap\nmetadata:\n  name: x\n",
    "both-missing": "metadata:\n  name: x\n",
    "kind-empty": "apiVersion: v1\nkind: ''\nmetadata:\n  name: x\n",
    "kind-null": "apiVersion: v1\nkind: ~\nmetadata:\n  name: x\n",
    "unknown-kind": "apiVersion: v1\nkind: Nope\nmetadata:\n  name: x\n",
    "unknown-crd": "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: x\n",
    "kustomization": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n",
  };
  return Object.entries(docs);
}

function lists(): Array<[string, string]> {
  const item = (n: string) => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${n}\n  data:\n    k: v\n`;
  const badItem = "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: bad\n  data:\n    k: 1\n";
  const L: Record<string, string> = {
    "basic": `apiVersion: v1\nkind: List\nitems:\n${item("a")}${item("b")}`,
    "bad-item": `apiVersion: v1\nkind: List\nitems:\n${item("a")}${badItem}`,
    "empty": "apiVersion: v1\nkind: List\nitems: []\n",
    "no-items": "apiVersion: v1\nkind: List\n",
    "items-null": "apiVersion: v1\nkind: List\nitems: ~\n",
    "items-map": "apiVersion: v1\nkind: List\nitems: {a: b}\n",
    "items-scalar": "apiVersion: v1\nkind: List\nitems: x\n",
    "null-item": `apiVersion: v1\nkind: List\nitems:\n- ~\n${item("a")}`,
    "scalar-item": `apiVersion: v1\nkind: List\nitems:\n- x\n${item("a")}`,
    "no-apiversion": `kind: List\nitems:\n${item("a")}`,
    "apiversion-number": `apiVersion: 1\nkind: List\nitems:\n${item("a")}`,
    "other-apiversion": `apiVersion: foo/v9\nkind: List\nitems:\n${item("a")}`,
    "kind-comment": `apiVersion: v1\nkind: List # c\nitems:\n${item("a")}`,
    "kind-quoted": `apiVersion: v1\nkind: "List"\nitems:\n${item("a")}`,
    "kind-json-key": `apiVersion: v1\n"kind": List\nitems:\n${item("a")}`,
    "kind-lower": `apiVersion: v1\nkind: list\nitems:\n${item("a")}`,
    "kind-suffix": `apiVersion: v1\nkind: ConfigMapList\nitems:\n${item("a")}`,
    "flow": "{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Namespace, metadata: {name: a}}]}\n",
    "json": '{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}]}\n',
    "nested-list": `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  ${item("inner").trimEnd().split("\n").join("\n  ")}\n`,
    "item-dup-key": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n    name: b\n",
    "item-no-kind": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata:\n    name: a\n",
    "item-unknown-field": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  extra: 1\n",
    "list-extra-field": `apiVersion: v1\nkind: List\nmetadata: {}\nextra: 1\nitems:\n${item("a")}`,
    "list-dup-key": `apiVersion: v1\nkind: List\nkind: List\nitems:\n${item("a")}`,
    "list-anchor": `apiVersion: v1\nkind: List\nitems:\n- &i\n  apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- *i\n`,
    "list-merge": "apiVersion: v1\nkind: List\nitems:\n- <<: {apiVersion: v1, kind: Namespace}\n  metadata:\n    name: a\n",
    "list-in-second-doc": `${ns("x")}---\napiVersion: v1\nkind: List\nitems:\n${item("a")}`,
    "list-yes-items": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n  data:\n    k: yes\n",
    "list-int-name": "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: 0755\n",
    "list-tagged": `apiVersion: v1\nkind: !!str List\nitems:\n${item("a")}`,
    "kind-list-items-first": `items:\n${item("a")}apiVersion: v1\nkind: List\n`,
  };
  return Object.entries(L);
}

function signatures(): Array<[string, string]> {
  const S: Record<string, string> = {
    "Kind-capital": "apiVersion: v1\nKind: Namespace\nmetadata:\n  name: a\n",
    "KIND-upper": "apiVersion: v1\nKIND: Namespace\nmetadata:\n  name: a\n",
    "ApiVersion-capital": "ApiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n",
    "Metadata-capital": "apiVersion: v1\nkind: Namespace\nMetadata:\n  name: a\n",
    "Name-capital": "apiVersion: v1\nkind: Namespace\nmetadata:\n  Name: a\n",
    "kind-number": "apiVersion: v1\nkind: 123\nmetadata:\n  name: a\n",
    "kind-bool": "apiVersion: v1\nkind: yes\nmetadata:\n  name: a\n",
    "kind-list": "apiVersion: v1\nkind: [Namespace]\nmetadata:\n  name: a\n",
    "kind-map": "apiVersion: v1\nkind: {a: b}\nmetadata:\n  name: a\n",
    "apiversion-number": "apiVersion: 1\nkind: Namespace\nmetadata:\n  name: a\n",
    "apiversion-float": "apiVersion: 1.0\nkind: Namespace\nmetadata:\n  name: a\n",
    "apiversion-list": "apiVersion: [v1]\nkind: Namespace\nmetadata:\n  name: a\n",
    "apiversion-spaces": "apiVersion: ' v1'\nkind: Namespace\nmetadata:\n  name: a\n",
    "apiversion-group-only": "apiVersion: apps/\nkind: Deployment\nmetadata:\n  name: a\n",
    "apiversion-slashes": "apiVersion: a/b/c\nkind: Deployment\nmetadata:\n  name: a\n",
    "apiversion-wrong": "apiVersion: v2\nkind: Namespace\nmetadata:\n  name: a\n",
    "apiversion-apps-for-cm": "apiVersion: apps/v1\nkind: ConfigMap\nmetadata:\n  name: a\n",
    "name-octal": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 0755\n",
    "name-int": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 42\n",
    "name-float": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 1.50\n",
    "name-bool": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: yes\n",
    "name-null": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ~\n",
    "name-list": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: [a]\n",
    "name-map": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {a: b}\n",
    "name-dup": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: first\n  name: second\n",
    "name-hex": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 0x1F\n",
    "name-exp": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 1e3\n",
    "name-time": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 1:30\n",
    "name-date": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 2001-01-01\n",
    "name-big": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: 123456789012345678901234567890\n",
    "name-inf": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: .inf\n",
    "name-binary": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: !!binary aGVsbG8=\n",
    "name-unicode": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ключ\n",
    "name-empty": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ''\n",
    "name-generate": "apiVersion: v1\nkind: Namespace\nmetadata:\n  generateName: a-\n",
    "metadata-null": "apiVersion: v1\nkind: Namespace\nmetadata: ~\n",
    "metadata-list": "apiVersion: v1\nkind: Namespace\nmetadata: [a]\n",
    "metadata-scalar": "apiVersion: v1\nkind: Namespace\nmetadata: x\n",
    "metadata-missing": "apiVersion: v1\nkind: Namespace\n",
    "metadata-dup": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\nmetadata:\n  name: b\n",
    "namespace-int": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: 5\n",
    "flow-signature": "{apiVersion: v1, kind: Namespace, metadata: {name: a}}\n",
    "json-signature": '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n',
    "json-Kind": '{"apiVersion": "v1", "Kind": "Namespace", "metadata": {"name": "a"}}\n',
    "kind-anchor": "apiVersion: v1\nkind: &k Namespace\nmetadata:\n  name: *k\n",
    "kind-merge": "<<: {apiVersion: v1, kind: Namespace}\nmetadata:\n  name: a\n",
    "kind-trailing-space": "apiVersion: v1\nkind: 'Namespace '\nmetadata:\n  name: a\n",
    "kind-block": "apiVersion: v1\nkind: |\n  Namespace\nmetadata:\n  name: a\n",
    "kind-folded": "apiVersion: v1\nkind: >-\n  Namespace\nmetadata:\n  name: a\n",
    "kind-multiline": "apiVersion: v1\nkind: Name\n  space\nmetadata:\n  name: a\n",
    "apiVersion-Kind-both": "apiVersion: v1\nkind: Namespace\nKind: ConfigMap\nmetadata:\n  name: a\n",
    "crd-app": application(),
    "crd-app-version-wrong": application().replace("v1alpha1", "v1beta1"),
    "crd-app-Kind": application().replace("kind: Application", "Kind: Application"),
  };
  return Object.entries(S);
}

function formats(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const times = [
    "2024-01-01T00:00:00Z", "2024-01-01", "2024-01-01T24:00:00Z", "2024-02-30T00:00:00Z", "2024-02-29T00:00:00Z",
    "2023-02-29T00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01t00:00:00z", "2024-01-01T00:00:00+01:00",
    "2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:60Z", "2024-01-01T23:59:60Z", "2024-13-01T00:00:00Z",
    "2024-01-01T00:00:00", "2024-1-1T00:00:00Z", "'2024-01-01T00:00:00Z'", "x", "''", "2024-01-01T00:00Z",
    "2024-01-01T00:00:00+0100", "2024-01-01T00:00:00.Z", "99999-01-01T00:00:00Z",
  ];
  times.forEach((t) => out.push([`reconciledAt-${slug(t)}`, `${application()}status:\n  reconciledAt: ${t}\n`]));
  times.forEach((t) => out.push([`observedAt-${slug(t)}`, `${application()}status:\n  observedAt: ${t}\n`]));
  const paths = ["apps", "a", ".", "..", "./", "x\\r.", "x\\n.", "\\r", "\\r\\r", "ab", "é", "a\\u2028.", "a\\u0085."];
  paths.forEach((p) =>
    out.push([
      `syncSource-path-${slug(p)}`,
      application().replace("  source:\n", `  sourceHydrator:\n    drySource:\n      repoURL: https://example.com/r.git\n      targetRevision: HEAD\n      path: dry\n    syncSource:\n      targetBranch: env\n      path: "${p}"\n  source:\n`),
    ]),
  );
  const urls = ["https://example.com/r.git", "ssh://git@example.com/r.git", "git@example.com:r.git", "http://x\\r", "https://x\\ny", "HTTPS://x", "ftp://x"];
  urls.forEach((u) =>
    out.push([`gitrepo-url-${slug(u)}`, `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: g\nspec:\n  interval: 1m\n  url: "${u}"\n`]),
  );
  // integer formats on core kinds
  for (const v of ["2147483647", "2147483648", "-1", "1.0", "1.5", "65535", "65536", "0"]) {
    out.push([`port-${v}`, `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: ${v}\n`]);
  }
  return out;
}

function nesting(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const depth of [10, 100, 500, 1000, 1500, 2500, 5000, 9000, 11000]) {
    out.push([`flow-seq-${depth}`, CONTEXTS.any!(`${"[".repeat(depth)}${"]".repeat(depth)}`)]);
  }
  for (const depth of [10, 100, 1000]) {
    out.push([`flow-map-${depth}`, CONTEXTS.any!(`${"{a: ".repeat(depth)}x${"}".repeat(depth)}`)]);
    let block = "";
    for (let i = 0; i < depth; i++) block += `${" ".repeat(10 + i)}k${i}:\n`;
    out.push([`block-map-${depth}`, `${application()}      helm:\n        valuesObject:\n${block}${" ".repeat(10 + depth)}x\n`]);
  }
  for (const depth of [10, 200, 2500]) {
    out.push([`data-seq-${depth}`, cm(`data:\n  k: ${"[".repeat(depth)}${"]".repeat(depth)}\n`)]);
  }
  out.push(["wide-map-2000", cm(`data:\n${Array.from({ length: 2000 }, (_, i) => `  k${i}: v\n`).join("")}`)]);
  out.push(["long-value-100k", cm(`data:\n  k: ${"x".repeat(100_000)}\n`)]);
  return out;
}

function json(): Array<[string, string]> {
  const j = (value: string) => `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}, "data": {"k": ${value}}}\n`;
  const values = [
    '"v"', '"\\/"', '"\\ud83d\\ude00"', '"\\u00e9"', '"it\\\'s"', '"\\x41"', '"\\t"', '"\\a"', '"\\e"', '"\\N"', '"\\_"',
    '"\\L"', '"\\P"', '"\\U0001F600"', '"\\q"', '"\\0"', '"\\ "', '"\\ud83d"', '"\\"', "1", "true", "null", "1e400", "[]",
    "{}", '"a\\\nb"', "'single'", '"multi\n  line"', '"\\u0000"',
  ];
  const out: Array<[string, string]> = values.map((v) => [`escape-${slug(v)}`, j(v)]);
  out.push(["trailing-comma", '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"},}\n']);
  out.push(["no-space", '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}\n']);
  out.push(["no-space-colon-value", '{apiVersion:v1,kind:Namespace,metadata:{name:a}}\n']);
  out.push(["multiline", '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {\n    "name": "a"\n  }\n}\n']);
  out.push(["dup-key", '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "name": "b"}}\n']);
  out.push(["array-top", '[{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}]\n']);
  out.push(["comment", '{"apiVersion": "v1", "kind": "Namespace", # c\n "metadata": {"name": "a"}}\n']);
  return out;
}

function blocks(): Array<[string, string]> {
  const B: Record<string, string> = {
    "literal": "|\n    a\n    b\n",
    "literal-strip": "|-\n    a\n",
    "literal-keep": "|+\n    a\n\n",
    "folded": ">\n    a\n    b\n",
    "folded-strip": ">-\n    a\n    b\n",
    "indent-indicator": "|2\n     a\n",
    "indent-indicator-bad": "|1\n    a\n",
    "indent-indicator-0": "|0\n    a\n",
    "literal-empty": "|\n",
    "literal-more-indented": "|\n    a\n      b\n    c\n",
    "literal-less-indented": "|\n      a\n    b\n",
    "literal-comment-header": "| # c\n    a\n",
    "literal-yes": "|\n    yes\n",
    "folded-number": ">\n    12\n",
    "plain-multiline": "a\n    b\n",
    "plain-multiline-colon": "a\n    b: c\n",
    "double-multiline": '"a\n    b"\n',
    "double-escaped-newline": '"a\\\n    b"\n',
    "single-multiline": "'a\n    b'\n",
    "single-quote-escape": "'it''s'\n",
    "plain-hash": "a#b\n",
    "plain-space-hash": "a #b\n",
    "plain-colon": "a:b\n",
    "plain-colon-space": "'a: b'\n",
    "plain-leading-percent": "'%x'\n",
    "plain-at": "'@x'\n",
    "plain-backtick": "'`x'\n",
    "plain-at-unquoted": "@x\n",
    "plain-backtick-unquoted": "`x\n",
    "plain-star": "'*x'\n",
    "plain-amp": "'&x'\n",
    "plain-bang": "'!x'\n",
    "plain-pipe": "'|x'\n",
    "plain-dash": "-x\n",
    "plain-dash-space": "'- x'\n",
    "plain-question": "?x\n",
    "plain-brackets": "a[b]\n",
    "plain-braces": "a{b}\n",
    "plain-comma": "a, b\n",
    "trailing-spaces": "a   \n",
    "unterminated-double": '"a\n',
    "unterminated-single": "'a\n",
  };
  return Object.entries(B).map(([name, v]) => [name, cm(`data:\n  k: ${v}`)]);
}

/** Every case, in a fixed order. */
export function generateEdgeCases(): EdgeCase[] {
  const classes: Array<[string, Array<[string, string | Buffer]>]> = [
    ["scalars", scalars()],
    ["tags", tags()],
    ["keys", keys()],
    ["anchors", anchors()],
    ["numbers", numbers()],
    ["bytes", bytes()],
    ["documents", documents()],
    ["lists", lists()],
    ["signatures", signatures()],
    ["formats", formats()],
    ["nesting", nesting()],
    ["json", json()],
    ["blocks", blocks()],
  ];
  const out: EdgeCase[] = [];
  const seen = new Set<string>();
  for (const [cls, cases] of classes) {
    for (const [name, content] of cases) {
      const id = `${cls}/${name}`;
      if (seen.has(id)) throw new Error(`duplicate edge case id ${id}`);
      seen.add(id);
      out.push({ id, class: cls, bytes: typeof content === "string" ? Buffer.from(content, "utf8") : content });
    }
  }
  return out;
}
