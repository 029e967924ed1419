import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../../generator/config/load.js";
import { validateConfig } from "../../../generator/config/validate.js";
import { diagnosticsOf, MINIMAL_CONFIG } from "../../helpers/config.js";

function validate(text: string) {
  const { source, data } = parseConfigText("gitops.config.yaml", text);
  return validateConfig(source, data);
}

describe("validateConfig", () => {
  it("accepts the minimal config and fills in schema defaults", () => {
    const cfg = validate(MINIMAL_CONFIG);
    expect(cfg.project.kubernetesVersion).toBe("1.33");
    expect(Object.keys(cfg.environments ?? {})).toEqual(["dev", "staging", "prod"]);
    expect(cfg.apps[0]!.kind).toBe("Deployment");
    expect(cfg.apps[0]!.main.securityContext).toBeUndefined();
  });

  it("does not mutate the caller's data when applying defaults", () => {
    const { source, data } = parseConfigText("gitops.config.yaml", MINIMAL_CONFIG);
    validateConfig(source, data);
    expect((data as { environments?: unknown }).environments).toBeUndefined();
  });

  it.each([
    [
      "an unknown key, with a did-you-mean hint at the key itself",
      MINIMAL_CONFIG.replace("      port: 8080", "      prot: 8080"),
      'gitops.config.yaml:9:7: error CFG011 /apps/0/main/prot: unknown key "prot"\n  hint: did you mean "port"?',
    ],
    [
      "a missing required key, at its parent",
      MINIMAL_CONFIG.replace('      tag: "1.27.4-alpine"\n', ""),
      'gitops.config.yaml:6:7: error CFG012 /apps/0/main: missing required key "tag"\n  hint: add "tag": A pinned image tag (never "latest").',
    ],
    [
      "the latest tag",
      MINIMAL_CONFIG.replace('"1.27.4-alpine"', "latest"),
      'gitops.config.yaml:8:12: error CFG014 /apps/0/main/tag: "latest" is not allowed here\n  hint: A pinned image tag (never "latest").',
    ],
    [
      "a bad enum, with the nearest value",
      MINIMAL_CONFIG.replace("  - name: web\n", "  - name: web\n    kind: Deploymnet\n"),
      'gitops.config.yaml:5:11: error CFG013 /apps/0/kind: must be one of "Deployment", "Pod", got "Deploymnet"\n  hint: did you mean "Deployment"?',
    ],
    [
      "an environment name that is not a DNS-1123 label (no path traversal)",
      MINIMAL_CONFIG + "environments:\n  ../../etc: {}\n",
      'gitops.config.yaml:14:3: error CFG015 /environments/..~1..~1etc: invalid name "../../etc"\n  hint: use a DNS-1123 label: lower-case letters, digits and \'-\', starting and ending with a letter or digit',
    ],
    [
      "a wrong type",
      MINIMAL_CONFIG.replace("port: 8080", 'port: "8080"'),
      "gitops.config.yaml:9:13: error CFG010 /apps/0/main/port: must be integer, got string \"8080\"\n  hint: The port the main container listens on (named \"http\"); the Service targets it. Omit for a container that serves nothing.",
    ],
    [
      "a quantity that YAML read as a number",
      MINIMAL_CONFIG.replace("cpu: 10m", "cpu: 0.5"),
      "gitops.config.yaml:11:26: error CFG010 /apps/0/main/resources/requests/cpu: must be string, got number 0.5\n  hint: A Kubernetes quantity such as 100m, 0.5, 64Mi or 1Gi. Written as a string so YAML never turns it into a float.",
    ],
  ])("reports %s", (_name, text, expected) => {
    const out = diagnosticsOf(() => validate(text));
    expect(out[0]).toBe(expected);
  });

  it("collects every problem, sorted by position", () => {
    const text = MINIMAL_CONFIG.replace("name: demo", "name: Demo").replace("port: 8080", "port: 0");
    const out = diagnosticsOf(() => validate(text));
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^gitops\.config\.yaml:2:9: error CFG016 \/project\/name/);
    expect(out[1]).toMatch(/^gitops\.config\.yaml:9:13: error CFG010 \/apps\/0\/main\/port/);
  });
});
