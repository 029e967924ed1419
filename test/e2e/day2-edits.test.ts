/**
 * Issue 23: promote and set-image on a config formatted as a new user writes one (flow sequences and maps,
 * blank lines, aligned trailing comments, every quoting style) change only the lines of the values they set,
 * byte for byte; the policy refuses a moving tag in prod and a missing probe at gen, located in the config;
 * an app's exception is printed with its reason.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { NEW_USER_CONFIG } from "../helpers/new-user-config.js";
import { readTree, tempDir } from "../helpers/tree.js";


const DIGEST = `sha256:${"ab".repeat(32)}`;

function repo(text = NEW_USER_CONFIG): string {
  const dir = tempDir("sidecar-gitops-day2-");
  writeFileSync(join(dir, "package.json"), "{}\n");
  writeFileSync(join(dir, "gitops.config.yaml"), text);
  const r = runCli(dir, ["gen"]);
  expect(r.code, r.stderr).toBe(0);
  return dir;
}

const config = (dir: string) => readFileSync(join(dir, "gitops.config.yaml"), "utf8");

describe("promote and set-image change only the lines they set (a new user's config, byte-compared)", () => {
  it("promote dev → staging rewrites the three staging tag lines and nothing else", () => {
    const dir = repo();
    const r = runCli(dir, ["promote", "--from", "dev", "--to", "staging"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("web/nginx: 1.27.4-alpine → 1.27.5-alpine\ncheckout/api: 1.14.0 → 1.15.0\ncheckout/proxy: 2.3.1 → 2.4.0\n");
    expect(config(dir)).toBe(
      NEW_USER_CONFIG.replace("api: { tag: 1.14.0 }             # last promoted", "api: { tag: 1.15.0 }             # last promoted")
        .replace("tag: '2.3.1'                   # last promoted", "tag: '2.4.0'                   # last promoted")
        .replace('            tag: "1.27.4-alpine"\n\n  prod:', '            tag: "1.27.5-alpine"\n\n  prod:'),
    );
    expect(runCli(dir, ["gen", "--check"]).code).toBe(0);
  }, 120_000);

  it("set-image changes one tag line; a digest adds one line; the same image again changes nothing", () => {
    const dir = repo();
    let r = runCli(dir, ["set-image", "--env", "dev", "--app", "checkout", "--container", "api", "--tag", "1.16.0"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("checkout/api in dev: 1.15.0 → 1.16.0\n");
    const once = NEW_USER_CONFIG.replace("api: { tag: 1.15.0 }             # CI's latest build", "api: { tag: 1.16.0 }             # CI's latest build");
    expect(config(dir)).toBe(once);
    expect(readFileSync(join(dir, "overlays", "dev", "checkout", "kustomization.yaml"), "utf8")).toContain("newTag: 1.16.0");

    r = runCli(dir, ["set-image", "--env", "staging", "--app", "web", "--tag", "1.27.5-alpine", "--digest", DIGEST]);
    expect(r.code, r.stderr).toBe(0);
    const twice = once.replace('          nginx:\n            tag: "1.27.4-alpine"\n\n  prod:', `          nginx:\n            tag: "1.27.5-alpine"\n            digest: "${DIGEST}"\n\n  prod:`);
    expect(config(dir)).toBe(twice);
    const overlay = readFileSync(join(dir, "overlays", "staging", "web", "kustomization.yaml"), "utf8");
    expect(overlay).toContain(`newTag: 1.27.5-alpine\n    digest: ${DIGEST}\n`);
    expect(runCli(dir, ["gen", "--check"]).code).toBe(0);

    const tree = readTree(dir);
    r = runCli(dir, ["set-image", "--env", "staging", "--app", "web", "--tag", "1.27.5-alpine", "--digest", DIGEST]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^set-image: web\/nginx in staging already runs 1\.27\.5-alpine@sha256:abababababab…; nothing changed \(\d+\.\d s\)\n$/);
    expect(readTree(dir)).toEqual(tree);

    // A new tag without --digest drops the environment's digest line (it named the old tag).
    r = runCli(dir, ["set-image", "--env", "staging", "--app", "web", "--tag", "1.27.6-alpine"]);
    expect(r.code, r.stderr).toBe(0);
    expect(config(dir)).toBe(once.replace('          nginx:\n            tag: "1.27.4-alpine"\n\n  prod:', '          nginx:\n            tag: "1.27.6-alpine"\n\n  prod:'));
  }, 180_000);

  it("set-image of a moving tag in prod is refused at its line, nothing written; with a digest it is taken", () => {
    const dir = repo();
    const tree = readTree(dir);
    let r = runCli(dir, ["set-image", "--env", "prod", "--app", "checkout", "--tag", "main"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gitops\.config\.yaml:\d+:\d+: error POL001 \/environments\/prod\/apps\/checkout\/containers\/api\/tag: mutable-tag: container "api" image ghcr\.io\/example\/checkout:main uses tag main, which moves/m);
    expect(r.stderr).toMatch(/breaks prod \(protected\)/);
    expect(r.stderr).toMatch(/as the edit would leave it \(nothing was written\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readTree(dir)).toEqual(tree);

    r = runCli(dir, ["set-image", "--env", "prod", "--app", "checkout", "--tag", "main", "--digest", DIGEST]);
    expect(r.code, r.stderr).toBe(0);
    expect(config(dir)).toBe(NEW_USER_CONFIG.replace("    sync: { selfHeal: false }\n", `    sync: { selfHeal: false }\n    apps:\n      checkout:\n        containers:\n          api:\n            tag: "main"\n            digest: "${DIGEST}"\n`));
  }, 120_000);

  it.each([
    [["--env", "qa", "--app", "web", "--tag", "1.0.0"], 1, /error PRM001 \/environments: no environment "qa" in gitops\.config\.yaml\n {2}hint: use one of: dev, prod, staging/],
    [["--env", "dev", "--app", "shop", "--tag", "1.0.0"], 1, /error PRM001 \/apps: no app "shop"/],
    [["--env", "dev", "--app", "checkout", "--container", "sidecar", "--tag", "1.0.0"], 1, /error PRM001 \/apps\/1: app "checkout" has no container "sidecar"\n {2}hint: use one of: api, proxy/],
    [["--env", "dev", "--app", "web", "--tag", "bad tag"], 2, /--tag "bad tag" is not a pinned image tag/],
    [["--env", "dev", "--app", "web", "--tag", "latest"], 2, /--tag "latest" is not a pinned image tag/],
    [["--env", "dev", "--app", "web", "--tag", "1.0.0", "--digest", "sha256:abc"], 2, /--digest "sha256:abc" is not a digest/],
    [["--env", "dev", "--app", "web"], 2, /--env ENV, --app APP and --tag TAG are required/],
  ])("set-image %j: exit %i with a clear error, nothing changed", (args, code, expected) => {
    const dir = repo();
    const tree = readTree(dir);
    const r = runCli(dir, ["set-image", ...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(expected);
    expect(readTree(dir)).toEqual(tree);
  }, 120_000);
});

describe("the policy at gen, located in the config", () => {
  it("a moving tag in prod: refused at its line; pinned by a digest: accepted", () => {
    const text = NEW_USER_CONFIG.replace("    replicas: 3                            # three zones\n", "    replicas: 3                            # three zones\n    apps:\n      catalog:\n        containers:\n          catalog: { tag: stable }\n");
    const dir = tempDir("sidecar-gitops-day2-");
    writeFileSync(join(dir, "package.json"), "{}\n");
    writeFileSync(join(dir, "gitops.config.yaml"), text);
    const line = text.split("\n").findIndex((l) => l.includes("catalog: { tag: stable }")) + 1;
    let r = runCli(dir, ["gen"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`gitops.config.yaml:${line}:27: error POL001 /environments/prod/apps/catalog/containers/catalog/tag: mutable-tag: container "catalog" image ghcr.io/example/catalog:stable uses tag stable, which moves: what runs would change without a commit; breaks prod (protected)\n`);
    expect(readTree(dir)).toEqual({ "gitops.config.yaml": text, "package.json": "{}\n" });
    writeFileSync(join(dir, "gitops.config.yaml"), text.replace("catalog: { tag: stable }", `catalog: { tag: stable, digest: "${DIGEST}" }`));
    r = runCli(dir, ["gen"]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it("prints each exception with its reason; without it, the missing probes are refused at the app's main container", () => {
    const dir = repo();
    const r = runCli(dir, ["gen"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("policy: probes skipped for app worker in dev, prod, staging: a queue consumer without a port; Kubernetes restarts it when it exits\n");
    const without = NEW_USER_CONFIG.replace(/ {4}policy:\n {6}ignore:\n {8}- rule: probes\n {10}reason: .*\n/, "");
    writeFileSync(join(dir, "gitops.config.yaml"), without);
    const refused = runCli(dir, ["gen"]);
    expect(refused.code).toBe(1);
    // At the main container's key: the line above its name.
    const line = without.split("\n").findIndex((l) => l === "      name: worker");
    expect(refused.stderr).toContain(`gitops.config.yaml:${line}:5: error POL001 /apps/3/main: probes: main container "worker" has no readinessProbe; probes: main container "worker" has no livenessProbe; breaks dev, prod, staging\n`);
    expect(refused.stderr).toMatch(/breaks dev, prod, staging\n {2}hint: add probes to the main container/);
  }, 120_000);

  it("validate applies the same exceptions to the built targets (no POL001 for worker's probes), prints them and lists them in the job summary", () => {
    const dir = repo();
    const r = runCli(dir, ["validate", "--summary", "summary.md"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readFileSync(join(dir, "summary.md"), "utf8")).toContain("### Policy exceptions\n\n- probes skipped for app worker in dev, prod, staging: a queue consumer without a port; Kubernetes restarts it when it exits\n");
    expect(r.stdout).toMatch(/^dev +5 target\(s\), .*policy \(restricted\): 0 finding\(s\)$/m);
    expect(r.stdout).toContain("policy: probes skipped for app worker in dev, prod, staging: a queue consumer without a port; Kubernetes restarts it when it exits\n");
  }, 120_000);

  it("an override kept in an app file (appFiles) is not edited in the root: PRM002 names the file, nothing written; an app without one is set in the root", () => {
    const app = (name: string) => `  - name: ${name}\n    main:\n      name: app\n      image: ghcr.io/example/${name}\n      tag: "1.0.0"\n      port: 8080\n      resources: { requests: { cpu: 10m, memory: 16Mi }, limits: { cpu: 100m, memory: 64Mi } }\n`;
    const root = `project:\n  name: shop\nenvironments:\n  dev: {}\n  prod: {}\napps:\n${app("web")}appFiles: [teams/*.yaml]\n`;
    const dir = tempDir("sidecar-gitops-day2-");
    writeFileSync(join(dir, "package.json"), "{}\n");
    writeFileSync(join(dir, "gitops.config.yaml"), root);
    mkdirSync(join(dir, "teams"));
    writeFileSync(join(dir, "teams", "payments.yaml"), `team: payments\napps:\n${app("checkout")}${app("ledger")}environments:\n  dev:\n    apps:\n      checkout: { replicas: 2 }\n`);
    expect(runCli(dir, ["gen"]).code).toBe(0);
    const tree = readTree(dir);
    let r = runCli(dir, ["set-image", "--env", "dev", "--app", "checkout", "--tag", "1.1.0"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^teams\/payments\.yaml:20:7: error PRM002 \/environments\/dev\/apps\/checkout: environments\.dev\.apps\.checkout is written in teams\/payments\.yaml; only gitops\.config\.yaml is edited in place\n {2}hint: write containers\.app\.tag there by hand/m);
    expect(readTree(dir)).toEqual(tree);
    r = runCli(dir, ["set-image", "--env", "dev", "--app", "ledger", "--tag", "1.1.0"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, "gitops.config.yaml"), "utf8")).toBe(root.replace("  dev: {}\n", '  dev:\n    apps:\n      ledger:\n        containers:\n          app:\n            tag: "1.1.0"\n'));
  }, 120_000);
});
