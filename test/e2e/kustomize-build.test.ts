import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { findKustomizeRunners, type KustomizeRunner } from "../../generator/tools/kustomize.js";
import type { GeneratedFile } from "../../generator/render/generated-file.js";
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
  const declared = declaredConfigMaps(files);
  const apps = (parse(readFileSync(new URL(config, ROOT), "utf8")) as Obj).apps as Obj[];

  it("declares a hashed ConfigMap for each app's config and a plain one for each config-reloader, named after the app", () => {
    const reloaders = apps.flatMap((a) =>
      ((a.sidecars ?? []) as Obj[]).filter((s) => s.type === "config-reloader").map((s) => `${a.name}-${s.name ?? "config-reloader"}`),
    );
    expect(declared.plain).toEqual(reloaders.sort());
    for (const a of apps.filter((x) => x.config)) expect(declared.hashed).toContain(`${a.name}-config`);
    for (const n of [...declared.hashed, ...declared.plain]) expect(apps.some((a) => n.startsWith(`${a.name}-`)), n).toBe(true);
  });
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
    }
    expectConfigMapsWired(objects, declared);
  }, 120_000);
});

/**
 * The ConfigMaps the rendered bases declare: configMapGenerator names (kustomize appends a content hash, the
 * app's config and a sidecar's generated files: `<app>-config`, `<app>-log-shipper`, ...) and plain ConfigMap
 * resources, which keep their exact name (the config-reloader's, edited in place instead of rolling pods).
 */
function declaredConfigMaps(files: GeneratedFile[]): { hashed: string[]; plain: string[] } {
  const hashed: string[] = [];
  const plain: string[] = [];
  for (const f of files) {
    if (!/^base\/[^/]+\/[^/]+\.yaml$/.test(f.path)) continue;
    const doc = parse(f.content) as Obj | null;
    if (f.path.endsWith("/kustomization.yaml")) hashed.push(...((doc?.configMapGenerator ?? []) as Obj[]).map((g) => g.name as string));
    else if (doc?.kind === "ConfigMap") plain.push(doc.metadata.name as string);
  }
  return { hashed: hashed.sort(), plain: plain.sort() };
}

/** Every ConfigMap name a pod spec refers to: volumes (plain and projected), envFrom and env valueFrom. */
function configMapRefs(spec: unknown, out: string[] = []): string[] {
  if (Array.isArray(spec)) for (const v of spec) configMapRefs(v, out);
  else if (spec && typeof spec === "object") {
    for (const [k, v] of Object.entries(spec as Obj)) {
      if ((k === "configMap" || k === "configMapRef" || k === "configMapKeyRef") && typeof v?.name === "string") out.push(v.name);
      configMapRefs(v, out);
    }
  }
  return out;
}

/** kustomize's name hash: 10 characters of hex with 0, 1, 3, a and e mapped to g, h, k, m and t. */
const HASH = /^(.+)-([2456789bcdfghkmt]{10})$/;

/**
 * The build has exactly the declared ConfigMaps; a generated one is `<declared name>-<hash>`, a plain one keeps
 * its declared name exactly; each is referenced by a pod template (so a content change rolls the pods, or, for
 * the plain one, reaches the mounted files), and every ConfigMap a pod template names exists in the build (a
 * reference kustomize failed to rewrite to the hashed name would dangle).
 */
function expectConfigMapsWired(objects: Obj[], declared: { hashed: string[]; plain: string[] }): void {
  const names = objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata.name as string);
  const podSpecs = objects.flatMap((o) => (o.kind === "Pod" ? [o.spec] : o.spec?.template?.spec ? [o.spec.template.spec] : []));
  const refs = new Set(podSpecs.flatMap((s) => configMapRefs(s)));
  const plain = names.filter((n) => declared.plain.includes(n)).sort();
  const hashed = names.filter((n) => !declared.plain.includes(n));
  expect(plain, "plain ConfigMaps keep their exact names").toEqual(declared.plain);
  for (const n of hashed) expect(n, "a generated ConfigMap carries a content hash").toMatch(HASH);
  expect(hashed.map((n) => HASH.exec(n)?.[1]).sort(), "one hashed ConfigMap per generator").toEqual(declared.hashed);
  for (const n of names) expect([...refs], `ConfigMap ${n} is not referenced by any pod template`).toContain(n);
  for (const r of refs) expect(names, `a pod template refers to ConfigMap ${r}, which the build does not have`).toContain(r);
}

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
