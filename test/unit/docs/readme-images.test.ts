import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CATALOG_IMAGES } from "../../../generator/catalog/images.js";

const README = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");

describe("README's pinned-image table", () => {
  it("lists exactly the catalog's images, tags and upstreams (generator/catalog/images.ts)", () => {
    const section = README.slice(README.indexOf("Pinned images"));
    const rows = [...section.matchAll(/^\| `([^`]+)` \| `([^`]+)` \| (\S+) \|/gm)].map((m) => [m[1], m[2], m[3]]);
    const expected = Object.values(CATALOG_IMAGES).map((i) => [i.image, i.tag, i.upstream]);
    expect(rows).toEqual(expected);
  });
});
