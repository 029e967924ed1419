import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { findKustomizeRunners, type KustomizeRunner } from "../../generator/tools/kustomize.js";
import type { GeneratedFile } from "../../generator/render/generated-file.js";
import { renderFromText } from "../helpers/config.js";
import { REFERENCE_CONFIG } from "../helpers/fixture-configs.js";
import { tempDir, writeFilesTo } from "../helpers/tree.js";

const ROOT = new URL("../../", import.meta.url);
// The fixture configs (the reference config, a copy of the demo root config, and a four-app one), then the examples.
const CONFIGS = [
  ...readdirSync(new URL("test/fixtures/configs/", ROOT))
    .filter((f) => f.endsWith(".config.yaml"))
    .sort()
    .map((f) => `test/fixtures/configs/${f}`),
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

describe.each(CONFIGS)("every kustomization of %s builds with real kustomize", (config) => {
  const files = renderFromText(readFileSync(new URL(config, ROOT), "utf8"));
  const dir = tempDir();
  writeFilesTo(dir, files);
  const declared = declaredConfigMaps(files);
  const apps = (parse(readFileSync(new URL(config, ROOT), "utf8")) as Obj).apps as Obj[];

  it("declares a generated ConfigMap for each app's config and a plain one for each config-reloader, named after the app", () => {
    const reloaders = apps.flatMap((a) =>
      ((a.sidecars ?? []) as Obj[]).filter((s) => s.type === "config-reloader").map((s) => `${a.name}-${s.name ?? "config-reloader"}`),
    );
    expect(declared.plain).toEqual(reloaders.sort());
    for (const a of apps.filter((x) => x.config)) expect(declared.generated).toContain(`${a.name}-config`);
    for (const n of [...declared.generated, ...declared.plain]) expect(apps.some((a) => n.startsWith(`${a.name}-`)), n).toBe(true);
  });

  // Every sync target (overlays/<env>/<app>/, overlays/<env>/namespace/) on its own.
  const targets = files
    .map((f) => f.path)
    .filter((p) => /^overlays\/[^/]+\/[^/]+\/kustomization\.yaml$/.test(p))
    .map((p) => p.slice(0, -"/kustomization.yaml".length));

  it.each(targets)("%s: builds, every runner agrees byte for byte, namespaced and labelled", async (target) => {
    expect(runners.length, "no kustomize v5 found (kubectl on PATH or the bundled one)").toBeGreaterThan(0);
    const [, env, name] = target.split("/");
    const outputs = await Promise.all(runners.map((r) => r.build(join(dir, target))));
    for (const out of outputs.slice(1)) expect(out).toBe(outputs[0]);
    const objects = parseAllDocuments(outputs[0]!).map((d) => d.toJS() as Obj);
    expect(objects.length).toBeGreaterThan(0);
    for (const o of objects) {
      expect(o.metadata.labels["app.kubernetes.io/managed-by"], `${o.kind}/${o.metadata.name}`).toBe("sidecar-gitops");
      expect(o.metadata.labels.environment).toBe(env);
      if (name === "namespace") expect(o.kind).toBe("Namespace");
      else {
        // An app's target holds that app's resources only, in the environment's namespace.
        expect(o.metadata.namespace).toBeTruthy();
        expect(o.metadata.labels["app.kubernetes.io/name"], `${o.kind}/${o.metadata.name}`).toBe(name);
      }
    }
    const workload = objects.find((o) => o.kind === "Deployment");
    if (workload) {
      // Selectors are immutable: never the environment or version label.
      expect(Object.keys(workload.spec.selector.matchLabels)).not.toContain("environment");
      expect(Object.keys(workload.spec.selector.matchLabels)).not.toContain("app.kubernetes.io/version");
      expect(workload.spec.template.metadata.labels.environment).toBe(env);
    }
    if (name !== "namespace") expectConfigMapsWired(objects, declared, name!);
  }, 120_000);

  // The environment aggregates (for `kubectl apply -k`) and the Argo CD and Flux kustomizations.
  const others = files
    .map((f) => f.path)
    .filter((p) => p.endsWith("/kustomization.yaml") && !p.startsWith("base/") && !targets.includes(p.slice(0, -"/kustomization.yaml".length)))
    .map((p) => p.slice(0, -"/kustomization.yaml".length));

  it.each(others)("%s: builds, every runner agrees byte for byte", async (kdir) => {
    const outputs = await Promise.all(runners.map((r) => r.build(join(dir, kdir))));
    for (const out of outputs.slice(1)) expect(out).toBe(outputs[0]);
    expect(parseAllDocuments(outputs[0]!).length).toBeGreaterThan(0);
    if (/^overlays\/[^/]+$/.test(kdir)) {
      // The aggregate is exactly its targets' builds together.
      const parts = await Promise.all(targets.filter((t) => t.startsWith(`${kdir}/`)).map((t) => runners[0]!.build(join(dir, t))));
      const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
      const objs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Obj);
      expect(objs(outputs[0]!).map(key).sort(), kdir).toEqual(parts.flatMap(objs).map(key).sort());
    }
  }, 120_000);
});

describe("runner agreement", () => {
  it("compares every kustomize runner found (kubectl on PATH and the bundled kubectl)", () => {
    // The bundled kubectl 1.33 is always there after npm ci; a second runner is compared where it exists.
    expect(runners.map((r) => r.source)).toContain("bundled");
    console.log(`kustomize runners compared: ${runners.map((r) => `${r.source} ${r.version}`).join(", ")}`);
  });
});

/**
 * The ConfigMaps the rendered bases declare: configMapGenerator names (the app's config and a sidecar's files
 * read once: `<app>-config`, `<app>-log-shipper`, ...) and plain ConfigMap resources (the config-reloader's,
 * edited in place instead of rolling pods). Both keep their exact names.
 */
function declaredConfigMaps(files: GeneratedFile[]): { generated: string[]; plain: string[] } {
  const generated: string[] = [];
  const plain: string[] = [];
  for (const f of files) {
    if (!/^base\/[^/]+\/[^/]+\.yaml$/.test(f.path)) continue;
    const doc = parse(f.content) as Obj | null;
    if (f.path.endsWith("/kustomization.yaml")) generated.push(...((doc?.configMapGenerator ?? []) as Obj[]).map((g) => g.name as string));
    else if (doc?.kind === "ConfigMap") plain.push(doc.metadata.name as string);
  }
  return { generated: generated.sort(), plain: plain.sort() };
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

/**
 * The app's build has exactly the ConfigMaps its base declares, under their declared names (no hash suffix:
 * a renamed ConfigMap would be pruned while old pods still read it); each is referenced by a pod template,
 * every ConfigMap a pod template names exists in the build, and a pod template that reads generated config
 * carries the checksum that rolls it when that config changes.
 */
function expectConfigMapsWired(objects: Obj[], declared: { generated: string[]; plain: string[] }, app: string): void {
  const mine = (n: string) => n.startsWith(`${app}-`);
  const names = objects.filter((o) => o.kind === "ConfigMap").map((o) => o.metadata.name as string).sort();
  const podTemplates = objects.flatMap((o) => (o.kind === "Pod" ? [o] : o.spec?.template?.spec ? [o.spec.template] : []));
  const refs = new Set(podTemplates.flatMap((t) => configMapRefs(t.spec)));
  expect(names, "the app's ConfigMaps keep their declared names").toEqual([...declared.generated, ...declared.plain].filter(mine).sort());
  for (const n of names) expect([...refs], `ConfigMap ${n} is not referenced by any pod template`).toContain(n);
  for (const r of refs) expect(names, `a pod template refers to ConfigMap ${r}, which the build does not have`).toContain(r);
  if (declared.generated.some(mine)) {
    for (const t of podTemplates) expect(t.metadata.annotations?.["checksum/config"], "the config checksum on the pod template").toMatch(/^[0-9a-f]{64}$/);
  }
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
    const out = await runners[0]!.build(join(dir, "overlays", "dev", "sidecar-container-example"));
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
  const config = REFERENCE_CONFIG.replace(
    /^environments:\n/m,
    `environments:
  debug:
    cluster: nonprod
    apps:
      web:
        sidecarMode: classic
        containers:
          date-logger: { resources: { limits: { cpu: 100m, memory: 64Mi } } }
  quiet:
    cluster: nonprod
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
    const out = await runners[0]!.build(join(dir, "overlays", env, "web"));
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
