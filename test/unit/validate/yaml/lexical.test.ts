import { describe, expect, it } from "vitest";
import { checkEscapes, checkLexical, mayNeedLexicalCheck } from "../../../../generator/validate/yaml/lexical.js";
import { CM, readAll, readOne } from "./helpers.js";

// Expected verdicts: gopkg.in/yaml.v2 scannerc.go (yaml_parser_scan_to_next_token, yaml_parser_scan_plain_scalar,
// yaml_parser_stale_simple_keys, yaml_parser_scan_anchor, yaml_parser_scan_flow_scalar) and parserc.go
// (yaml_parser_parse_document_start), each checked against sigs.k8s.io/yaml v1.4.0.
describe("tabs", () => {
  it.each([
    ["a line holding only a tab, after a plain value (left of its indentation)", "a:\n  b: 1\n\t\n  c: 2\n", "found a tab character that violates indentation"],
    ["spaces then a tab, still left of the indentation", "a:\n  b: 1\n  \t\n  c: 2\n", "found a tab character that violates indentation"],
    ["a tab before a comment", "x:\n- a: 1\n  \t# x\n", "found a tab character that violates indentation"],
    ["a tab line after a quoted value", 'a: "q"\n\t\n', "found character that cannot start any token"],
    ["a tab line after a comment", "a: x # c\n  \t\n", "found character that cannot start any token"],
    ["a tab at the end of the document", "a:\n  b: x\n\t", "found a tab character that violates indentation"],
  ])("%s is an error", (_name, text, message) => {
    expect(checkLexical(text)).toEqual({ error: expect.stringContaining(message) });
  });

  it.each([
    ["a tab line right of the plain value's indentation", "a: 1\n  \t\nb: 2\n"],
    ["tabs in a flow collection", "a: [1,\n\t2]\n"],
    ["a tab inside a block scalar's content", "a: |\n  x\n  \ty\n"],
    ["a tab in a multi-line double-quoted scalar", 'a: "x\n\ty"\n'],
    ["a tab after a value", "a: x\t\n"],
  ])("%s is fine", (_name, text) => expect(checkLexical(text)).toEqual({ text }));
});

describe("implicit keys over 1,024 characters (the simple key limit)", () => {
  it.each([
    [`${"k".repeat(1025)}: v\n`, false],
    [`"${"k".repeat(1023)}": v\n`, false],
    [`  ${"k".repeat(1100)}: v\n`, false],
    [`${"k".repeat(1024)}: v\n`, true],
    [`k: ${"v".repeat(3000)}\n`, true],
  ])("key of %#: ok=%s", (text, ok) => {
    expect(checkLexical(text).error === undefined).toBe(ok);
  });
});

describe("a simple key must end on its own line (yaml_parser_stale_simple_keys), in flow context too", () => {
  it.each([
    ["a double-quoted flow key with a line break", '{"a\nb": 1}\n', "did not find expected ',' or '}'"],
    ["a flow key whose ':' is on the next line", '{"a"\n: 1}\n', "did not find expected ',' or '}'"],
    ["a plain flow key over two lines", "{a\nb: 1}\n", "did not find expected ',' or '}'"],
    ["a nested flow key", 'x: {"a\n b": 1}\n', "did not find expected ',' or '}'"],
    ["a double-quoted block key with a line break", '"a\nb": 1\n', "mapping values are not allowed in this context"],
  ])("%s is an error", (_name, text, message) => expect(checkLexical(text)).toEqual({ error: expect.stringContaining(message) }));

  it.each([
    ["a multi-line flow value", '{"x": "a\nb"}\n'],
    ["a multi-line sequence item", '["a\nb"]\n'],
    ["an explicit flow key", "{? a\n  b : 1}\n"],
  ])("%s is fine", (_name, text) => expect(checkLexical(text).error).toBeUndefined());

  it("a JSON manifest with a line break inside a key is an error with no signature", () => {
    expect(readOne('{"apiVersion": "v1", "kind": "Namespace", "meta\ndata": {"name": "a"}}\n')).toMatchObject({ state: "error", sig: "||" });
  });
});

describe("plain scalars in flow context (yaml_parser_scan_plain_scalar ends them at '?' and ',[]{}')", () => {
  it.each([
    ["a '?' inside a flow sequence item", "[x?a]\n", "did not find expected ',' or ']'"],
    ["a '?' in a flow mapping value (a URL query)", "args: {u: http://x?a=b}\n", "did not find expected ',' or '}'"],
    ["':' before '['", "{a:[1]}\n", "found unexpected ':'"],
    ["':' before '[' in a value", "{a: b:[c]}\n", "found unexpected ':'"],
    ["a ':' starting a flow sequence entry", 'args: [:"--x", "y"]\n', "did not find expected node content"],
    ["a ': ' after a comma in a flow sequence", "[a, : b]\n", "did not find expected node content"],
    ["a second value indicator in a flow mapping", '{"a": :"v1"}\n', "did not find expected node content"],
    ["a '?' inside a plain scalar after a leading '?'", "[?a?b]\n", "did not find expected ',' or ']'"],
  ])("%s is an error", (_name, text, message) => expect(checkLexical(text)).toEqual({ error: expect.stringContaining(message) }));
  it("a '?' glued to a flow key is go-yaml's key indicator: written '? ' so the readers agree", () => {
    expect(checkLexical('{"a": 1, ?"b": 2}\n')).toEqual({ text: '{"a": 1, ? "b": 2}\n' });
    expect(readOne('{"apiVersion": "v1", "kind": "Namespace", ?"metadata": {"name": "a"}}\n').sig).toBe("Namespace|a|v1");
  });
  it.each([["a leading '?' (an explicit key)", "[?a]\n"], ["a JSON key before '['", '{"a":[1]}\n'], ["a '?' in block context", "a: x?y\n"]])("%s is fine", (_name, text) => {
    expect(checkLexical(text).error).toBeUndefined();
  });
});

describe("the document ends where its root node does (parserc.go: an implicit document end)", () => {
  it.each([
    ["an indented root mapping, then a dedented key", "  a: 1\nb: 2\n", "  a: 1\n"],
    ["the same after comments and ---", "# c\n---\n  a: 1\nb: 2\n", "# c\n---\n  a: 1\n"],
    ["content after a root flow mapping on the same line", "{a: 1} x\n", "{a: 1} "],
  ])("%s", (_name, text, first) => expect(checkLexical(text)).toEqual({ text: first }));
  it.each(['{"a": 1}"b": 2\n', "{a: 1} b: 2\n", "[a] b: 2\n"])("%j: a key on the root flow collection's line is an error", (text) => {
    expect(checkLexical(text)).toEqual({ error: "yaml: did not find expected key" });
  });
  it.each([["a root flow mapping used as a key", "{a: 1}: b\n"], ["a root block scalar", "--- |\n  text\n"], ["an indented root sequence", "  - a\n  - b\n"]])("%s is kept whole", (_name, text) => {
    expect(checkLexical(text)).toEqual({ text });
  });
  it("an indented apiVersion line then kind at column 0: only {apiVersion} is read, so kind is missing", () => {
    expect(readOne("  apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")).toMatchObject({ state: "error", sig: "||v1", message: "error while parsing: missing 'kind' key" });
  });
});

describe("anchor and alias names ([0-9A-Za-z_-] only)", () => {
  it.each(["a: &a.b x\n", "a: &a/b x\n", "a: &a+b x\n", "a: &ключ x\n", "a: *x.y\n"])("%j is an error", (text) => {
    expect(checkLexical(text)).toEqual({ error: expect.stringContaining("did not find expected alphabetic or numeric character") });
  });
  it.each(["a: &a-b x\nb: *a-b\n", "a: &A_1 x\n", "cmd: a && b\n"])("%j is fine", (text) => expect(checkLexical(text).error).toBeUndefined());
});

describe("double-quoted escapes (yaml_parser_scan_flow_scalar)", () => {
  it.each([
    ['"\\/"', "found unknown escape character"],
    ['"\\q"', "found unknown escape character"],
    ['"\\ud83d"', "found invalid Unicode character escape code"],
    ['"\\ud83d\\ude00"', "found invalid Unicode character escape code"],
    ['"\\x4"', "did not find expected hexdecimal number"],
  ])("%s is an error", (token, error) => expect(checkEscapes(token)).toEqual({ error }));

  it.each([
    ['"it\\\'s"', `"it's"`],
    ['"a\\\\\'b"', '"a\\\\\'b"'], // an escaped backslash, then a plain apostrophe
    ['"\\U0001F600 \\t \\N \\_ \\e"', '"\\U0001F600 \\t \\N \\_ \\e"'],
  ])("%s reads as %s", (token, text) => expect(checkEscapes(token)).toEqual({ text }));

  it("a document with \\' is valid and reads the apostrophe", () => {
    expect(readOne(`${CM}data:\n  k: "it\\'s"\n`).object).toMatchObject({ data: { k: "it's" } });
  });
});

describe("the first document only (yaml.Unmarshal reads one)", () => {
  it.each([
    ["content after ...", `${CM}...\nb: 1\n`, CM],
    ["a syntax error after ...", `${CM}...\nb: [\n`, CM],
    ["two JSON objects on consecutive lines", '{"a": 1}\n{"b": [\n', '{"a": 1}\n'],
    ["a second --- (after line breaks were normalized)", "a: 1\n---\nb: 2\n", "a: 1\n"],
    ["an explicit document that ends at once", "---\n...\n", "---\n"],
  ])("%s", (_name, text, first) => expect(checkLexical(text)).toEqual({ text: first }));

  it.each(["...\n", "# c\n...\n", "\n...\nkind: x\n"])("%j: ... before any content is an error", (text) => {
    expect(checkLexical(text)).toEqual({ error: expect.stringContaining("did not find expected node content") });
  });

  it("a file holding only ... is one error result; content after ... is ignored", () => {
    expect(readAll("...\n").map((r) => r.state)).toEqual(["error"]);
    expect(readOne(`${CM}...\n${CM}data: [\n`)).toMatchObject({ state: "object", sig: "ConfigMap|cm|v1" });
  });
});

describe("mayNeedLexicalCheck: the cheap test", () => {
  it("is false for an ordinary manifest", () => {
    expect(mayNeedLexicalCheck(`${CM}data:\n  script: |\n    echo "$A" && exit 0\n`)).toBe(false);
  });
  it.each([`${CM}\t\n`, `${CM}...\n`, `k: "\\/"\n`, `a: &a.b x\n`, `${"k".repeat(1100)}: v\n`, '{"a": 1}\n{"b": 2}\n'])("is true for %j", (text) => {
    expect(mayNeedLexicalCheck(text)).toBe(true);
  });
});
