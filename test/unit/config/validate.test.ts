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
      'gitops.config.yaml:6:7: error CFG012 /apps/0/main: missing required key "tag"\n  hint: add "tag": A pinned image tag such as 1.27.4-alpine (never "latest", in any case).',
    ],
    [
      "the latest tag",
      MINIMAL_CONFIG.replace('"1.27.4-alpine"', "latest"),
      'gitops.config.yaml:8:12: error CFG014 /apps/0/main/tag: "latest" is not a pinned tag ("latest" is refused in any case)\n  hint: write a pinned version instead, such as tag: "1.27.4-alpine" (or pin a digest: digest: "sha256:…"); "latest" moves under you',
    ],
    [
      "a bad enum, with the nearest value",
      MINIMAL_CONFIG.replace("  - name: web\n", "  - name: web\n    kind: Deploymnet\n"),
      'gitops.config.yaml:5:11: error CFG013 /apps/0/kind: must be one of "Deployment", "Pod", "StatefulSet", "DaemonSet", "Job", "CronJob", got "Deploymnet"\n  hint: did you mean "Deployment"?',
    ],
    [
      "an environment name that is not a DNS-1123 label (no path traversal)",
      MINIMAL_CONFIG + "environments:\n  ../../etc: {}\n",
      'gitops.config.yaml:14:3: error CFG015 /environments/..~1..~1etc: invalid name "../../etc"\n  hint: rename it to a DNS-1123 label: lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 (e.g. etc)',
    ],
    [
      "a wrong type",
      MINIMAL_CONFIG.replace("port: 8080", 'port: "8080"'),
      "gitops.config.yaml:9:13: error CFG010 /apps/0/main/port: must be integer, got string \"8080\"\n  hint: write the number without quotes: port: 8080",
    ],
    [
      "a negative quantity",
      MINIMAL_CONFIG.replace("cpu: 10m", "cpu: -1"),
      "gitops.config.yaml:11:26: error CFG010 /apps/0/main/resources/requests/cpu: must be >= 0\n  hint: write a number >= 0",
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

describe("validateConfig: sidecar type (CFG017)", () => {
  const TYPES = "custom, date-logger, log-shipper, git-sync, config-reloader, nginx-exporter, ambassador";
  const sidecar = (lines: string) => MINIMAL_CONFIG + "    sidecars:\n" + lines;

  it.each([
    [
      "a missing type, at the sidecar, listing the catalog",
      sidecar("      - volume: logs\n"),
      `gitops.config.yaml:14:9: error CFG017 /apps/0/sidecars/0: missing sidecar "type"\n  hint: set type to one of: ${TYPES}`,
    ],
    [
      "an unknown type, at the type, with the nearest one",
      sidecar("      - type: log-shiper\n        volume: logs\n"),
      'gitops.config.yaml:14:15: error CFG017 /apps/0/sidecars/0/type: unknown sidecar type "log-shiper"\n  hint: did you mean "log-shipper"?',
    ],
    [
      "an unknown type in another case",
      sidecar("      - type: Git-Sync\n"),
      'gitops.config.yaml:14:15: error CFG017 /apps/0/sidecars/0/type: unknown sidecar type "Git-Sync"\n  hint: did you mean "git-sync"?',
    ],
    [
      "an unknown type nothing is near, listing the catalog",
      sidecar("      - type: prometheus\n"),
      `gitops.config.yaml:14:15: error CFG017 /apps/0/sidecars/0/type: unknown sidecar type "prometheus"\n  hint: set type to one of: ${TYPES}`,
    ],
    [
      "a type that is not a string, at the type (not as missing)",
      sidecar("      - type: 42\n        volume: logs\n"),
      `gitops.config.yaml:14:15: error CFG017 /apps/0/sidecars/0/type: sidecar "type" must be a string, got number 42\n  hint: set type to one of: ${TYPES}`,
    ],
    [
      "an empty type",
      sidecar("      - type:\n        volume: logs\n"),
      `gitops.config.yaml:14:14: error CFG017 /apps/0/sidecars/0/type: sidecar "type" must be a string, got null\n  hint: set type to one of: ${TYPES}`,
    ],
  ])("reports %s", (_name, text, expected) => {
    expect(diagnosticsOf(() => validate(text))).toEqual([expected]);
  });

  it("reports each sidecar's problem at its own index", () => {
    const out = diagnosticsOf(() => validate(sidecar("      - type: date-logger\n        volume: logs\n      - type: datelogger\n      - name: x\n")));
    expect(out.map((d) => d.split("\n")[0])).toEqual([
      'gitops.config.yaml:16:15: error CFG017 /apps/0/sidecars/1/type: unknown sidecar type "datelogger"',
      'gitops.config.yaml:17:9: error CFG017 /apps/0/sidecars/2: missing sidecar "type"',
    ]);
  });

  it("validates a known type against its own schema only (no errors from the other catalog entries)", () => {
    const out = diagnosticsOf(() => validate(sidecar("      - type: date-logger\n        repo: https://example.com/x.git\n")));
    expect(out).toEqual([
      'gitops.config.yaml:14:9: error CFG012 /apps/0/sidecars/0: missing required key "volume"\n  hint: add "volume": The app volume it writes into.',
      expect.stringMatching(/^gitops\.config\.yaml:15:9: error CFG011 \/apps\/0\/sidecars\/0\/repo: unknown key "repo"\n  hint: remove it, or write one of the allowed keys: type, name, enabled, /),
    ]);
  });

  it("applies the chosen entry's defaults", () => {
    const cfg = validate(sidecar("      - type: log-shipper\n        volume: logs\n"));
    expect(cfg.apps[0]!.sidecars![0]).toMatchObject({ type: "log-shipper", name: "log-shipper", httpPort: 2020, paths: ["*.log"], output: { type: "stdout", tls: false } });
  });
});
