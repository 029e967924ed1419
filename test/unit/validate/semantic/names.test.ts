/**
 * generator/validate/semantic/names.ts against k8s.io/apimachinery v0.33.13: the good and bad values of the
 * upstream tests (pkg/util/validation/validation_test.go TestIsDNS1123Label, TestIsDNS1123Subdomain,
 * TestIsDNS1035Label, TestIsValidPortNum, TestIsValidUserID/GroupID, TestIsValidPortName, TestIsQualifiedName,
 * TestIsValidLabelValue, TestIsHTTPHeaderName, TestIsConfigMapKey, TestIsRelaxedEnvVarName;
 * pkg/api/validation/generic_test.go TestMaskTrailingDash), and the exact messages the Go functions return
 * for a set of inputs (apimachinery-messages.json, printed by apimachinery-messages.go.txt).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as names from "../../../../generator/validate/semantic/names.js";

const r = (s: string, n: number) => s.repeat(n);

/** [function, good values, bad values], as the upstream tests list them. */
const UPSTREAM: Array<[string, (v: string) => string[], string[], string[]]> = [
  [
    "IsDNS1123Label",
    names.isDNS1123Label,
    ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", r("a", 63)],
    ["", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", r("a", 64)],
  ],
  [
    "IsDNS1123Subdomain",
    names.isDNS1123Subdomain,
    ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1", "0.a", "01.a", "012.a", "1a.a", "1-a.a", "1--a--b--2", "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1", "a.b.c.d.e", "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55", r("a", 253)],
    ["", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", "A.a", "aB.a", "ab.A", "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1", "0.A", "01.A", "012.A", "1A.a", "1a.A", "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee", "a@b", "a,b", "a_b", "a;b", "a:b", "a%b", "a?b", "a$b", r("a", 254)],
  ],
  [
    "IsDNS1035Label",
    names.isDNS1035Label,
    ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", r("a", 63)],
    ["0", "01", "012", "1a", "1-a", "1--a--b--2", "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", r("a", 64)],
  ],
  ["IsValidPortName", names.isValidPortName, ["telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"], ["longerthan15characters", "", r("a", 16), "12345", "1-2-3-4", "-begin", "end-", "two--hyphens", "whois++"]],
  [
    "IsQualifiedName",
    names.isQualifiedName,
    ["simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple", "now-with-dashes/simple", "now-with-dashes/now-with-dashes", "now.with.dots/simple", "now-with.dashes-and.dots/simple", "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123", "requests.storage-foo", r("a", 63), `${r("a", 253)}/${r("b", 63)}`],
    ["nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-", "only/one/slash", "Example.com/abc", "example_com/abc", "example.com/", "/simple", r("a", 64), `${r("a", 254)}/abc`],
  ],
  [
    "IsValidLabelValue",
    names.isValidLabelValue,
    ["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", r("a", 63), ""],
    ["nospecialchars%^=@", "Tama-nui-te-rā.is.Māori.sun", "\\backslashes\\are\\bad", "-starts-with-dash", "ends-with-dash-", ".starts.with.dot", "ends.with.dot.", r("a", 64)],
  ],
  [
    "IsHTTPHeaderName",
    names.isHTTPHeaderName,
    ["Accept-Encoding", "Host", "If-Modified-Since", "X-Forwarded-For", "a", "ab", "abc", "a1", "-a", "a-", "a-b", "a-1", "a--1--2--b", "--abc-123", "A", "AB", "AbC", "A1", "-A", "A-", "A-B", "A-1", "A--1--2--B", "--123-ABC"],
    ["Host:", "X-Forwarded-For:", "X-@Home", "", "_", "a_", "_a", "1_", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", "#a#", "^", ",", ";", "=", "<", "?", "@", "{"],
  ],
  ["IsConfigMapKey", names.isConfigMapKey, ["a", "good", "good-good", "still.good", "this.is.also.good", ".so.is.this", "THIS_IS_GOOD", "so_is_this_17"], [".", "..", "..bad", "b*d", "bad!&bad"]],
  [
    "IsRelaxedEnvVarName",
    names.isRelaxedEnvVarName,
    ["-", ":", "_", "+a", ">a", "<a", "a.", "a..", "*a", "%a", "?a", "a:a", "a_a", "aAz", "~a", "|a", "a0a", "a9", "/a", "a ", "#a", "0a", "0 a", "'a", "(a", "@a"],
    ["", "=", "a=", "1=a", "a=b", "#%=&&", `${String.fromCharCode(1)}abc`, `${String.fromCharCode(130)}abc`, "Ç ç", "Ä ä", "Ñ ñ", "Ø ø"],
  ],
];

describe.each(UPSTREAM)("Test%s (apimachinery validation_test.go)", (_name, fn, good, bad) => {
  it.each(good.map((v) => [v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v, v]))("accepts %j", (_label, v) => {
    expect(fn(v)).toEqual([]);
  });
  it.each(bad.map((v) => [v.length > 40 ? `${v.slice(0, 20)}…(${v.length})` : v, v]))("refuses %j", (_label, v) => {
    expect(fn(v).length).toBeGreaterThan(0);
  });
});

describe("numbers (TestIsValidPortNum, TestIsValidUserID, TestIsValidGroupID)", () => {
  it("ports are 1 to 65535", () => {
    for (const p of [1, 2, 1000, 16384, 32768, 65535]) expect(names.isValidPortNum(p)).toEqual([]);
    for (const p of [0, -1, 65536, 100000]) expect(names.isValidPortNum(p)).toEqual(["must be between 1 and 65535, inclusive"]);
  });
  it("user and group IDs are 0 to 2^31 - 1", () => {
    for (const id of [0, 1, 1000, 65535, 2147483647]) expect(names.isValidUnixID(id)).toEqual([]);
    for (const id of [-1, -1003, 2147483648, 4147483647]) expect(names.isValidUnixID(id)).toEqual(["must be between 0 and 2147483647, inclusive"]);
  });
});

describe("generateName prefixes (TestMaskTrailingDash, generic_test.go)", () => {
  // maskTrailingDash replaces the last two characters of a name ending in '-' with "a".
  it.each([
    ["", false],
    ["-", true], // "-" is not masked (length 1): refused
    ["-foo", true],
    ["-foo-", true], // "-foa": still starts with a dash
    ["b-", false], // "a"
    ["ab", false],
    ["web-", false],
  ])("%j as a prefix: refused %s", (prefix, refused) => {
    if (prefix === "") expect(names.nameIsDNSSubdomain(prefix, true).length).toBeGreaterThan(0);
    else expect(names.nameIsDNSSubdomain(prefix, true).length > 0).toBe(refused);
  });
  it("masks only with prefix=true", () => {
    expect(names.nameIsDNSSubdomain("web-", false).length).toBeGreaterThan(0);
    expect(names.nameIsDNSLabel("web-", true)).toEqual([]);
    expect(names.nameIsDNS1035Label("web-", true)).toEqual([]);
  });
});

interface Row {
  fn: string;
  in: string;
  msgs: string[];
}
const FNS: Record<string, (s: string) => string[]> = {
  isDNS1123Label: names.isDNS1123Label,
  isDNS1123Subdomain: names.isDNS1123Subdomain,
  isDNS1035Label: names.isDNS1035Label,
  isValidPortName: names.isValidPortName,
  isQualifiedName: names.isQualifiedName,
  isValidLabelValue: names.isValidLabelValue,
  isHTTPHeaderName: names.isHTTPHeaderName,
  isConfigMapKey: names.isConfigMapKey,
  isRelaxedEnvVarName: names.isRelaxedEnvVarName,
  nameIsDNSSubdomainPrefix: (s) => names.nameIsDNSSubdomain(s, true),
  nameIsDNSLabelPrefix: (s) => names.nameIsDNSLabel(s, true),
  nameIsDNS1035LabelPrefix: (s) => names.nameIsDNS1035Label(s, true),
  isValidPortNum: (s) => names.isValidPortNum(Number(s)),
  isValidUnixID: (s) => names.isValidUnixID(Number(s)),
};
const rows = (JSON.parse(readFileSync(new URL("apimachinery-messages.json", import.meta.url), "utf8")) as { rows: Row[] }).rows;

describe("the exact messages of apimachinery v0.33.13 (apimachinery-messages.json)", () => {
  it("has rows for every function", () => {
    expect(new Set(rows.map((x) => x.fn))).toEqual(new Set(Object.keys(FNS)));
  });
  it.each(rows.map((x) => [x.fn, x.in.length > 40 ? `${x.in.slice(0, 20)}…(${x.in.length})` : x.in, x] as const))("%s(%j)", (_fn, _label, row) => {
    expect(FNS[row.fn]!(row.in)).toEqual(row.msgs);
  });
  it("writes regex errors as Go does: two spaces before each 'or'", () => {
    expect(names.regexError("msg", "re", "a", "b", "c")).toBe("msg (e.g. 'a',  or 'b',  or 'c', regex used for validation is 're')");
    expect(names.regexError("msg", "re", "a")).toBe("msg (e.g. 'a', regex used for validation is 're')");
    expect(names.regexError("msg", "re")).toBe("msg (regex used for validation is 're')");
  });
});
