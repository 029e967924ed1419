import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveUnder, unsafePathReason } from "../../../generator/write/paths.js";

describe("unsafePathReason", () => {
  it.each<[unknown, string | undefined]>([
    ["base/web/deployment.yaml", undefined],
    ["ab:c/x.yaml", undefined], // a colon after two letters is not a Windows drive
    ["x/C:y", undefined],
    ["...", undefined],
    ["", "is empty"],
    [7, "is empty"],
    ["a\0b", "contains a NUL byte"],
    ["a\\b", "contains a backslash"],
    ["/etc/passwd", "is absolute"],
    ["C:/x", "is absolute"],
    ["c:x", "is absolute"],
    ["../x", "escapes the output root (..)"],
    ["a/../../x", "escapes the output root (..)"],
    ["a//b", "has an empty or '.' segment"],
    ["./a", "has an empty or '.' segment"],
    ["a/", "has an empty or '.' segment"],
  ])("%j: %s", (rel, reason) => {
    expect(unsafePathReason(rel)).toBe(reason);
  });
});

describe("resolveUnder", () => {
  const root = "/tmp/root";
  it("joins a safe path under the root", () => {
    expect(resolveUnder(root, "base/web/x.yaml")).toBe(join(root, "base", "web", "x.yaml"));
  });

  it.each([
    ["../x", ": escapes the output root (..)"],
    ["/etc/passwd", ": is absolute"],
    ["", ": is empty"],
    ["a/./b", ": has an empty or '.' segment"],
  ])("refuses %j with an internal error naming the reason", (rel, why) => {
    expect(() => resolveUnder(root, rel)).toThrow(`internal: refusing to resolve ${JSON.stringify(rel)} under ${root}${why}`);
  });
});
