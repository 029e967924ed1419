import { describe, expect, it } from "vitest";
import { decodeSignature, plainSignature } from "../../../../generator/validate/yaml/signature.js";
import { readAll, readOne } from "./helpers.js";

// Expected signatures: kubeconform v0.7.0 pkg/resource/resource.go (Signature: sigs.k8s.io/yaml.Unmarshal into a
// struct), sigs.k8s.io/yaml yaml.go (convertToJSONableObject toward string fields) and encoding/json (keys
// matched case-insensitively, in json.Marshal's sorted order), checked against sigs.k8s.io/yaml v1.4.0.
const ns = (meta: string, head = "kind: Namespace\napiVersion: v1\n") => `${head}metadata: ${meta}\n`;

describe("the lenient signature of a document", () => {
  it.each([
    ["Kind: capitalised", "Kind: Namespace\napiVersion: v1\nmetadata: {name: a}\n", "Namespace|a|v1"],
    ["KIND upper case", "KIND: Namespace\napiVersion: v1\nmetadata: {name: a}\n", "Namespace|a|v1"],
    ["ApiVersion and Metadata/Name capitalised", "kind: Namespace\nApiVersion: v1\nMetadata: {Name: a}\n", "Namespace|a|v1"],
    ["kind: 123", "kind: 123\napiVersion: v1\nmetadata: {name: a}\n", "123|a|v1"],
    ["kind: true", "kind: yes\napiVersion: v1\nmetadata: {name: a}\n", "true|a|v1"],
    ["apiVersion: 1.0 (a float)", "kind: Namespace\napiVersion: 1.0\nmetadata: {name: a}\n", "Namespace|a|1"],
    ["name: 0755 (octal int)", ns("{name: 0755}"), "Namespace|493|v1"],
    ["name: 0x1F", ns("{name: 0x1F}"), "Namespace|31|v1"],
    ["name: 1e3 (float)", ns("{name: 1e3}"), "Namespace|1000|v1"],
    ["name: 1e6 (float, %e)", ns("{name: 1e6}"), "Namespace|1e+06|v1"],
    ["name: 1000000 (int)", ns("{name: 1000000}"), "Namespace|1000000|v1"],
    ["name: 123456789012345678901234567890 (a float)", ns("{name: 123456789012345678901234567890}"), "Namespace|1.2345679e+29|v1"],
    ["name: !!binary", ns("{name: !!binary aGVsbG8=}"), "Namespace|hello|v1"],
    ["generateName", ns("{generateName: web-}"), "Namespace|web-{{ generateName }}|v1"],
  ])("%s → %s", (_name, text, sig) => expect(readOne(text).sig).toBe(sig));

  it.each([
    ["name as a list", ns("{name: [a]}")],
    ["name as a map", ns("{name: {a: b}}")],
    ["metadata as a list", ns("[a]")],
    ["metadata as a scalar", ns("x")],
  ])("%s: an error (json: cannot unmarshal), the other fields shown", (_name, text) => {
    expect(readOne(text)).toMatchObject({ state: "error", sig: "Namespace||v1", message: expect.stringContaining("cannot unmarshal") });
  });

  it("name: .inf is shown as +Inf; the document is an error (JSON has no Inf)", () => {
    expect(readOne(ns("{name: .inf}"))).toMatchObject({ state: "error", sig: "Namespace|+Inf|v1" });
  });

  it.each([
    ["kind", "kind: Namespace\nkind: Secret\napiVersion: v1\nmetadata: {name: a}\n", "Secret|a|v1"],
    ["name", ns("{name: first, name: second}"), "Namespace|second|v1"],
    ["metadata", "kind: Namespace\napiVersion: v1\nmetadata: {name: a}\nmetadata: {name: b}\n", "Namespace|b|v1"],
  ])("a duplicate %s under -strict: an error, shown with the last value (the lenient decode)", (_name, text, sig) => {
    expect(readOne(text)).toMatchObject({ state: "error", sig });
  });

  it("of kind and KIND the one sorting last in bytes wins (kind)", () => {
    expect(readOne("KIND: Secret\nkind: Namespace\napiVersion: v1\nmetadata: {name: a}\n").sig).toBe("Namespace|a|v1");
  });

  it("no kind is an error with the rest shown", () => {
    expect(readOne("apiVersion: v1\nmetadata: {name: a}\n")).toMatchObject({ state: "error", sig: "|a|v1", message: "error while parsing: missing 'kind' key" });
  });
});

describe("decodeSignature and plainSignature", () => {
  it("merges a second metadata map into the first (json decodes into the same struct)", () => {
    expect(decodeSignature({ kind: "K", apiVersion: "v", Metadata: { name: "a" }, metadata: { namespace: "n" } })).toMatchObject({ name: "a", namespace: "n" });
  });
  it("leaves an integer from 1,000,000 to the exact reader: its text depends on int or float", () => {
    expect(plainSignature({ kind: "K", apiVersion: "v", metadata: { name: 1000000 } })).toBeUndefined();
    expect(plainSignature({ kind: "K", apiVersion: "v", metadata: { name: 42 } })).toMatchObject({ name: "42" });
    expect(plainSignature({ kind: "K", apiVersion: "v", metadata: { name: 1.5 } })).toMatchObject({ name: "1.5" });
  });
});

describe("Lists (resource.go: Resources)", () => {
  const list = (head: string, items: string) => `${head}items:\n${items}`;
  const item = "- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a}\n";
  it.each([
    ["kind: List # comment", "apiVersion: v1\nkind: List # c\n"],
    ['"kind": List', 'apiVersion: v1\n"kind": List\n'],
    ["Kind: LIST", "apiVersion: v1\nKind: LIST\n"],
    ["apiVersion: 1 (read leniently)", "apiVersion: 1\nkind: List\n"],
  ])("%s is a List whose items are validated", (_name, head) => {
    expect(readAll(list(head, item)).map((r) => [r.state, r.signature.kind])).toEqual([["object", "Namespace"]]);
  });

  it("a JSON List is a List", () => {
    expect(readAll('{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}]}\n').map((r) => r.signature.kind)).toEqual(["Namespace"]);
  });

  it("a List without apiVersion is not expanded (its signature fails)", () => {
    expect(readAll(list("kind: List\n", item)).map((r) => r.state)).toEqual(["error"]);
  });

  it("an empty List gives nothing of its own: the file gets kubeconform's one empty result", () => {
    expect(readAll("apiVersion: v1\nkind: List\nitems: []\n")).toEqual([]);
  });

  it("items are read leniently even under -strict (duplicates inside are not errors)", () => {
    expect(readAll(list("apiVersion: v1\nkind: List\n", "- apiVersion: v1\n  kind: Namespace\n  metadata: {name: a, name: b}\n")).map((r) => [r.state, r.signature.name])).toEqual([["object", "b"]]);
  });
});
