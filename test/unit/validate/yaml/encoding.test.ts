import { describe, expect, it } from "vitest";
import { decodeDocumentBytes, isCleanUtf8, normalizeLineBreaks } from "../../../../generator/validate/yaml/encoding.js";
import { CM, readAll, readOne } from "./helpers.js";

// Expected verdicts: gopkg.in/yaml.v2 readerc.go (yaml_parser_determine_encoding, yaml_parser_update_buffer)
// and yamlprivateh.go (is_break), as kubeconform v0.7.0 reads each document it split from the file's bytes.
const utf8 = (s: string) => Buffer.from(s, "utf8");
const withBytes = (before: string, bytes: number[], after: string) => Buffer.concat([utf8(before), Buffer.from(bytes), utf8(after)]);

describe("decodeDocumentBytes (readerc.go)", () => {
  it.each<[string, number[], string]>([
    ["a lone continuation byte", [0x80], "yaml: invalid leading UTF-8 octet"],
    ["0xff", [0xff], "yaml: invalid leading UTF-8 octet"],
    ["a truncated sequence before ASCII", [0xe2, 0x82], "yaml: invalid trailing UTF-8 octet"],
    ["an overlong NUL", [0xc0, 0x80], "yaml: invalid length of a UTF-8 sequence"],
    ["an encoded surrogate", [0xed, 0xa0, 0x80], "yaml: invalid Unicode character"],
    ["beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80], "yaml: invalid Unicode character"],
    ["NUL", [0x00], "yaml: control characters are not allowed"],
    ["ESC", [0x1b], "yaml: control characters are not allowed"],
    ["DEL", [0x7f], "yaml: control characters are not allowed"],
    ["C1 U+0080", [0xc2, 0x80], "yaml: control characters are not allowed"],
    ["U+FFFE", [0xef, 0xbf, 0xbe], "yaml: control characters are not allowed"],
  ])("%s is an error", (_name, bytes, error) => {
    expect(decodeDocumentBytes(Buffer.concat([utf8("a: "), Buffer.from(bytes), utf8("b\n")]))).toEqual({ error });
  });

  it.each<[string, number[]]>([
    ["NEL", [0xc2, 0x85]],
    ["NBSP", [0xc2, 0xa0]],
    ["an astral emoji", [0xf0, 0x9f, 0x98, 0x80]],
    ["a private-use character", [0xee, 0x80, 0x80]],
    ["TAB", [0x09]],
  ])("%s is allowed", (_name, bytes) => {
    expect(decodeDocumentBytes(Buffer.concat([utf8("a: "), Buffer.from(bytes), utf8("b\n")])).error).toBeUndefined();
  });

  it("decodes UTF-16 with either BOM, and refuses a broken one", () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("a: é\n", "utf16le")]);
    const be = Buffer.from(le).swap16();
    expect(decodeDocumentBytes(le)).toEqual({ text: "a: é\n" });
    expect(decodeDocumentBytes(be)).toEqual({ text: "a: é\n" });
    expect(decodeDocumentBytes(Buffer.concat([le, Buffer.from([0x41])]))).toEqual({ error: "yaml: incomplete UTF-16 character" });
    expect(decodeDocumentBytes(Buffer.from([0xff, 0xfe, 0x00, 0xdc]))).toEqual({ error: "yaml: unexpected low surrogate area" });
    expect(decodeDocumentBytes(Buffer.from([0xff, 0xfe, 0x3d, 0xd8, 0x41, 0x00]))).toEqual({ error: "yaml: expected low surrogate area" });
  });

  it("a sequence cut by the end of the document is incomplete", () => {
    expect(decodeDocumentBytes(Buffer.from([0x61, 0xe2, 0x82]))).toEqual({ error: "yaml: incomplete UTF-8 octet sequence" });
  });

  it("drops a UTF-8 BOM", () => expect(decodeDocumentBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: "a" }));
});

describe("isCleanUtf8: the fast path's test", () => {
  it.each<[string, Buffer, boolean]>([
    ["ASCII", utf8(CM), true],
    ["CRLF and é", utf8("a: é\r\n"), true],
    ["a control character", utf8("a: \u0001"), false],
    ["invalid UTF-8", Buffer.from([0x61, 0xff]), false],
    ["a UTF-16 BOM", Buffer.from([0xff, 0xfe, 0x61, 0x00]), false],
  ])("%s → %s", (_name, bytes, clean) => expect(isCleanUtf8(bytes, bytes.toString("utf8"))).toBe(clean));
});

describe("normalizeLineBreaks (is_break: CR, LF, CRLF, NEL, LS, PS)", () => {
  it.each([
    ["a\rb", "a\nb"],
    ["a\r\nb\rc", "a\nb\nc"],
    ["a\u0085b\u2028c\u2029d", "a\nb\nc\nd"],
  ])("%j → %j", (input, output) => expect(normalizeLineBreaks(input)).toBe(output));
  it("returns the same string when there is nothing to do", () => {
    const s = "a\r\nb\n"; // CRLF alone: js-yaml reads it as go-yaml does
    expect(normalizeLineBreaks(s)).toBe(s);
  });
});

describe("documents from bytes, as kubeconform reads them", () => {
  it("a bad byte makes only its own document an error, a comment included", () => {
    const file = Buffer.concat([utf8(`${CM}---\n${CM}# c`), Buffer.from([0xff]), utf8(`\n---\n${CM}`)]);
    expect(readAll(file).map((r) => r.state)).toEqual(["object", "error", "object"]);
  });

  it.each([
    ["in a value", withBytes(`${CM}data:\n  k: a`, [0x07], "b\n")],
    ["in a double-quoted value", withBytes(`${CM}data:\n  k: "a`, [0x0c], 'b"\n')],
    ["in a key", withBytes(`${CM}data:\n  a`, [0xc2, 0x9f], "b: v\n")],
  ])("a control character %s is an error with no signature", (_name, bytes) => {
    expect(readOne(bytes)).toMatchObject({ state: "error", sig: "||", message: expect.stringContaining("control characters are not allowed") });
  });

  it("UTF-16 with a BOM is read, its first document only (kubeconform's splitter does not see UTF-16 separators)", () => {
    const text = `${CM}data:\n  k: v\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n`;
    const out = readAll(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    expect(out.map((r) => [r.state, r.signature.kind])).toEqual([["object", "ConfigMap"]]);
  });

  it("UTF-16 without a BOM is UTF-8 with NULs: an error", () => {
    expect(readOne(Buffer.from(CM, "utf16le")).state).toBe("error");
  });

  it.each([
    ["NEL in a plain value", withBytes(`${CM}data:\n  k: a`, [0xc2, 0x85], "b\n"), "error"],
    ["LS in a comment", withBytes(`${CM}data:\n  k: v # c`, [0xe2, 0x80, 0xa8], "c\n"), "error"],
    ["a lone CR in a plain value", withBytes(`${CM}data:\n  k: a`, [0x0d], "b\n"), "error"],
    ["PS in a double-quoted value (folded)", withBytes(`${CM}data:\n  k: "a`, [0xe2, 0x80, 0xa9], 'b"\n'), "object"],
  ])("%s: a line break to go-yaml → %s", (_name, bytes, state) => expect(readOne(bytes).state).toBe(state));

  it("NEL inside a key splits the line: data is 'a', b is a new top-level key (unknown under -strict)", () => {
    expect(readOne(withBytes(`${CM}data:\n  a`, [0xc2, 0x85], "b: v\n")).object).toMatchObject({ data: "a", b: "v" });
  });

  it("CR-only line ends: one kubeconform document, of which go-yaml reads the first", () => {
    const out = readAll(`${CM}data:\n  k: v\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n`.replace(/\n/g, "\r"));
    expect(out.map((r) => [r.state, r.signature.kind])).toEqual([["object", "ConfigMap"]]);
  });
});
