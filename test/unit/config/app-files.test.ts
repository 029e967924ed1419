/**
 * A config split per team (issue 24): apps from app files (appFiles: [apps/*.yaml]) render exactly as the same
 * apps in one file, and every problem in an app file is located in that file, at its own pointer.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_APP_FILES } from "../../../generator/config/app-files.js";
import { DiagnosticError, formatDiagnostic } from "../../../generator/diagnostics/diagnostic.js";
import { renderFromConfigFile } from "../../../generator/pipeline.js";
import { FIX, MINIMAL_CONFIG } from "../../helpers/config.js";
import { tempDir } from "../../helpers/tree.js";

/** MINIMAL_CONFIG's app under another name, with extra app-level lines. */
const app = (name: string, extra = "") => `${MINIMAL_CONFIG.slice(MINIMAL_CONFIG.indexOf("  - name: web\n")).replace("  - name: web\n", `  - name: ${name}\n`)}${extra}`;

const ROOT_HEAD = `project:
  name: shop
environments:
  dev: {}
  prod:
    replicas: 2
    apps:
      web: { replicas: 3 }
`;

/** Writes files into a fresh folder and renders its gitops.config.yaml the way gen does. */
async function render(files: Record<string, string>) {
  const dir = tempDir("sidecar-gitops-appfiles-");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await renderFromConfigFile("gitops.config.yaml", ".");
  } finally {
    process.chdir(cwd);
  }
}

async function findings(files: Record<string, string>): Promise<string[]> {
  try {
    await render(files);
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  throw new Error("expected the config to be refused");
}

const SPLIT = {
  "gitops.config.yaml": `${ROOT_HEAD}apps:\n${app("web")}appFiles: [teams/*.yaml]\n`,
  "teams/payments.yaml": `apiVersion: sidecar-gitops.dev/v1alpha1
kind: GitOpsApps
team: payments
apps:
${app("checkout")}${app("ledger")}environments:
  prod:
    apps:
      checkout: { replicas: 4 }
`,
  "teams/search.yaml": `team: search\napps:\n${app("indexer")}`,
};

describe("appFiles", () => {
  it("renders the same tree as the same apps in one file (with each app's team)", async () => {
    const split = await render(SPLIT);
    const single = await render({
      "gitops.config.yaml": `${ROOT_HEAD.replace("      web: { replicas: 3 }\n", "      web: { replicas: 3 }\n      checkout: { replicas: 4 }\n")}apps:\n${app("web")}${app("checkout", "    team: payments\n")}${app("ledger", "    team: payments\n")}${app("indexer", "    team: search\n")}`,
    });
    expect(split.files.map((f) => f.path)).toEqual(single.files.map((f) => f.path));
    for (const [i, f] of split.files.entries()) expect(f.content, f.path).toBe(single.files[i]!.content);
    expect(split.model.apps.map((a) => a.name)).toEqual(["web", "checkout", "ledger", "indexer"]);
    expect(split.files.map((f) => f.path)).toContain("overlays/prod/checkout/kustomization.yaml");
  });

  it("locates a schema error in the app file that wrote it, at that file's pointer", async () => {
    const [first, ...rest] = await findings({ ...SPLIT, "teams/search.yaml": SPLIT["teams/search.yaml"].replace("      port: 8080", "      prot: 8080") });
    expect(rest).toEqual([]);
    expect(first).toMatch(/^teams\/search\.yaml:8:7: error CFG011 \/apps\/0\/main\/prot: unknown key "prot"/);
  });

  it("locates a model error (an undeclared volume) and an override's error in the app file", async () => {
    const mount = "      mounts:\n        - { volume: cache, mountPath: /cache }\n";
    const out = await findings({ ...SPLIT, "teams/payments.yaml": SPLIT["teams/payments.yaml"].replace('      port: 8080\n', `      port: 8080\n${mount}`) });
    expect(out.some((l) => /^teams\/payments\.yaml:\d+:\d+: error MDL001 \/apps\/0\/main\/mounts\/0\/volume: /.test(l)), out.join("\n")).toBe(true);
    const override = await findings({ ...SPLIT, "teams/payments.yaml": SPLIT["teams/payments.yaml"].replace("checkout: { replicas: 4 }", "checkout: { replicas: -1 }") });
    expect(override.some((l) => /^teams\/payments\.yaml:\d+:\d+: error CFG\d+ \/environments\/prod\/apps\/checkout\/replicas: /.test(l)), out.join("\n")).toBe(true);
  });

  it("refuses one app in two files, naming both", async () => {
    const out = await findings({ ...SPLIT, "teams/search.yaml": `apps:\n${app("ledger")}` });
    expect(out[0]).toMatch(/^teams\/search\.yaml:2:11: error CFG041 \/apps\/0\/name: app "ledger" is also defined in teams\/payments\.yaml/);
    const inRoot = await findings({ ...SPLIT, "teams/search.yaml": `apps:\n${app("web")}` });
    expect(inRoot[0]).toMatch(/app "web" is also defined in gitops\.config\.yaml/);
  });

  it("refuses environment- and delivery-level keys in an app file, located at the key", async () => {
    const out = await findings({
      ...SPLIT,
      "teams/search.yaml": `${SPLIT["teams/search.yaml"]}delivery: { repoURL: https://example.com/x.git }\nenvironments:\n  prod:\n    replicas: 5\n  qa:\n    apps: {}\n`,
    });
    expect(out).toHaveLength(3);
    expect(out[0]).toMatch(/^teams\/search\.yaml:\d+:1: error CFG040 \/delivery: an app file holds only its apps, their team and their per-environment overrides; "delivery" belongs in the root config/);
    expect(out[1]).toMatch(/CFG040 \/environments\/prod\/replicas: an app file overrides only its apps per environment/);
    expect(out[2]).toMatch(/CFG040 \/environments\/qa: environment "qa" is not declared in gitops\.config\.yaml/);
    for (const line of out) expect(line.split("\n")[1]!.replace(/^\s*hint: /, "")).toMatch(FIX);
  });

  it("refuses an override of another file's app, and one override written in two files", async () => {
    const other = await findings({ ...SPLIT, "teams/search.yaml": `${SPLIT["teams/search.yaml"]}environments:\n  prod:\n    apps:\n      checkout: { replicas: 1 }\n` });
    expect(other[0]).toMatch(/CFG040 \/environments\/prod\/apps\/checkout: app "checkout" is not defined in this file/);
    const twice = await findings({ ...SPLIT, "teams/search.yaml": `${SPLIT["teams/search.yaml"]}environments:\n  prod:\n    apps:\n      indexer: { replicas: 1 }\n`, "gitops.config.yaml": SPLIT["gitops.config.yaml"].replace("      web: { replicas: 3 }\n", "      web: { replicas: 3 }\n      indexer: { replicas: 2 }\n") });
    expect(twice[0]).toMatch(/^teams\/search\.yaml:\d+:\d+: error CFG041 \/environments\/prod\/apps\/indexer: environments\.prod\.apps\.indexer is also set in gitops\.config\.yaml/);
  });

  it("refuses a pattern that matches nothing or leaves the repository, and a team that contradicts its file's", async () => {
    const none = await findings({ ...SPLIT, "gitops.config.yaml": SPLIT["gitops.config.yaml"].replace("teams/*.yaml", "team/*.yaml") });
    expect(none[0]).toMatch(/^gitops\.config\.yaml:\d+:\d+: error CFG042 \/appFiles\/0: appFiles pattern "team\/\*\.yaml" matches no \.yaml file/);
    const up = await findings({ ...SPLIT, "gitops.config.yaml": SPLIT["gitops.config.yaml"].replace("teams/*.yaml", "../*.yaml") });
    expect(up[0]).toMatch(/CFG0\d\d \/appFiles\/0: /);
    const team = await findings({ ...SPLIT, "teams/search.yaml": `team: search\napps:\n${app("indexer", "    team: payments\n")}` });
    expect(team[0]).toMatch(/^teams\/search\.yaml:\d+:\d+: error CFG040 \/apps\/0\/team: app "indexer" says team "payments" in a file of team "search"/);
  });

  it("a broken app file is reported with its own file name (syntax, size checks as for the root config)", async () => {
    const out = await findings({ ...SPLIT, "teams/search.yaml": "apps:\n  - name: [\n" });
    expect(out[0]).toMatch(/^teams\/search\.yaml:\d+:\d+: error CFG004\b/);
  });

  it("caps the number of app files: just under the limit they are read, just over it none is", async () => {
    // Each file lacks its apps list, so reading one is a quick CFG040: the count alone decides CFG042.
    const many = (n: number) => {
      const files: Record<string, string> = { "gitops.config.yaml": `${ROOT_HEAD}apps:\n${app("web")}appFiles: [many/*.yaml]\n` };
      for (let i = 0; i < n; i++) files[`many/f${i}.yaml`] = "team: t\n";
      return files;
    };
    const under = await findings(many(MAX_APP_FILES));
    expect(under.filter((l) => l.includes("CFG042"))).toEqual([]);
    expect(under).toHaveLength(MAX_APP_FILES);
    const over = await findings(many(MAX_APP_FILES + 1));
    expect(over).toHaveLength(1);
    expect(over[0]).toMatch(new RegExp(`CFG042 /appFiles: appFiles match ${MAX_APP_FILES + 1} files; the limit is ${MAX_APP_FILES}`));
  }, 120_000);
});
