import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CI_JOBS, MIN_NODE_MAJOR } from "../../../generator/model/ci.js";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";

const ci = (section: string) => modelFromText(MINIMAL_CONFIG + section).ci;
const errorsOf = (section: string) => diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + section));

describe("ci model", () => {
  it("defaults: every job, Node 24, ubuntu-latest, pushes to main", () => {
    const expected = { jobs: ["validate", "kubeconform", "diff", "promote"], nodeVersion: "24", runsOn: "ubuntu-latest", branch: "main" };
    expect(ci("")).toEqual(expected);
    expect(ci("ci: {}\n")).toEqual(expected);
    expect(CI_JOBS).toEqual(expected.jobs);
  });

  it("takes each option; jobs in the schema's order whatever the config's; the branch from delivery.revision", () => {
    expect(ci("ci:\n  jobs: [promote, kubeconform]\n  nodeVersion: \"22\"\n  runsOn: [self-hosted, linux]\n")).toEqual({
      jobs: ["kubeconform", "promote"],
      nodeVersion: "22",
      runsOn: ["self-hosted", "linux"],
      branch: "main",
    });
    expect(ci("delivery:\n  repoURL: https://github.com/example/demo.git\n  revision: release/1.x\n")!.branch).toBe("release/1.x");
  });

  it("is absent with enabled: false", () => {
    expect(ci("ci:\n  enabled: false\n")).toBeUndefined();
    expect(ci("ci:\n  enabled: true\n")).toBeDefined();
  });

  it("the oldest Node it accepts is package.json's engines: 20 passes, 19 does not", () => {
    const engines = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).engines.node as string;
    expect(engines).toBe(`>=${MIN_NODE_MAJOR}`);
    expect(ci(`ci:\n  nodeVersion: "${MIN_NODE_MAJOR}"\n`)!.nodeVersion).toBe("20");
    expect(ci(`ci:\n  nodeVersion: "${MIN_NODE_MAJOR}.0.0"\n`)!.nodeVersion).toBe("20.0.0");
    expect(errorsOf(`ci:\n  nodeVersion: "${MIN_NODE_MAJOR - 1}.9"\n`)).toEqual([
      'gitops.config.yaml:14:16: error MDL001 /ci/nodeVersion: Node 19.9 is older than the generator supports (Node 20 or later): the CI jobs could not run it\n  hint: write nodeVersion: "24" (the active LTS line), or "20" at the oldest',
    ]);
  });

  it("a runner label of 100 characters passes, 101 does not", () => {
    expect(ci(`ci:\n  runsOn: ${"r".repeat(100)}\n`)!.runsOn).toBe("r".repeat(100));
    expect(errorsOf(`ci:\n  runsOn: ${"r".repeat(101)}\n`)[0]).toMatch(/CFG016 \/ci\/runsOn: "r{101}" is not in the expected form/);
    expect(errorsOf(`ci:\n  runsOn: [self-hosted, ${"r".repeat(101)}]\n`)[0]).toMatch(/CFG016 \/ci\/runsOn\/1: "r{101}" is not in the expected form\n {2}hint: write it in this form: A runner label/);
  });

  it.each([
    ["an unknown job", "ci:\n  jobs: [validate, kubeconfrom]\n", /^gitops\.config\.yaml:14:20: error CFG013 \/ci\/jobs\/1: must be one of "validate", "kubeconform", "diff", "promote", got "kubeconfrom"\n {2}hint: did you mean "kubeconform"\?$/],
    ["no job", "ci:\n  jobs: []\n", /^gitops\.config\.yaml:14:9: error CFG010 \/ci\/jobs: must NOT have fewer than 1 items\n {2}hint: add at least 1 item$/],
    ["a job twice", "ci:\n  jobs: [diff, diff]\n", /CFG010 \/ci\/jobs: must NOT have duplicate items.*\n {2}hint: remove the duplicate item$/],
    ["an unquoted Node version", "ci:\n  nodeVersion: 22\n", /^gitops\.config\.yaml:14:16: error CFG010 \/ci\/nodeVersion: must be string, got number 22\n {2}hint: quote it: nodeVersion: "22" \(YAML reads an unquoted 22 as a number\)$/],
    ["a Node alias", "ci:\n  nodeVersion: lts/*\n", /CFG016 \/ci\/nodeVersion: "lts\/\*" is not in the expected form\n {2}hint: write it in this form: The Node\.js version the jobs run .*e\.g\. "24"/],
    ["a Windows runner", "ci:\n  runsOn: windows-latest\n", /^gitops\.config\.yaml:14:11: error MDL001 \/ci\/runsOn: runner "windows-latest" is a Windows runner: the generated jobs are bash scripts .*\n {2}hint: run them on a Linux runner, e\.g\. runsOn: ubuntu-24\.04/],
    ["a Windows label in a list", "ci:\n  runsOn: [self-hosted, Windows]\n", /^gitops\.config\.yaml:14:25: error MDL001 \/ci\/runsOn\/1: runner "Windows" is a Windows runner/],
    ["a label with a space", "ci:\n  runsOn: ubuntu latest\n", /CFG016 \/ci\/runsOn: "ubuntu latest" is not in the expected form/],
    ["an expression as a label", "ci:\n  runsOn: ${{ github.event.inputs.runner }}\n", /CFG016 \/ci\/runsOn: "\$\{\{ github\.event\.inputs\.runner \}\}" is not in the expected form/],
    ["a number as runner", "ci:\n  runsOn: 5\n", /CFG010 \/ci\/runsOn: must be a string or a list, got number 5\n {2}hint: write a string or a list: The runner every job runs on/],
    ["an empty runner list", "ci:\n  runsOn: []\n", /CFG010 \/ci\/runsOn: must NOT have fewer than 1 items/],
    ["a misspelt key", "ci:\n  enable: false\n", /^gitops\.config\.yaml:14:3: error CFG011 \/ci\/enable: unknown key "enable"\n {2}hint: did you mean "enabled"\?$/],
    ["a quoted switch", "ci:\n  enabled: \"no\"\n", /CFG010 \/ci\/enabled: must be boolean, got string "no"\n {2}hint: write true or false$/],
    ["the section as a switch", "ci: false\n", /^gitops\.config\.yaml:13:5: error CFG010 \/ci: must be object, got boolean false\n {2}hint: write ci: \{ enabled: false \}$/],
  ])("%s is a located error with a hint", (_name, section, expected) => {
    const out = errorsOf(section);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(expected);
  });
});
