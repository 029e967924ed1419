/** Secrets by reference: ExternalSecret and SealedSecret objects, consumed by the workload, never a value. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { findKustomize, type KustomizeRunner } from "../../generator/tools/kustomize.js";
import { SchemaRegistry, validateYamlText } from "../../generator/validate/index.js";
import { REPO_ROOT, runCli } from "../helpers/cli.js";
import { REFERENCE_CONFIG } from "../helpers/fixture-configs.js";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText, renderFromText } from "../helpers/config.js";
import { tempDir, writeFilesTo } from "../helpers/tree.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const EXAMPLE = readFileSync(join(REPO_ROOT, "examples", "secrets.config.yaml"), "utf8");

let kustomize: KustomizeRunner;
const built: Record<string, Obj[]> = {};
const texts: Record<string, string> = {};
beforeAll(async () => {
  kustomize = await findKustomize();
  const dir = tempDir("sidecar-gitops-secrets-");
  writeFilesTo(dir, renderFromText(EXAMPLE, "examples/secrets.config.yaml"));
  for (const env of ["dev", "staging", "prod"]) {
    texts[env] = await kustomize.build(join(dir, "overlays", env, "web"));
    built[env] = parseAllDocuments(texts[env]!).map((d) => d.toJS() as Obj);
  }
}, 120_000);

describe("the Secrets' labels, built with real kustomize", () => {
  // kustomize's labels transformer (includeTemplates) knows the pod templates of the built-in kinds only, and the
  // version patch targets the objects' own labels: a SealedSecret's spec.template and an ExternalSecret's
  // spec.target.template are the overlay's to write as the environment has them.
  it("SealedSecret and ExternalSecret templates carry the environment's labels as the objects do (no version label: quiet labels)", async () => {
    const config = EXAMPLE.replace("  prod:\n    replicas: 3\n    apps:\n      web:\n", '  prod:\n    replicas: 3\n    labels: { team: payments }\n    apps:\n      web:\n        containers: { nginx: { tag: "1.27.5-alpine" } }\n');
    expect(config).toContain("team: payments");
    const dir = tempDir("sidecar-gitops-secret-labels-");
    writeFilesTo(dir, renderFromText(config, "examples/secrets.config.yaml"));
    const templateLabels = (o: Obj) => (o.kind === "SealedSecret" ? o.spec.template.metadata.labels : o.spec.target.template.metadata.labels);
    const seen: string[] = [];
    for (const [env, version, extra] of [["dev", "1.27.4-alpine", {}], ["prod", "1.27.5-alpine", { team: "payments" }]] as const) {
      const objects = parseAllDocuments(await kustomize.build(join(dir, "overlays", env, "web"))).map((d) => d.toJS() as Obj);
      const pod = objects.find((o) => o.kind === "Deployment")!.spec.template.metadata.labels;
      for (const o of objects.filter((x) => x.kind === "SealedSecret" || x.kind === "ExternalSecret")) {
        seen.push(`${env}/${o.kind}/${o.metadata.name}`);
        expect(templateLabels(o), `${env} ${o.kind} ${o.metadata.name}`).toEqual(o.metadata.labels);
        expect(templateLabels(o)).toMatchObject({ environment: env, ...extra });
        // The version label marks the workload and its pod template only: a Secret does not change with it.
        expect(pod["app.kubernetes.io/version"]).toBe(version);
        const { "app.kubernetes.io/version": _version, ...podWithoutVersion } = pod;
        expect(templateLabels(o)).toEqual(podWithoutVersion);
      }
    }
    expect(seen.sort()).toEqual(["dev/ExternalSecret/web-api-token", "dev/ExternalSecret/web-db", "prod/ExternalSecret/web-api-token", "prod/SealedSecret/web-db"]);
  }, 120_000);
});

describe("examples/secrets.config.yaml", () => {
  it("renders an ExternalSecret per secret in dev, and prod's db from a SealedSecret, in the environment's namespace", () => {
    const kinds = (env: string) => built[env]!.filter((o) => /Secret$/.test(o.kind)).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(kinds("dev")).toEqual(["ExternalSecret/secrets-demo-dev/web-api-token", "ExternalSecret/secrets-demo-dev/web-db"]);
    expect(kinds("prod")).toEqual(["ExternalSecret/secrets-demo-prod/web-api-token", "SealedSecret/secrets-demo-prod/web-db"]);
    const es = built.dev!.find((o) => o.kind === "ExternalSecret" && o.metadata.name === "web-db")!;
    expect(es.spec).toMatchObject({
      secretStoreRef: { kind: "ClusterSecretStore", name: "vault-backend" },
      target: { name: "web-db" },
      data: [
        { secretKey: "password", remoteRef: { key: "apps/web/db", property: "password" } },
        { secretKey: "username", remoteRef: { key: "apps/web/db", property: "username" } },
      ],
    });
  });

  it("the workload consumes them: env from a key, envFrom, and a read-only volume", () => {
    for (const env of ["dev", "prod"]) {
      const pod = built[env]!.find((o) => o.kind === "Deployment")!.spec.template.spec;
      const main = pod.containers[0];
      expect(main.env).toContainEqual({ name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "web-db", key: "password" } } });
      expect(main.envFrom).toContainEqual({ secretRef: { name: "web-api-token" } });
      expect(main.volumeMounts).toContainEqual({ name: "secret-db", mountPath: "/etc/secrets/db", readOnly: true });
      expect(pod.volumes).toContainEqual({ name: "secret-db", secret: { secretName: "web-db" } });
    }
  });

  it("rolls the pods when a secret's source changes in Git: checksum/secrets per environment", () => {
    const sum = (env: string) => built[env]!.find((o) => o.kind === "Deployment")!.spec.template.metadata.annotations["checksum/secrets"] as string;
    expect(sum("dev")).toMatch(/^[0-9a-f]{64}$/);
    expect(sum("staging")).toBe(sum("dev"));
    expect(sum("prod")).not.toBe(sum("dev"));
  });

  it("never holds a Secret with values: no kind Secret anywhere in the tree", () => {
    for (const env of Object.keys(built)) expect(built[env]!.filter((o) => o.kind === "Secret")).toEqual([]);
    for (const f of renderFromText(EXAMPLE)) expect(f.content).not.toMatch(/^kind: Secret$/m);
  });

  it("is valid under the committed strict CRD schemas and the upstream ones", () => {
    const upstream = [resolve(REPO_ROOT, "test/fixtures/upstream-schemas/crds"), resolve(REPO_ROOT, "../shared/upstream-schemas/crds")].find((d) => existsSync(d));
    const locations = [join(REPO_ROOT, "schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json")];
    if (upstream) locations.push(join(upstream, "{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json"));
    else expect(process.env.CI, "upstream CRD schemas missing").not.toBe("true");
    for (const location of locations) {
      const registry = new SchemaRegistry([location], "1.33.0", true);
      for (const env of Object.keys(texts)) {
        const results = validateYamlText(env, texts[env]!, { registry, strict: true, ignoreMissingSchemas: true, skip: new Set(), reject: new Set() });
        const secrets = results.filter((r) => /Secret$/.test(r.signature.kind));
        expect(secrets.length).toBe(2);
        for (const r of secrets) expect(r.status, `${location}: ${r.signature.kind}/${r.signature.name}: ${r.msg}`).toBe("valid");
      }
    }
  });
});

describe("secrets in the config", () => {
  const APP_SECRET = "    secrets:\n      - name: db\n        env: { PASS: password }\n";

  it("has no field for a plain value", () => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + APP_SECRET + "        value: hunter2\n        sealedSecret: { encryptedData: { password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq } }\n"));
    expect(out.join("\n")).toMatch(/error CFG011 \/apps\/0\/secrets\/0\/value: unknown key "value"/);
  });

  it("a secret without a source in an environment is located at the secret, naming the environment", () => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + APP_SECRET + "environments:\n  dev: {}\n"));
    expect(out.join("\n")).toMatch(/error MDL001 \/apps\/0\/secrets\/0: secret "db" has no source in environment "dev"\n {2}hint: add externalSecret or sealedSecret to it, or under environments\.dev\.apps\.web\.secrets\.db/);
  });

  it("an environment's source for an unknown secret, and a secret nothing reads, are refused", () => {
    const sealed = "sealedSecret: { encryptedData: { password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq } }";
    const unknown = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + APP_SECRET + `        ${sealed}\nenvironments:\n  dev:\n    apps:\n      web:\n        secrets:\n          dbb: { ${sealed} }\n`));
    expect(unknown.join("\n")).toMatch(/\/environments\/dev\/apps\/web\/secrets\/dbb: app "web" has no secret "dbb"\n {2}hint: use one of: db/);
    const unused = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + `    secrets:\n      - name: db\n        ${sealed}\n`));
    expect(unused.join("\n")).toMatch(/secret "db" is not used: the app reads it nowhere/);
  });
});

describe("a committed plain Secret", () => {
  it("fails npm run validate with no-plain-secret and a hint to use a provider", () => {
    const dir = tempDir("sidecar-gitops-plain-secret-");
    writeFileSync(join(dir, "package.json"), "{}\n");
    writeFileSync(join(dir, "gitops.config.yaml"), REFERENCE_CONFIG);
    expect(runCli(dir, ["gen"]).code).toBe(0);
    // A hand-added Secret in the app's base (as someone might commit it).
    const base = join(dir, "base", "web");
    writeFileSync(join(base, "secret.yaml"), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-db\nstringData:\n  password: hunter2\n");
    const k = join(base, "kustomization.yaml");
    writeFileSync(k, readFileSync(k, "utf8").replace("resources:\n", "resources:\n  - secret.yaml\n"));
    const r = runCli(dir, ["validate", "--env", "dev"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/overlays\/dev\/web \(kustomize build\):\d+:\d+: error POL001 \/stringData: no-plain-secret: Secret\/sidecar-demo-dev\/web-db: a Secret with stringData is committed in plain text/);
    expect(r.stderr).toMatch(/hint: remove the Secret from Git and reference it instead: apps\[\]\.secrets with externalSecret/);
  }, 120_000);
});
