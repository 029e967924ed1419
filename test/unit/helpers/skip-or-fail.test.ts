import { describe, expect, it } from "vitest";
import { inCI, skipOrFail } from "../../helpers/fixtures.js";

describe("skipOrFail: a check that would go quiet fails in CI", () => {
  it.each([
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ CI: "false" }, false],
    [{ CI: "0" }, false],
    [{ CI: "" }, false],
    [{}, false],
  ])("inCI(%j) is %s", (env, expected) => {
    expect(inCI(env)).toBe(expected);
  });

  it("under CI=true throws with the reason instead of skipping", () => {
    const calls: string[] = [];
    expect(() => skipOrFail({ skip: (n) => void calls.push(n ?? "") }, "no widget", { CI: "true" })).toThrow(
      "this check would be skipped, which CI does not allow: no widget",
    );
    expect(calls).toEqual([]);
  });

  it("outside CI skips with the reason", () => {
    const calls: string[] = [];
    const skip = (n?: string): never => {
      calls.push(n ?? "");
      throw new Error("skipped by ctx.skip");
    };
    expect(() => skipOrFail({ skip }, "no widget", {})).toThrow("skipped by ctx.skip");
    expect(calls).toEqual(["no widget"]);
  });
});
