import { describe, expect, it } from "vitest";
import { goPatternToJs, withGoPatterns } from "../../../generator/validate/go-regexp.js";

// Go's regexp: `.` is OpAnyCharNotNL (everything but \n); JavaScript's `.` also stops at \r, U+2028, U+2029.
describe("goPatternToJs", () => {
  it.each([
    ["^a.b$", "^a[^\\n]b$"],
    ["^a\\.b$", "^a\\.b$"],
    ["^[.a]+$", "^[.a]+$"],
    ["^[^.]*.$", "^[^.]*[^\\n]$"],
    ["^[]a.]$", "^[]a.]$"],
    ["abc", "abc"],
  ])("%s → %s", (go, js) => expect(goPatternToJs(go)).toBe(js));

  it.each([
    ["x\r.", true],
    ["a\u2028.", true],
    ["a\u0085.", true],
    ["x\n.", false],
  ])("the translated ^.+\\.$ matches %j as Go does: %s", (s, matches) => {
    expect(new RegExp(goPatternToJs("^.+\\.$"), "u").test(s)).toBe(matches);
  });

  it("translates pattern and patternProperties keys anywhere in a schema", () => {
    expect(withGoPatterns({ properties: { a: { pattern: "." } }, patternProperties: { "^x.$": { pattern: "a.b" } } })).toEqual({
      properties: { a: { pattern: "[^\\n]" } },
      patternProperties: { "^x[^\\n]$": { pattern: "a[^\\n]b" } },
    });
  });
});
