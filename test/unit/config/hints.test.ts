import { describe, expect, it } from "vitest";
import { loadConfigFile, parseConfigText } from "../../../generator/config/load.js";
import { validateConfig } from "../../../generator/config/validate.js";
import { DiagnosticError, type Diagnostic } from "../../../generator/diagnostics/diagnostic.js";
import { FIX, MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";


function problems(fn: () => unknown): Diagnostic[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostics;
    throw err;
  }
  throw new Error("expected a DiagnosticError");
}

const check = (text: string) => problems(() => {
  const { source, data } = parseConfigText("gitops.config.yaml", text);
  return validateConfig(source, data);
});

describe("every config error's hint says what to write", () => {
  it.each<[string, string, () => Diagnostic[], RegExp]>([
    ["CFG003", "a NUL byte", () => problems(() => parseConfigText("c.yaml", "a: 1\n\0\n")), /^point --config at a YAML text file/],
    ["CFG003", "not UTF-8", () => problems(() => parseConfigText("c.yaml", Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]))), /^save the file as UTF-8/],
    ["CFG004", "a tab", () => problems(() => parseConfigText("c.yaml", MINIMAL_CONFIG.replace("      port: 8080", "\tport: 8080"))), /^replace the tab at the start of line 9 with spaces \(6 spaces, like "tag: "1\.27\.4-alpine"" on line 8\)/],
    ["CFG004", "a key one column off", () => problems(() => parseConfigText("c.yaml", MINIMAL_CONFIG.replace("      port: 8080", "     port: 8080"))), /^indent line 9 with spaces .*\(6 spaces, like "tag: /],
    ["CFG004", "an unclosed quote", () => problems(() => parseConfigText("c.yaml", MINIMAL_CONFIG.replace("port: 8080", 'port: "8080'))), /^close the quote or bracket/],
    ["CFG005", "a duplicate key", () => problems(() => parseConfigText("c.yaml", "a: 1\na: 2\n")), /^remove or rename one of the two keys/],
    ["CFG006", "an alias bomb", () => problems(() => parseConfigText("c.yaml", Array.from({ length: 102 }, (_, i) => (i === 0 ? "a: &a 1" : `b${i}: *a`)).join("\n") + "\n")), /^write the values out/],
    ["CFG010", 'port: "8080"', () => check(MINIMAL_CONFIG.replace("port: 8080", 'port: "8080"')), /^write the number without quotes: port: 8080$/],
    ["CFG010", "cpu: -1", () => check(MINIMAL_CONFIG.replace("cpu: 10m", "cpu: -1")), /^write a number >= 0$/],
    ["CFG010", "LOG_LEVEL: 3", () => check(MINIMAL_CONFIG + "    config:\n      data: { LOG_LEVEL: 3 }\n"), /^quote it: LOG_LEVEL: "3"/],
    ["CFG010", "a boolean env value", () => check(MINIMAL_CONFIG + "      env: { DEBUG: true }\n"), /^quote it: DEBUG: "true"/],
    ["CFG010", "port: 0", () => check(MINIMAL_CONFIG.replace("port: 8080", "port: 0")), /^write a number >= 1$/],
    ["CFG010", "a list where a map goes", () => check(MINIMAL_CONFIG + "environments: [dev]\n"), /^write a map/],
    ["CFG011", "a typo", () => check(MINIMAL_CONFIG.replace("port: 8080", "prot: 8080")), /^did you mean "port"\?$/],
    ["CFG011", "probes on the app", () => check(MINIMAL_CONFIG + "    probes: { readiness: { tcpSocket: {} } }\n"), /^did you mean main\.probes\? probes belongs to the main container: move it under apps\[0\]\.main$/],
    ["CFG011", "a tag on an environment's app", () => check(MINIMAL_CONFIG + "environments:\n  prod:\n    apps:\n      web: { tag: \"1.0\" }\n"), /^did you mean containers\.<container>\.tag\?/],
    ["CFG012", "a missing key", () => check(MINIMAL_CONFIG.replace('      tag: "1.27.4-alpine"\n', "")), /^add "tag"/],
    ["CFG013", "a misspelt enum", () => check(MINIMAL_CONFIG.replace("  - name: web\n", "  - name: web\n    kind: Deploymnet\n")), /^did you mean "Deployment"\?$/],
    ["CFG014", "tag: latest", () => check(MINIMAL_CONFIG.replace('"1.27.4-alpine"', "latest")), /^write a pinned version instead, such as tag: "1\.27\.4-alpine" \(or pin a digest/],
    ["CFG015", "an environment name", () => check(MINIMAL_CONFIG + "environments:\n  QA_1: {}\n"), /^rename it to a DNS-1123 label.*\(e\.g\. qa-1\)$/],
    ["CFG015", "a reserved label", () => check(MINIMAL_CONFIG + "    labels: { app.kubernetes.io/name: foo }\n"), /^write a key of your own instead, such as example\.com\/name/],
    ["CFG015", "an invalid label key", () => check(MINIMAL_CONFIG + "    labels: { 'team name': foo }\n"), /^write a Kubernetes label key.*e\.g\. "team-name"$/],
    ["CFG016", "a project name", () => check(MINIMAL_CONFIG.replace("name: demo", "name: My_Demo")), /^write a DNS-1123 label .*e\.g\. name: my-demo$/],
    ["CFG016", "a quantity", () => check(MINIMAL_CONFIG.replace("cpu: 10m", "cpu: 10 cores")), /^write a CPU quantity in quotes: cores \("0\.5", "2"\) or millicores \(cpu: "500m"\)$/],
    ["CFG016", "a tag inside image", () => check(MINIMAL_CONFIG.replace("image: nginxinc/nginx-unprivileged", "image: nginxinc/nginx-unprivileged:1.27")), /^write the repository only, image: nginxinc\/nginx-unprivileged, and tag: "1\.27" in its own field$/],
    ["CFG016", "a size in MB", () => check(MINIMAL_CONFIG.replace("memory: 16Mi", "memory: 16MB")), /^write memory: "16Mi"/],
    ["CFG016", "a relative mount path", () => check(MINIMAL_CONFIG + "      mounts: [{ volume: v, mountPath: data }]\n"), /^write an absolute path: mountPath: \/data$/],
    ["CFG010", "command as a string", () => check(MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      command: nginx -g daemon off\n")), /^write a list, one argument per item/],
    ["CFG017", "a sidecar type", () => check(MINIMAL_CONFIG + "    sidecars:\n      - type: log-shiper\n"), /^did you mean "log-shipper"\?$/],
    ["MDL001", "a duplicate app", () => problems(() => modelFromText(MINIMAL_CONFIG + MINIMAL_CONFIG.slice(MINIMAL_CONFIG.indexOf("  - name")))), /^give each app a unique name$/],
    ["MDL001", "a mount of an undeclared volume", () => problems(() => modelFromText(MINIMAL_CONFIG + "      mounts: [{ volume: nope, mountPath: /x }]\n")), /^declare it under apps\[0\]\.volumes/],
    ["MDL001", "an override of an unknown app", () => problems(() => modelFromText(MINIMAL_CONFIG + "environments:\n  dev:\n    apps:\n      wbe: { replicas: 2 }\n")), /^use one of: web$/],
    ["MDL001", "replicas on a Pod", () => problems(() => modelFromText(MINIMAL_CONFIG.replace("  - name: web\n", "  - name: web\n    kind: Pod\n    replicas: 2\n"))), /^use kind: Deployment for replicas/],
    ["MDL001", "an app name starting with a digit", () => problems(() => modelFromText(MINIMAL_CONFIG.replace("  - name: web\n", "  - name: 1web\n"))), /^start the name with a letter/],
    ["MDL001", "the main container disabled", () => problems(() => modelFromText(MINIMAL_CONFIG + "environments:\n  dev:\n    apps:\n      web:\n        containers:\n          app: { enabled: false }\n")), /^remove enabled: false/],
  ])("%s (%s)", (code, _what, run, hint) => {
    const [first, ...rest] = run();
    expect(first!.code).toBe(code);
    expect(first!.hint).toMatch(FIX);
    expect(first!.hint).toMatch(hint);
    expect(rest.map((d) => d.code)).not.toContain("CFG004");
  });

  it("CFG001: a missing config names --config", async () => {
    const ds = await loadConfigFile("/nonexistent/gitops.config.yaml").then(() => [], (err: DiagnosticError) => err.diagnostics);
    expect(ds[0]!.code).toBe("CFG001");
    expect(ds[0]!.hint).toMatch(FIX);
    expect(ds[0]!.hint).toMatch(/--config/);
  });

  it("CFG002: an oversized file says to point at the config", () => {
    const [d] = problems(() => parseConfigText("c.yaml", "# " + "x".repeat(8 * 1024 * 1024) + "\n"));
    expect(d!.code).toBe("CFG002");
    expect(d!.hint).toMatch(FIX);
  });
});

describe("one syntax error, not a cascade", () => {
  it.each([
    ["a tab", MINIMAL_CONFIG.replace("      port: 8080", "\tport: 8080")],
    ["a wrong indent", MINIMAL_CONFIG.replace("      port: 8080", "     port: 8080")],
  ])("%s gives exactly one CFG004, on its own line", (_what, text) => {
    const ds = problems(() => parseConfigText("gitops.config.yaml", text));
    expect(ds.map((d) => `${d.code}@${d.line}`)).toEqual(["CFG004@9"]);
    expect(ds[0]!.hint).toMatch(/indent|tab/);
  });

  it("still reports every duplicate key (they are independent)", () => {
    const ds = problems(() => parseConfigText("c.yaml", "a: 1\na: 2\nb: 1\nb: 2\n"));
    expect(ds.map((d) => d.code)).toEqual(["CFG005", "CFG005"]);
  });
});

describe("an environment with nothing under it", () => {
  it("is an empty environment, as {} is", () => {
    const cfg = (() => {
      const { source, data } = parseConfigText("gitops.config.yaml", MINIMAL_CONFIG + "environments:\n  uat:\n  prod:\n    apps:\n      web:\n");
      return validateConfig(source, data);
    })();
    expect(Object.keys(cfg.environments ?? {})).toEqual(["uat", "prod"]);
    expect(cfg.environments!.uat).toMatchObject({ podSecurity: "restricted" });
    expect(modelFromText(MINIMAL_CONFIG + "environments:\n  uat:\n").environments.map((e) => e.namespace)).toEqual(["demo-uat"]);
  });
});

describe("labels and annotations the generator owns are refused at the config (issue 13, item 2)", () => {
  it.each([
    ["an environment label app.kubernetes.io/name", "environments:\n  dev:\n    labels: { app.kubernetes.io/name: foo }\n", "/environments/dev/labels/app.kubernetes.io~1name", 15, 15],
    ["an environment label environment", "environments:\n  dev:\n    labels: { environment: x }\n", "/environments/dev/labels/environment", 15, 15],
    ["an environment annotation app.kubernetes.io/*", "environments:\n  dev:\n    annotations: { app.kubernetes.io/managed-by: me }\n", "/environments/dev/annotations/app.kubernetes.io~1managed-by", 15, 20],
    ["an app label app.kubernetes.io/version", "    labels: { app.kubernetes.io/version: v2 }\n", "/apps/0/labels/app.kubernetes.io~1version", 13, 15],
    ["an app label environment", "    labels:\n      environment: x\n", "/apps/0/labels/environment", 14, 7],
    ["an app annotation app.kubernetes.io/*", "    annotations: { app.kubernetes.io/part-of: x }\n", "/apps/0/annotations/app.kubernetes.io~1part-of", 13, 20],
  ])("%s, located at the key", (_what, extra, pointer, line, col) => {
    const ds = check(MINIMAL_CONFIG + extra);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: "CFG015", pointer, line, col, file: "gitops.config.yaml" });
    expect(ds[0]!.message).toMatch(/is reserved/);
    expect(ds[0]!.hint).toMatch(/^write a key of your own instead, such as example\.com\//);
  });

  it("keeps accepting keys of one's own, including other prefixed ones", () => {
    const model = modelFromText(MINIMAL_CONFIG + "    labels: { team: a, example.com/name: b }\nenvironments:\n  dev:\n    labels: { tier: x, app.kubernetes.io.example.com/y: z }\n    annotations: { example.com/owner: me }\n");
    expect(model.apps[0]!.labels).toMatchObject({ team: "a", "example.com/name": "b", "app.kubernetes.io/name": "web" });
    expect(model.environments[0]!.labels).toEqual({ "app.kubernetes.io.example.com/y": "z", environment: "dev", tier: "x" });
  });
});

describe("tag: latest in any case (issue 13, item 5)", () => {
  it.each(["latest", "LATEST", "Latest", "lAtEsT"])("refuses %s", (tag) => {
    const ds = check(MINIMAL_CONFIG.replace('"1.27.4-alpine"', tag));
    expect(ds.map((d) => [d.code, d.pointer])).toEqual([["CFG014", "/apps/0/main/tag"]]);
  });

  it("refuses it in an environment's override and on a sidecar too", () => {
    const ds = check(MINIMAL_CONFIG + "    sidecars:\n      - { type: date-logger, volume: v, mountPath: /v, tag: Latest }\n    volumes: [{ name: v }]\nenvironments:\n  prod:\n    apps:\n      web:\n        containers:\n          app: { tag: LATEST }\n");
    expect(ds.filter((d) => d.code === "CFG014").map((d) => d.pointer)).toEqual(["/apps/0/sidecars/0/tag", "/environments/prod/apps/web/containers/app/tag"]);
  });

  it("an unquoted number tag is one type error (quote it), not also a latest error", () => {
    const ds = check(MINIMAL_CONFIG.replace('"1.27.4-alpine"', "1.27"));
    expect(ds.map((d) => [d.code, d.hint])).toEqual([["CFG010", 'quote it: tag: "1.27" (YAML reads an unquoted 1.27 as a number)']]);
  });

  it("accepts tags that merely contain it", () => {
    expect(() => check(MINIMAL_CONFIG.replace('"1.27.4-alpine"', "latest-1.2"))).toThrow("expected a DiagnosticError");
  });
});

describe("annotations a sidecar sets are the generator's too", () => {
  const EXPORTER = MINIMAL_CONFIG + "    sidecars:\n      - type: nginx-exporter\n";
  it("an app annotation of the exporter's scrape keys is refused at its key", () => {
    const ds = problems(() => modelFromText(EXPORTER + "    annotations: { prometheus.io/port: '9999' }\n"));
    expect(ds.map((d) => [d.code, d.pointer, d.line])).toEqual([["MDL001", "/apps/0/annotations/prometheus.io~1port", 15]]);
    expect(ds[0]!.hint).toMatch(FIX);
  });

  it("an environment annotation that would overwrite them is refused at its key", () => {
    const ds = problems(() => modelFromText(EXPORTER + "environments:\n  prod:\n    annotations: { prometheus.io/scrape: 'false' }\n"));
    expect(ds.map((d) => [d.code, d.pointer])).toEqual([["MDL001", "/environments/prod/annotations/prometheus.io~1scrape"]]);
    expect(ds[0]!.hint).toMatch(/^remove it, or write a key of your own \(e\.g\. example\.com\/scrape\)$/);
  });

  it("is allowed without an exporter", () => {
    expect(() => modelFromText(MINIMAL_CONFIG + "    annotations: { prometheus.io/port: '9999' }\n")).not.toThrow();
  });
});
