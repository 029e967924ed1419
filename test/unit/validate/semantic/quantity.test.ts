import { describe, expect, it } from "vitest";
import { parseQuantity } from "../../../../generator/validate/semantic/quantity.js";

describe("parseQuantity", () => {
  it.each([
    ["500m", 500_000_000n],
    ["0.5", 500_000_000n],
    ["1", 1_000_000_000n],
    ["250m", 250_000_000n],
    ["1k", 1_000_000_000_000n],
    ["64Mi", 64n * 1024n * 1024n * 1_000_000_000n],
    ["1Gi", 1024n ** 3n * 1_000_000_000n],
    ["1e3", 1_000_000_000_000n],
    ["1.5Gi", 3n * 512n * 1024n * 1024n * 1_000_000_000n],
  ])("%s", (q, nano) => {
    expect(parseQuantity(q)).toBe(nano);
  });

  it("orders quantities as the API server does", () => {
    expect(parseQuantity("500m")! > parseQuantity("250m")!).toBe(true);
    expect(parseQuantity("128Mi")! > parseQuantity("100M")!).toBe(true);
    expect(parseQuantity("0.1")).toBe(parseQuantity("100m"));
    expect(parseQuantity("1Ki")).toBe(parseQuantity("1024"));
  });

  it("refuses what is not a quantity", () => {
    for (const q of ["", "abc", "1.2.3", "10 Mi", "1MB", "m"]) expect(parseQuantity(q)).toBeUndefined();
  });
});
