// What the schema build decides before it reads any source package (the build itself runs in `npm run
// test:schemas`, test/schemas/, which installs the sources first).
import { describe, expect, it } from "vitest";
import { buildSchemas } from "../../../generator/schemas/build.js";

describe("npm run schemas without its sources", () => {
  it("refuses a Kubernetes version it has no pinned source for", async () => {
    await expect(buildSchemas({ kubernetesVersion: "1.20" })).rejects.toThrow(/no source package is pinned for Kubernetes 1.20/);
  });
});
