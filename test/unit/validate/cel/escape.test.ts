// Cases from k8s.io/apiserver pkg/cel/escaping_test.go (v0.33) TestEscaping.
import { describe, expect, it } from "vitest";
import { escapeProperty } from "../../../../generator/validate/cel/escape.js";

describe("escapeProperty (apiserver pkg/cel/escaping.go)", () => {
  it.each([
    ["a.a", "a__dot__a"],
    ["a-a", "a__dash__a"],
    ["a__a", "a__underscores__a"],
    ["a.-/__a", "a__dot____dash____slash____underscores__a"],
    ["a._a", "a__dot___a"],
    ["a__.__a", "a__underscores____dot____underscores__a"],
    ["a___a", "a__underscores___a"],
    ["a____a", "a__underscores____underscores__a"],
    ["a__dot__a", "a__underscores__dot__underscores__a"],
    ["a__underscores__a", "a__underscores__underscores__underscores__a"],
    ["true", "__true__"],
    ["null", "__null__"],
    ["in", "__in__"],
    ["namespace", "__namespace__"],
    ["while", "__while__"],
    ["has", "has"],
    ["exists_one", "exists_one"],
    ["getSeconds", "getSeconds"],
    ["_if", "_if"],
    ["_anything", "_anything"],
  ])("%s -> %s", (name, escaped) => {
    expect(escapeProperty(name)).toBe(escaped);
  });

  it.each(["@", "1up", "👑", ""])("%s cannot be escaped", (name) => {
    expect(escapeProperty(name)).toBeUndefined();
  });
});
