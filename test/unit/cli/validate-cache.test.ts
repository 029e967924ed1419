import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { renderedBuildKeys, validationKey, ValidationResultCache, validatorFingerprint, type CachedValidation } from "../../../generator/cli/validate-cache.js";
import type { GeneratedFile } from "../../../generator/render/generated-file.js";
import type { KustomizeRunner } from "../../../generator/tools/kustomize.js";
import { renderFromText } from "../../helpers/config.js";
import { tempDir } from "../../helpers/tree.js";

const ROOT = join(import.meta.dirname, "../../..");
const result = (n: number): CachedValidation => ({ counts: { resources: n, schemaErrors: 0, serverRefusals: 0, policyFindings: 0, kinds: { ConfigMap: n } }, findings: [] });

describe("ValidationResultCache", () => {
  it("keeps what a run validated for the next run, and nothing with read: false", () => {
    const file = join(tempDir(), "results.json");
    const first = new ValidationResultCache(file);
    expect(first.get("a")).toBeUndefined();
    first.set("a", result(1));
    first.save();
    expect(new ValidationResultCache(file).get("a")).toEqual(result(1));
    expect(new ValidationResultCache(file, false).get("a")).toBeUndefined();
  });

  it("a damaged or foreign file is an empty cache, never an error", () => {
    const dir = tempDir();
    for (const text of ["{not json", '{"version": 2, "entries": {"a": 1}}', "null", "[]"]) {
      writeFileSync(join(dir, "results.json"), text);
      expect(new ValidationResultCache(join(dir, "results.json")).get("a")).toBeUndefined();
    }
  });

  it("keeps this run's entries first, then earlier ones, up to its size: just under and just over the cap", () => {
    const file = join(tempDir(), "results.json");
    const seed = new ValidationResultCache(file, true, 10);
    for (const k of ["old1", "old2"]) seed.set(k, result(0));
    seed.save();
    // Cap 3, one entry this run: room for both earlier ones (just under: 1 + 2 = 3).
    const under = new ValidationResultCache(file, true, 3);
    under.set("new", result(2));
    under.save();
    const kept = JSON.parse(readFileSync(file, "utf8")) as { entries: Record<string, unknown> };
    expect(Object.keys(kept.entries).sort()).toEqual(["new", "old1", "old2"]);
    // Cap 3, two entries this run (just over: 2 + 3 earlier > 3): one earlier entry goes.
    const over = new ValidationResultCache(file, true, 3);
    over.set("newer", result(3));
    over.get("new");
    over.save();
    const after = JSON.parse(readFileSync(file, "utf8")) as { entries: Record<string, unknown> };
    expect(Object.keys(after.entries)).toHaveLength(3);
    expect(Object.keys(after.entries).slice(0, 2).sort()).toEqual(["new", "newer"]);
  });
});

describe("validationKey", () => {
  it("changes with the build, the settings and the validator", () => {
    const base = validationKey("build", { label: "overlays/dev/web", policy: { podSecurity: "restricted" } }, "fp");
    expect(validationKey("build", { label: "overlays/dev/web", policy: { podSecurity: "restricted" } }, "fp")).toBe(base);
    expect(validationKey("build2", { label: "overlays/dev/web", policy: { podSecurity: "restricted" } }, "fp")).not.toBe(base);
    expect(validationKey("build", { label: "overlays/dev/web", policy: { podSecurity: "baseline" } }, "fp")).not.toBe(base);
    expect(validationKey("build", { label: "x/overlays/dev/web", policy: { podSecurity: "restricted" } }, "fp")).not.toBe(base);
    expect(validationKey("build", { label: "overlays/dev/web", policy: { podSecurity: "restricted" } }, "fp2")).not.toBe(base);
  });
});

describe("validatorFingerprint", () => {
  it("changes with any source file, schema or the lock file", () => {
    const root = tempDir();
    mkdirSync(join(root, "generator", "validate"), { recursive: true });
    mkdirSync(join(root, "schemas", "crds"), { recursive: true });
    writeFileSync(join(root, "generator", "validate", "a.ts"), "a");
    writeFileSync(join(root, "schemas", "crds", "x.json"), "{}");
    writeFileSync(join(root, "package-lock.json"), "{}");
    const before = validatorFingerprint(root + "/");
    expect(validatorFingerprint(root + "/")).toBe(before);
    for (const [file, text] of [["generator/validate/a.ts", "b"], ["schemas/crds/x.json", '{"a":1}'], ["package-lock.json", '{"b":1}']] as const) {
      const copy = tempDir();
      cpSync(root, copy, { recursive: true });
      writeFileSync(join(copy, file), text);
      expect(validatorFingerprint(copy + "/"), file).not.toBe(before);
    }
  });
});

describe("renderedBuildKeys", () => {
  const runner = { binary: "/usr/bin/kubectl", version: "v5.5.0" } as KustomizeRunner;
  const files: GeneratedFile[] = [
    { path: "overlays/dev/web/kustomization.yaml", content: "a" },
    { path: "base/web/deployment.yaml", content: "b" },
    { path: "base/api/deployment.yaml", content: "c" },
  ];
  const item = { dir: "overlays/dev/web", inputs: ["overlays/dev/web", "base/web"] };

  it("changes with a file in the build's input folders, not with one elsewhere, and with the kustomize version", () => {
    const key = renderedBuildKeys(runner, files)(item);
    expect(renderedBuildKeys(runner, [...files].reverse())(item)).toBe(key);
    expect(renderedBuildKeys(runner, files.map((f) => (f.path === "base/web/deployment.yaml" ? { ...f, content: "b2" } : f)))(item)).not.toBe(key);
    expect(renderedBuildKeys(runner, [...files, { path: "base/web/extra.yaml", content: "" }])(item)).not.toBe(key);
    expect(renderedBuildKeys(runner, files.map((f) => (f.path === "base/api/deployment.yaml" ? { ...f, content: "c2" } : f)))(item)).toBe(key);
    expect(renderedBuildKeys({ ...runner, version: "v5.6.0" }, files)(item)).not.toBe(key);
  });

  // The rendered files stand for the build's inputs only because every file a generated kustomization names is
  // itself generated: a future feature that points one at a user's file must hash that file too.
  it.each(["gitops.config.yaml", ...readdirSync(join(ROOT, "examples")).filter((f) => f.endsWith(".config.yaml")).map((f) => `examples/${f}`)])(
    "every file or folder a kustomization rendered for %s names is rendered too",
    (config) => {
      const rendered = renderFromText(readFileSync(join(ROOT, config), "utf8"));
      const paths = new Set(rendered.map((f) => f.path));
      const dirs = new Set(rendered.flatMap((f) => f.path.split("/").slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join("/"))));
      let checked = 0;
      for (const f of rendered.filter((x) => x.path.endsWith("kustomization.yaml"))) {
        const k = parse(f.content) as Record<string, unknown>;
        const here = posix.dirname(f.path);
        const named: string[] = [
          ...((k.resources as string[] | undefined) ?? []),
          ...((k.components as string[] | undefined) ?? []),
          ...((k.patches as { path?: string }[] | undefined) ?? []).flatMap((p) => (p.path ? [p.path] : [])),
          ...((k.configMapGenerator as { files?: string[]; envs?: string[] }[] | undefined) ?? []).flatMap((g) => [...(g.files ?? []), ...(g.envs ?? [])].map((x) => x.replace(/^[^=]*=/, ""))),
        ];
        for (const ref of named) {
          const target = posix.normalize(posix.join(here, ref));
          expect(paths.has(target) || dirs.has(target), `${f.path} names ${ref}`).toBe(true);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(3);
    },
  );
});
