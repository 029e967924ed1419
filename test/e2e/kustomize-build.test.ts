import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { findKustomizeRunners, type KustomizeRunner } from "../../generator/tools/kustomize.js";
import { renderFromText } from "../helpers/config.js";
import { tempDir, writeFilesTo } from "../helpers/tree.js";

const ROOT = new URL("../../", import.meta.url);
const CONFIGS = [
  "gitops.config.yaml",
  ...readdirSync(new URL("examples/", ROOT))
    .filter((f) => f.endsWith(".config.yaml"))
    .sort()
    .map((f) => `examples/${f}`),
];

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let runners: KustomizeRunner[] = [];
beforeAll(async () => {
  runners = await findKustomizeRunners();
}, 120_000);

describe.each(CONFIGS)("every overlay of %s builds with real kustomize", (config) => {
  const files = renderFromText(readFileSync(new URL(config, ROOT), "utf8"));
  const dir = tempDir();
  writeFilesTo(dir, files);
  const envs = [...new Set(files.filter((f) => f.path.startsWith("overlays/")).map((f) => f.path.split("/")[1]!))].filter(
    (e) => !e.startsWith("."),
  );

  it.each(envs)("overlays/%s: builds, every runner agrees byte for byte, namespaced and labelled", async (env) => {
    expect(runners.length, "no kustomize v5 found (kubectl on PATH or the bundled one)").toBeGreaterThan(0);
    const outputs = await Promise.all(runners.map((r) => r.build(join(dir, "overlays", env))));
    for (const out of outputs.slice(1)) expect(out).toBe(outputs[0]);
    const objects = parseAllDocuments(outputs[0]!).map((d) => d.toJS() as Obj);
    expect(objects.length).toBeGreaterThan(1);
    for (const o of objects) {
      expect(o.metadata.labels["app.kubernetes.io/managed-by"], `${o.kind}/${o.metadata.name}`).toBe("sidecar-gitops");
      if (o.kind !== "Namespace") expect(o.metadata.labels.environment).toBe(env);
      if (o.kind !== "Namespace") expect(o.metadata.namespace).toBeTruthy();
    }
    const workload = objects.find((o) => o.kind === "Deployment");
    if (workload) {
      // Selectors are immutable: never the environment or version label.
      expect(Object.keys(workload.spec.selector.matchLabels)).not.toContain("environment");
      expect(Object.keys(workload.spec.selector.matchLabels)).not.toContain("app.kubernetes.io/version");
      expect(workload.spec.template.metadata.labels.environment).toBe(env);
      const cm = objects.find((o) => o.kind === "ConfigMap");
      if (cm) {
        // The generated name carries a content hash and the pod template refers to it, so a change rolls pods.
        expect(cm.metadata.name).toMatch(/-config-[a-z0-9]{10}$/);
        expect(JSON.stringify(workload.spec.template.spec)).toContain(cm.metadata.name);
      }
    }
  }, 120_000);
});

/** Asserts every field of `expected` is present in `actual` with the same value (arrays element-wise). */
function expectSubset(actual: unknown, expected: unknown, path = ""): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, path).toBe(expected.length);
    expected.forEach((e, i) => expectSubset((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (expected && typeof expected === "object") {
    for (const [k, v] of Object.entries(expected)) expectSubset((actual as Obj)?.[k], v, `${path}.${k}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

describe("the seed example reproduces the article's pod", () => {
  it("builds to a Pod that contains the article's manifest, with images pinned", async () => {
    const files = renderFromText(readFileSync(new URL("examples/seed-pod.config.yaml", ROOT), "utf8"));
    const dir = tempDir();
    writeFilesTo(dir, files);
    expect(runners.length).toBeGreaterThan(0);
    const out = await runners[0]!.build(join(dir, "overlays", "dev"));
    const pods = parseAllDocuments(out).map((d) => d.toJS() as Obj).filter((o) => o.kind === "Pod");
    expect(pods).toHaveLength(1);
    const pod = pods[0]!;
    const article = parse(readFileSync(new URL("test/fixtures/article/sidecar-container-example.yaml", ROOT), "utf8")) as Obj;
    // Pinned tags are the one deliberate difference: compare images by name, then the rest field by field.
    const images = pod.spec.containers.map((c: Obj) => c.image as string);
    expect(images.map((i: string) => i.split(":")[0])).toEqual(article.spec.containers.map((c: Obj) => c.image));
    for (const i of images) expect(i).toMatch(/:[0-9][\w.-]*$/);
    const unpinned = structuredClone(pod);
    unpinned.spec.containers.forEach((c: Obj) => (c.image = c.image.split(":")[0]));
    expectSubset(unpinned, article);
    expect(pod.spec.containers.map((c: Obj) => c.name)).toEqual(["main-container", "sidecar-container"]);
    expect(pod.spec.volumes).toEqual([{ name: "shared-logs", emptyDir: {} }]);
  }, 120_000);
});

describe("sidecars per environment, through overlay patches on one base", () => {
  const config = readFileSync(new URL("gitops.config.yaml", ROOT), "utf8").replace(
    /^environments:\n/m,
    `environments:
  debug:
    apps:
      web:
        sidecarMode: classic
        containers:
          date-logger: { resources: { limits: { cpu: 100m, memory: 64Mi } } }
  quiet:
    apps:
      web:
        containers:
          date-logger: { enabled: false }
`,
  );
  const files = renderFromText(config);
  const dir = tempDir();
  writeFilesTo(dir, files);
  const podSpecOf = async (env: string) => {
    const out = await runners[0]!.build(join(dir, "overlays", env));
    return parseAllDocuments(out).map((d) => d.toJS() as Obj).find((o) => o.kind === "Deployment")!.spec.template.spec as Obj;
  };

  it("keeps the base's native sidecar (init container, restartPolicy Always) where nothing is overridden", async () => {
    const spec = await podSpecOf("dev");
    expect(spec.initContainers.map((c: Obj) => [c.name, c.restartPolicy])).toEqual([["date-logger", "Always"]]);
    expect(spec.containers.map((c: Obj) => c.name)).toEqual(["nginx"]);
  }, 120_000);

  it("switches to classic containers and resizes the sidecar in one environment", async () => {
    const spec = await podSpecOf("debug");
    expect(spec.initContainers).toBeUndefined();
    expect(spec.containers.map((c: Obj) => c.name)).toEqual(["nginx", "date-logger"]);
    const side = spec.containers[1];
    expect(side.restartPolicy).toBeUndefined();
    expect(side.resources.limits).toEqual({ cpu: "100m", memory: "64Mi" });
    expect(side.volumeMounts).toEqual([{ name: "html", mountPath: "/var/log" }]);
  }, 120_000);

  it("removes a disabled sidecar in one environment only", async () => {
    const spec = await podSpecOf("quiet");
    expect(spec.initContainers ?? []).toEqual([]);
    expect(spec.containers.map((c: Obj) => c.name)).toEqual(["nginx"]);
  }, 120_000);
});
