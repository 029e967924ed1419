import { describe, expect, it } from "vitest";
import { DEFAULT_LOCATIONS, SchemaRegistry, validateYamlText } from "../../../generator/validate/index.js";
import { parseResource, splitDocuments } from "../../../generator/validate/resource.js";

const texts = (data: string) => splitDocuments("f.yaml", data).map((r) => [r.text, r.startLine]);

describe("splitDocuments (kubeconform's splitYAMLDocument)", () => {
  it.each<[string, string, (string | number)[][]]>([
    ["one document", "a: 1\n", [["a: 1\n", 1]]],
    ["two documents", "a: 1\n---\nb: 2\n", [["a: 1", 1], ["b: 2\n", 3]]],
    ["a leading --- stays in the first document", "---\na: 1\n", [["---\na: 1\n", 1]]],
    ["a zero-length document gives nothing", "\n---\na: 1\n", [["a: 1\n", 3]]],
    ["a second --- right after a separator starts the next document", "a: 1\n---\n---\nb: 2\n", [["a: 1", 1], ["---\nb: 2\n", 3]]],
    ["a comment-only document is kept (it reads as empty)", "a: 1\n---\n# c\n---\nb: 2", [["a: 1", 1], ["# c", 3], ["b: 2", 5]]],
    ["an empty file is one empty resource", "", [["", 1]]],
    ["a trailing separator adds nothing", "a: 1\n---\n", [["a: 1", 1]]],
    ["text after --- on the separator line is dropped", "a: 1\n--- # x\nb: 2\n", [["a: 1", 1], ["b: 2\n", 3]]],
    // stream.go: SplitYAMLDocument asks for more data at EOF and bufio.Scanner drops the rest
    ["a final '---  ' without a newline drops the document before it", "a: 1\n---  ", [["", 1]]],
    ["a final '--- # x' without a newline drops the document before it", "a: 1\n---\nb: 2\n--- # x", [["a: 1", 1]]],
    ["a final '---' without a newline keeps it", "a: 1\n---", [["a: 1", 1]]],
  ])("%s", (_name, data, expected) => {
    expect(texts(data)).toEqual(expected);
  });
});

describe("parseResource", () => {
  const one = (text: string, strict = true) => parseResource({ path: "f.yaml", index: 0, text, startLine: 10 }, strict);

  it("reads YAML 1.1 like go-yaml v2 (yes is a boolean) and signs the resource", () => {
    const [r] = one("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: ns }\ndata: { a: yes }\n");
    expect(r).toMatchObject({ state: "object", signature: { kind: "ConfigMap", version: "v1", name: "c", namespace: "ns" } });
    expect((r as unknown as { object: { data: { a: unknown } } }).object.data.a).toBe(true);
  });

  it("refuses duplicate keys under -strict only", () => {
    expect(one("kind: A\nkind: B\napiVersion: v1\n")[0]).toMatchObject({ state: "error", message: expect.stringContaining('line 2: key "kind" already set in map') });
    expect(one("kind: A\nkind: B\napiVersion: v1\n", false)[0]).toMatchObject({ state: "object" });
  });

  it.each([
    ["a comment only", "# nothing\n", "empty"],
    ["null", "~\n", "empty"],
    ["a syntax error", "a: [1\n", "error"],
    ["a scalar", "hello\n", "error"],
    ["no kind", "apiVersion: v1\n", "error"],
    ["no apiVersion", "kind: Pod\n", "error"],
  ])("%s → %s", (_name, text, state) => {
    expect(one(text)[0]!.state).toBe(state);
  });

  it.each([
    ["items: []", "apiVersion: v1\nkind: List\nitems: []\n"],
    ["no items", "apiVersion: v1\nkind: List\n"],
    ["items not a list", "apiVersion: v1\nkind: List\nitems: x\n"],
  ])("an empty List (%s) gives no result: resource.go's Resources() returns no item", (_name, text) => {
    expect(one(text)).toEqual([]);
  });

  it("expands a List into its items, located in the file", () => {
    const out = one("apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: { name: a }\n  - kind: Service\n");
    expect(out.map((r) => [r.state, r.signature.name])).toEqual([["object", "a"], ["error", ""]]);
    const first = out[0] as { locate: (p: string, k: boolean) => { line: number } };
    expect(first.locate("/metadata/name", false).line).toBe(15); // document starts at line 10
  });
});

describe("fast and positional readers agree", () => {
  // Each body gets a kind and apiVersion, so both readers give an object to compare (without them both give an
  // error and nothing is compared). A duplicate key sends the second parse to the positional reader (non-strict
  // mode lets the last one win), so the comparison is fast reader vs positional reader.
  const HEAD = "apiVersion: v1\nkind: Widget\n";
  it.each([
    "a: 2020-01-01T00:00:00Z\nb: yes\nc: 0777\nd: 1_000\ne: 1:30\nf: 0o17\ng: =\nbase: &b {x: 1}\nm:\n  <<: *b\n  z: 2\n",
    "metadata: { name: p }\nspec: { containers: [ { name: a, image: 'b:1' } ] }\n",
    "h: 0b101\ni: 0x1F\nj: ~\nk: Null\nl: 1.5e+3\no: ON\np: n\nq: 190:20:30\nr: 685.230_15e+03\ns: +12\nt: -0\nu: .5\nv: 08\nw: 1e3\nx: Off\ny: ''\nz:\n",
  ])("%j reads the same either way (go-yaml v2 types, timestamps as strings)", (body) => {
    const text = HEAD + body;
    const [viaFast] = parseResource({ path: "f", index: 0, text, startLine: 1 }, true);
    const [viaSlow] = parseResource({ path: "f", index: 0, text: `${text}zz: 1\nzz: 2\n`, startLine: 1 }, false);
    expect(viaFast!.state).toBe("object");
    expect(viaSlow!.state).toBe("object");
    const fast = (viaFast as { object: Record<string, unknown> }).object;
    const { zz, ...slowObject } = (viaSlow as { object: Record<string, unknown> }).object;
    expect(zz).toBe(2);
    expect(slowObject).toEqual(fast);
    expect(Object.keys(fast).length).toBeGreaterThan(2);
    if ("a" in fast) expect(fast.a).toBe("2020-01-01T00:00:00Z");
  });

  it("spot-checks go-yaml v2's scalars on the positional reader: sexagesimal stays a string, underscores are dropped from ints, yes/on/n are booleans", () => {
    const [r] = parseResource({ path: "f", index: 0, text: `${HEAD}e: 1:30\nq: 190:20:30\nd: 1_000\nb: yes\no: ON\np: n\nc: 0777\nzz: 1\nzz: 2\n`, startLine: 1 }, false);
    expect((r as { object: Record<string, unknown> }).object).toMatchObject({ e: "1:30", q: "190:20:30", d: 1000, b: true, o: true, p: false, c: 511 });
  });

  it.each([".inf", "-.Inf", ".nan"])("%s is an error on the positional reader too (sigs.k8s.io/yaml cannot make JSON of it)", (v) => {
    const text = `${HEAD}metadata: { name: w }\nm: ${v}\nzz: 1\nzz: 2\n`;
    const [viaFast] = parseResource({ path: "f", index: 0, text: text.replace("zz: 1\n", ""), startLine: 1 }, false);
    const [viaSlow] = parseResource({ path: "f", index: 0, text, startLine: 1 }, false);
    expect(viaFast).toMatchObject({ state: "error", message: expect.stringContaining("json: unsupported value") });
    expect(viaSlow).toMatchObject({ state: "error", message: (viaFast as { message: string }).message });
  });
});

describe("a non-strict ConfigMap with a duplicate key (the positional reader) is validated with go-yaml v2's numbers", () => {
  const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", false);
  const options = { registry, strict: false, ignoreMissingSchemas: false, skip: new Set<string>(), reject: new Set<string>() };
  const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n${data}`;

  it("t: 1:30 is the string \"1:30\", so the ConfigMap is valid (YAML 1.1's base 60 would make it 90, invalid)", () => {
    const [r] = validateYamlText("f.yaml", cm("  k: a\n  k: b\n  t: 1:30\n"), options);
    expect(r).toMatchObject({ status: "valid" });
  });

  it("t: 12 and t: 1_000 are numbers (go-yaml v2 drops underscores), so invalid; t: 1:30:00 stays a string", () => {
    expect(validateYamlText("f.yaml", cm("  k: a\n  k: b\n  t: 1_000\n"), options)[0]).toMatchObject({ status: "invalid" });
    expect(validateYamlText("f.yaml", cm("  k: a\n  k: b\n  t: 1:30:00\n"), options)[0]).toMatchObject({ status: "valid" });
    expect(validateYamlText("f.yaml", cm("  k: a\n  k: b\n  t: 12\n"), options)[0]).toMatchObject({ status: "invalid" });
  });

  it("the same text without the duplicate (the fast reader) gives the same verdicts", () => {
    expect(validateYamlText("f.yaml", cm("  k: b\n  t: 1:30\n"), options)[0]).toMatchObject({ status: "valid" });
    expect(validateYamlText("f.yaml", cm("  k: b\n  t: 12\n"), options)[0]).toMatchObject({ status: "invalid" });
  });
});
