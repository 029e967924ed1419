import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSchemas, differences, type BuildResult } from "../../generator/schemas/build.js";
import { MissingSourceError } from "../../generator/schemas/common.js";
import { CRD_KINDS, crdFileName, KUBERNETES_KINDS, kubernetesFileName } from "../../generator/schemas/kinds.js";
import { skipOrFail } from "../helpers/fixtures.js";
import { CRDS_DIR, KUBERNETES_DIR, listJson, REPO_ROOT } from "../unit/schemas/helpers.js";

let result: BuildResult | undefined;
let missing: string | undefined;

beforeAll(async () => {
  try {
    result = await buildSchemas({ kubernetesVersion: "1.33" });
  } catch (err) {
    if (err instanceof MissingSourceError) missing = err.message;
    else throw err;
  }
}, 120_000);

/**
 * `npm run test:schemas` (vitest.schemas.config.ts, not part of `npm test`): the schema sources are not part of the
 * repository's npm ci (several need Node 22); the script installs them into schema-sources/ first. Run without
 * them (vitest directly), this file is one skipped test, not one per check; under CI=true that test fails instead.
 */
const SOURCES_INSTALLED = existsSync(join(REPO_ROOT, "schema-sources", "node_modules", "@kubernetes", "client-node", "package.json"));
if (!SOURCES_INSTALLED) {
  it("npm run schemas: needs the schema sources (npm ci --prefix schema-sources)", (ctx) => {
    skipOrFail(ctx, "schema-sources/ is not installed: run `npm run test:schemas` (it runs `npm ci --prefix schema-sources` first)");
  });
}

const describeWithSources = SOURCES_INSTALLED ? describe : (((_name: string, _fn: () => void) => undefined) as unknown as typeof describe);

describeWithSources("npm run schemas", () => {
  it("the committed schemas are exactly what the generator produces (run `npm run schemas`)", (ctx) => {
    if (missing) skipOrFail(ctx, `source package missing (run npm ci): ${missing}`);
    const built = result as BuildResult;
    const diff = differences(built);
    expect(diff, `regenerate with npm run schemas: ${diff.join(", ")}`).toEqual([]);
  });

  it("produces every required kind under kubeconform's file names", (ctx) => {
    if (missing) skipOrFail(ctx, `source package missing (run npm ci): ${missing}`);
    const built = result as BuildResult;
    const expected = [
      ...KUBERNETES_KINDS.map((k) => `schemas/kubernetes/v1.33.0-standalone-strict/${kubernetesFileName(k)}`),
      ...CRD_KINDS.map((k) => `schemas/crds/${crdFileName(k)}`),
      "schemas/README.md",
    ].sort();
    expect([...built.files.keys()].sort()).toEqual(expected);
    for (const name of [
      "deployment-apps-v1.json",
      "pod-v1.json",
      "service-v1.json",
      "configmap-v1.json",
      "secret-v1.json",
      "serviceaccount-v1.json",
      "namespace-v1.json",
      "poddisruptionbudget-policy-v1.json",
      "horizontalpodautoscaler-autoscaling-v2.json",
      "networkpolicy-networking-v1.json",
      "ingress-networking-v1.json",
      "statefulset-apps-v1.json",
      "daemonset-apps-v1.json",
      "job-batch-v1.json",
      "cronjob-batch-v1.json",
    ]) {
      expect(listJson(KUBERNETES_DIR)).toContain(name);
    }
    expect(listJson(CRDS_DIR)).toEqual([
      "argoproj.io/application_v1alpha1.json",
      "argoproj.io/applicationset_v1alpha1.json",
      "argoproj.io/appproject_v1alpha1.json",
      "bitnami.com/sealedsecret_v1alpha1.json",
      "external-secrets.io/externalsecret_v1.json",
      "kustomize.toolkit.fluxcd.io/kustomization_v1.json",
      "source.toolkit.fluxcd.io/gitrepository_v1.json",
      "source.toolkit.fluxcd.io/ocirepository_v1.json",
      "source.toolkit.fluxcd.io/ocirepository_v1beta2.json",
    ]);
  });

  it("is deterministic: a second build is byte-identical", async (ctx) => {
    if (missing) skipOrFail(ctx, `source package missing (run npm ci): ${missing}`);
    const again = await buildSchemas({ kubernetesVersion: "1.33" });
    expect([...again.files.entries()]).toEqual([...(result as BuildResult).files.entries()]);
  }, 120_000);

  it("writes 2-space JSON with a trailing newline and the README lists every file", (ctx) => {
    if (missing) skipOrFail(ctx, `source package missing (run npm ci): ${missing}`);
    const built = result as BuildResult;
    const readme = built.files.get("schemas/README.md") ?? "";
    for (const [path, text] of built.files) {
      if (!path.endsWith(".json")) continue;
      expect(text.endsWith("}\n"), path).toBe(true);
      expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + "\n");
      expect(readme, path).toContain(path.replace(/^schemas\//, ""));
    }
    expect(readme).toContain("@kubernetes/client-node");
    expect(readme).toContain("v1.33.0");
  });

  it("--check logic reports a changed, a missing and a stale file", (ctx) => {
    if (missing) skipOrFail(ctx, `source package missing (run npm ci): ${missing}`);
    const built = result as BuildResult;
    const root = mkdtempSync(join(tmpdir(), "schemas-check-"));
    try {
      cpSync(join(REPO_ROOT, "schemas"), join(root, "schemas"), { recursive: true });
      expect(differences(built, root)).toEqual([]);
      writeFileSync(join(root, "schemas/crds/argoproj.io/appproject_v1alpha1.json"), "{}\n");
      rmSync(join(root, "schemas/kubernetes/v1.33.0-standalone-strict/pod-v1.json"));
      writeFileSync(join(root, "schemas/crds/argoproj.io/extra_v1.json"), "{}\n");
      expect(differences(built, root).sort()).toEqual([
        "schemas/crds/argoproj.io/appproject_v1alpha1.json",
        "schemas/crds/argoproj.io/extra_v1.json",
        "schemas/kubernetes/v1.33.0-standalone-strict/pod-v1.json",
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
