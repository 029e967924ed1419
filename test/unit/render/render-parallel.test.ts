import { describe, expect, it } from "vitest";
import { PARALLEL_MIN_TARGETS, renderTreeParallel } from "../../../generator/render/render-parallel.js";
import { renderTree } from "../../../generator/render/render-tree.js";
import { stringifyYaml } from "../../../generator/serialize/yaml.js";
import { modelFromText } from "../../helpers/config.js";

/** A fleet large enough for the two-thread path: 120 apps × 3 environments, with delivery. */
function fleet(apps: number): string {
  return stringifyYaml({
    project: { name: "fleet" },
    apps: Array.from({ length: apps }, (_, i) => ({
      name: `app-${i}`,
      main: { name: "app", image: "nginxinc/nginx-unprivileged", tag: "1.27.4-alpine", port: 8080, resources: { limits: { cpu: "100m", memory: "64Mi" } } },
      config: { data: { N: String(i) }, envFrom: true },
    })),
    environments: { dev: {}, staging: { replicas: 2 }, prod: { replicas: 3 } },
    delivery: { repoURL: "https://github.com/example/fleet.git" },
  });
}

describe("renderTreeParallel", () => {
  it("renders exactly renderTree's files, in the same order, on two threads", async () => {
    const model = modelFromText(fleet(120));
    expect(model.apps.length * model.environments.length).toBeGreaterThanOrEqual(PARALLEL_MIN_TARGETS);
    const parallel = await renderTreeParallel(model);
    const single = renderTree(model);
    expect(parallel.length).toBe(single.length);
    expect(parallel.map((f) => f.path)).toEqual(single.map((f) => f.path));
    expect(parallel).toEqual(single);
  }, 60_000);

  it("stays on this thread for a small tree", async () => {
    const model = modelFromText(fleet(3));
    expect(await renderTreeParallel(model)).toEqual(renderTree(model));
  });
});
