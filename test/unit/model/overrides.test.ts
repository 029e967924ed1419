/**
 * Issue 23, "overrides that merge": a per-environment secret source merges over the app's (change only the
 * store), a per-environment digest exists, a container's per-environment variables merge by name like its
 * resources do; and `protected` is resolved on the model's environment.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { diagnosticsOf, fileAt, MINIMAL_CONFIG, modelFromText, renderFromText } from "../../helpers/config.js";

const DIGEST = `sha256:${"ab".repeat(32)}`;
const BASE_DIGEST = `sha256:${"cd".repeat(32)}`;
const withEnvs = (envs: string, main = "") => MINIMAL_CONFIG.replace("      port: 8080\n", `      port: 8080\n${main}`) + `environments:\n${envs}`;

const SECRETS = `    secrets:
      - name: db
        env: { DB_PASSWORD: password }
        externalSecret:
          store: vault-dev
          storeKind: ClusterSecretStore
          refreshInterval: 5m
          data:
            password: { remoteKey: apps/web/db, property: password }
            username: { remoteKey: apps/web/db, property: username }
`;

describe("per-environment secret sources merge over the app's", () => {
  const text = (prod: string) => MINIMAL_CONFIG + SECRETS + `environments:\n  dev: {}\n  prod:\n    apps:\n      web:\n        secrets:\n          db:\n${prod}`;

  it("externalSecret: { store } changes only the store; data merges key by key", () => {
    const model = modelFromText(text("            externalSecret: { store: vault-prod, data: { password: { remoteKey: prod/web/db } } }\n"));
    const prod = model.environments.find((e) => e.name === "prod")!.apps[0]!.secrets[0]!.source;
    expect(prod).toEqual({
      kind: "externalSecret",
      store: "vault-prod",
      storeKind: "ClusterSecretStore",
      refreshInterval: "5m",
      data: [
        ["password", { remoteKey: "prod/web/db" }],
        ["username", { remoteKey: "apps/web/db", property: "username" }],
      ],
    });
    const dev = model.environments.find((e) => e.name === "dev")!.apps[0]!.secrets[0]!.source;
    expect(dev).toMatchObject({ store: "vault-dev" });
  });

  it("a sealedSecret replaces an externalSecret (the other provider, complete)", () => {
    const model = modelFromText(text("            sealedSecret:\n              encryptedData: { password: AgBy3i4OJSWK+PiTySYZZA== }\n"));
    expect(model.environments.find((e) => e.name === "prod")!.apps[0]!.secrets[0]!.source).toEqual({ kind: "sealedSecret", encryptedData: [["password", "AgBy3i4OJSWK+PiTySYZZA=="]] });
  });

  it("an incomplete externalSecret over a sealedSecret is a located error", () => {
    const sealed = MINIMAL_CONFIG + SECRETS.replace(/ {8}externalSecret:[\s\S]*$/, "        sealedSecret:\n          encryptedData: { password: AgBy3i4OJSWK+PiTySYZZA== }\n") +
      "environments:\n  prod:\n    apps:\n      web:\n        secrets:\n          db:\n            externalSecret: { store: vault-prod }\n";
    const ds = diagnosticsOf(() => modelFromText(sealed));
    expect(ds).toEqual([
      expect.stringMatching(/^gitops\.config\.yaml:\d+:13: error MDL001 \/environments\/prod\/apps\/web\/secrets\/db\/externalSecret: secret "db" has no externalSecret of its own to merge this over: data missing\n {2}hint: write data here too/),
    ]);
  });
});

describe("per-environment digest", () => {
  it("pins the environment's tag; the container's own digest applies only where its own tag runs", () => {
    const model = modelFromText(
      withEnvs(
        `  dev: { apps: { web: { containers: { app: { tag: "1.28.0" } } } } }\n  staging: { apps: { web: { containers: { app: { digest: "${DIGEST}" } } } } }\n  prod: {}\n`,
        `      digest: "${BASE_DIGEST}"\n`,
      ),
    );
    const image = (env: string) => model.environments.find((e) => e.name === env)!.apps[0]!.images[0]!;
    expect(image("dev")).toMatchObject({ tag: "1.28.0", override: { tag: "1.28.0" } });
    expect(image("dev").digest).toBeUndefined();
    expect(image("staging")).toMatchObject({ tag: "1.27.4-alpine", digest: DIGEST, override: { digest: DIGEST } });
    expect(image("prod")).toMatchObject({ tag: "1.27.4-alpine", digest: BASE_DIGEST, override: {} });
  });

  it("the overlay writes newTag with the digest (kustomize drops a tag given only a digest, and a digest given only a tag)", () => {
    const files = renderFromText(withEnvs(`  staging: { apps: { web: { containers: { app: { digest: "${DIGEST}" } } } } }\n  prod: {}\n`));
    expect(parse(fileAt(files, "overlays/staging/web/kustomization.yaml")).images).toEqual([{ name: "nginxinc/nginx-unprivileged", newTag: "1.27.4-alpine", digest: DIGEST }]);
    expect(parse(fileAt(files, "overlays/prod/web/kustomization.yaml")).images).toBeUndefined();
  });
});

describe("per-environment container variables merge by name, like resources", () => {
  it("the overlay's container patch lists the environment's variables (a strategic merge keeps the others)", () => {
    const files = renderFromText(withEnvs(`  dev:\n    apps:\n      web:\n        containers:\n          app:\n            env: { LOG_LEVEL: debug, A: "1" }\n            resources: { limits: { memory: 96Mi } }\n  prod: {}\n`, `      env: { LOG_LEVEL: info, B: "2" }\n`));
    const patch = parse(fileAt(files, "overlays/dev/web/patches/containers.yaml"));
    expect(patch.spec.template.spec.containers).toEqual([
      { name: "app", env: [{ name: "A", value: "1" }, { name: "LOG_LEVEL", value: "debug" }], resources: { limits: { memory: "96Mi" } } },
    ]);
    expect(files.some((f) => f.path === "overlays/prod/web/patches/containers.yaml")).toBe(false);
  });

  it("a variable that a secret sets cannot be set per environment (value and valueFrom would meet)", () => {
    const text = MINIMAL_CONFIG + SECRETS + "environments:\n  dev:\n    apps:\n      web:\n        containers:\n          app:\n            env: { DB_PASSWORD: x }\n";
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([expect.stringMatching(/error MDL001 \/environments\/dev\/apps\/web\/containers\/app\/env\/DB_PASSWORD: variable "DB_PASSWORD" of container "app" comes from a secret/)]);
  });
});

describe("protected environments", () => {
  it.each([
    ["prod", "", true],
    ["production", "", true],
    ["staging", "", false],
    ["prod", "protected: false", false],
    ["live", "protected: true", true],
  ])("%s %s → protected %s", (name, field, expected) => {
    const model = modelFromText(MINIMAL_CONFIG + `environments:\n  ${name}: {${field ? ` ${field} ` : ""}}\n`);
    expect(model.environments[0]!.protected).toBe(expected);
    expect(model.environments[0]!.policy.refuseMutableTags).toBe(expected);
  });
});
