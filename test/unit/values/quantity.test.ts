import { describe, expect, it } from "vitest";
import { canonicalQuantity, parseQuantity } from "../../../generator/values/quantity.js";

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

describe("canonicalQuantity: what the API server prints (resource.Quantity.String() after ParseQuantity)", () => {
  // Printed by k8s.io/apimachinery v0.33.13: resource.MustParse(q).String() for each q.
  it.each([
    ["0", "0"], ["00", "0"], ["0.5", "500m"], ["500m", "500m"], ["1000k", "1M"], ["1024Mi", "1Gi"],
    ["1.5Gi", "1536Mi"], ["1536Mi", "1536Mi"], ["2e3", "2e3"], ["512Ki", "512Ki"], ["0.5Ki", "512"],
    ["1023Ki", "1023Ki"], ["100M", "100M"], ["1G", "1G"], ["1Gi", "1Gi"], ["-10", "-10"], ["-1Gi", "-1Gi"],
    ["0.1", "100m"], ["1.001", "1.001"], ["12345m", "12345m"], ["1e-3", "1e-3"], ["1.5e3", "1500"],
    ["10e2", "1e3"], ["0.0000000001", "1n"], ["1E", "1E"], ["2Ei", "2Ei"], ["8Ei", "9223372036854775807"],
    ["1025", "1025"], ["3000m", "3"], ["1e7", "10e6"], ["100u", "100u"], ["123456789n", "123456789n"],
    ["7Ki", "7Ki"], ["1024", "1024"], ["2000", "2k"], ["+5", "+5"], ["0100m", "0100m"], ["1.000", "1"],
    ["1.10", "1100m"], ["250m", "250m"], ["0.25", "250m"], ["64Mi", "64Mi"], ["128974848", "128974848"],
    ["129e6", "129e6"], ["129M", "129M"], ["123Mi", "123Mi"], ["1.5", "1500m"], ["2.5Gi", "2560Mi"],
    ["1e3", "1e3"], ["1E3", "1E3"], ["100Gi", "100Gi"], ["1Ti", "1Ti"], ["1000Mi", "1000Mi"], ["8Ki", "8Ki"],
    ["9Ki", "9Ki"], ["4096", "4096"], ["1k", "1k"], ["1000", "1k"], ["1.0k", "1k"], ["0.001", "1m"],
    ["0.0001", "100u"], ["5e-1", "500e-3"], ["1.5M", "1500k"], ["1.5k", "1500"], ["40000m", "40"],
    ["3.14159", "3141590u"], ["-0.5", "-500m"], ["-1024Mi", "-1Gi"],
  ])("%s is printed %s", (q, printed) => {
    expect(canonicalQuantity(q)).toBe(printed);
  });

  it("is undefined for what is not a quantity", () => {
    for (const q of ["", "abc", "1.2.3", "10 Mi", "1MB", "m"]) expect(canonicalQuantity(q)).toBeUndefined();
  });
});
