/**
 * A fresh `npm ci` on the Node the README names (20+) is quiet: no package it installs asks for a newer Node
 * (npm prints EBADENGINE for each), and the schema build's sources, several of which need Node 22, live in
 * schema-sources/ and are installed by `npm run schemas` only.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const read = (rel: string) => JSON.parse(readFileSync(new URL(`../../${rel}`, import.meta.url), "utf8"));

/** The lowest Node major a `>=N` / `^N` / `N.x` range accepts (enough for engines fields on npm). */
function minimumMajor(range: string): number {
  const majors = range.split("||").map((alt) => Number(/(\d+)/.exec(alt.replace(/<=?\s*\d+(\.\d+)*/g, ""))?.[1] ?? 0));
  return Math.min(...majors);
}

describe("a quiet install on Node 20", () => {
  it("the README and package.json name Node 20", () => {
    expect(read("package.json").engines.node).toBe(">=20");
    expect(readFileSync(new URL("../../README.md", import.meta.url), "utf8")).toMatch(/Node 20\+/);
  });

  it("no package in package-lock.json requires a Node newer than 20 (no EBADENGINE on npm ci)", () => {
    const packages = read("package-lock.json").packages as Record<string, { engines?: { node?: string }; dev?: boolean }>;
    const tooNew = Object.entries(packages)
      .filter(([path, p]) => path !== "" && typeof p.engines?.node === "string" && minimumMajor(p.engines.node) > 20)
      .map(([path, p]) => `${path} (node ${p.engines!.node})`);
    expect(tooNew).toEqual([]);
  });

  it("the schema sources are pinned in schema-sources/, not in the repository's devDependencies", () => {
    const root = read("package.json");
    const sources = read("schema-sources/package.json");
    for (const name of ["kubernetes-models", "@kubernetes-models/apimachinery", "@kubernetes-models/argo-cd", "@kubernetes-models/flux-cd", "@kubernetes/client-node"]) {
      expect(root.devDependencies[name], name).toBeUndefined();
      expect(sources.dependencies[name], name).toMatch(/^\d+\.\d+\.\d+$/);
    }
    expect(root.scripts.schemas).toMatch(/^npm ci --prefix schema-sources .*&& tsx generator\/schemas\/build\.mts$/);
  });

  it("minimumMajor reads engines ranges", () => {
    expect(minimumMajor(">=22")).toBe(22);
    expect(minimumMajor(">=14")).toBe(14);
    expect(minimumMajor("^18.17.0 || >=20.5.0")).toBe(18);
    expect(minimumMajor(">= 20")).toBe(20);
  });
});
