import { describe, expect, it } from "vitest";
import { CATALOG_IMAGES } from "../../../generator/catalog/images.js";
import { diagnosticsOf, fileAt, modelFromText, renderFromText } from "../../helpers/config.js";
import { appOf, baseObject, classic, containerOf, podSpecOf, renderedContainer, withMainMounts, withoutHeader } from "./helpers.js";

const MAIN = withMainMounts("{ volume: logs, mountPath: /var/log/nginx }");
const VOLUMES = `    volumes:
      - name: logs
`;
/** Lines 15-17: sidecars, the item, volume. */
const DEFAULT = MAIN + `    sidecars:
      - type: log-shipper
        volume: logs
` + VOLUMES;

/** A log-shipper with an output block (flow mapping). */
function withOutput(output: string): string {
  return MAIN + `    sidecars:
      - type: log-shipper
        volume: logs
        output: ${output}
` + VOLUMES;
}

/** The generated fluent-bit.conf of the only log-shipper. */
function fluentBitConf(text: string): string {
  const cms = appOf(text).configMaps;
  expect(cms).toHaveLength(1);
  const [name, content] = cms[0]!.files[0]!;
  expect(name).toBe("fluent-bit.conf");
  return content;
}

/** The [OUTPUT] section, without its heading. */
function outputSection(text: string): string {
  return fluentBitConf(text).split("[OUTPUT]\n")[1]!;
}

const STDOUT_CONF = `[SERVICE]
    Flush              1
    Daemon             Off
    Log_Level          info
    HTTP_Server        On
    HTTP_Listen        0.0.0.0
    HTTP_Port          2020
    Health_Check       On

[INPUT]
    Name               tail
    Path               /var/log/app/*.log
    Tag                web.*
    DB                 /fluent-bit/state/tail.db
    Refresh_Interval   5
    Mem_Buf_Limit      8MB
    Skip_Long_Lines    On

[OUTPUT]
    Name               stdout
    Match              *
    Format             json_lines
`;

describe("log-shipper", () => {
  it("adds Fluent Bit reading the shared volume read-only, with its HTTP port, health probes and non-root user", () => {
    const c = containerOf(DEFAULT, "log-shipper");
    expect(c).toMatchObject({
      role: "sidecar",
      sidecarType: "log-shipper",
      image: CATALOG_IMAGES.fluentBit.image,
      tag: CATALOG_IMAGES.fluentBit.tag,
      command: ["/fluent-bit/bin/fluent-bit"],
      args: ["--config", "/fluent-bit/config/fluent-bit.conf"],
      ports: [{ name: "fluent-bit", containerPort: 2020 }],
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
      env: [],
      optional: true,
      enabledByDefault: true,
    });
    expect(c.mounts).toEqual([
      { volume: "logs", mountPath: "/var/log/app", readOnly: true },
      { volume: "log-shipper-config", mountPath: "/fluent-bit/config", readOnly: true },
      { volume: "log-shipper-state", mountPath: "/fluent-bit/state", readOnly: false },
    ]);
    expect(c.probes).toEqual({
      startup: { handler: { kind: "httpGet", path: "/api/v1/health", port: "fluent-bit" }, initialDelaySeconds: 0, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 30 },
      liveness: { handler: { kind: "httpGet", path: "/api/v1/health", port: "fluent-bit" }, initialDelaySeconds: 0, periodSeconds: 30, timeoutSeconds: 1, failureThreshold: 3 },
    });
    expect(c.probes.readiness).toBeUndefined();
    expect(c.security).toEqual({
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"], add: [] },
      runAsUser: CATALOG_IMAGES.fluentBit.runAsUser,
      runAsGroup: CATALOG_IMAGES.fluentBit.runAsGroup,
    });
  });

  it("adds its config volume (the hashed ConfigMap <app>-<name>) and a size-limited state emptyDir, and nothing to the main container", () => {
    const app = appOf(DEFAULT);
    expect(app.volumes).toEqual([
      { name: "logs", emptyDir: { medium: "" } },
      { name: "log-shipper-config", configMap: { name: "web-log-shipper" } },
      { name: "log-shipper-state", emptyDir: { medium: "", sizeLimit: "64Mi" } },
    ]);
    expect(app.configMaps.map((c) => ({ ...c, files: c.files.map(([f]) => f) }))).toEqual([
      { name: "web-log-shipper", dir: "log-shipper", files: ["fluent-bit.conf"], hashed: true },
    ]);
    expect(app.containers[0]!.mounts).toEqual([{ volume: "logs", mountPath: "/var/log/nginx", readOnly: false }]);
    expect(app.service!.extraPorts).toEqual([]);
    expect(app.podAnnotations).toEqual({});
  });

  it("renders fluent-bit.conf into base/<app>/<name>/ and generates the ConfigMap from it with a hash suffix", () => {
    const files = renderFromText(DEFAULT);
    expect(withoutHeader(fileAt(files, "base/web/log-shipper/fluent-bit.conf"))).toBe(STDOUT_CONF);
    const k = baseObject(DEFAULT, "kustomization.yaml") as { resources: string[]; configMapGenerator: unknown[] };
    expect(k.configMapGenerator).toEqual([{ name: "web-log-shipper", files: ["log-shipper/fluent-bit.conf"] }]);
    expect(k.resources).not.toContain("configmap-log-shipper.yaml");
    expect(files.some((f) => f.path === "base/web/configmap-log-shipper.yaml")).toBe(false);
  });

  it.each([
    ["forward", "{ type: forward, host: agg.logging }", ["Name               forward", "Host               agg.logging", "Port               24224"]],
    ["forward with tls", "{ type: forward, host: agg.logging, tls: true }", ["Name               forward", "Host               agg.logging", "Port               24224", "tls                On", "tls.verify         On"]],
    ["http", "{ type: http, host: collector.example }", ["Name               http", "Host               collector.example", "Port               80", "Uri                /", "Format             json"]],
    ["http with tls", "{ type: http, host: collector.example, tls: true }", ["Name               http", "Host               collector.example", "Port               443", "Uri                /", "Format             json", "tls                On", "tls.verify         On"]],
    ["http with a port and uri", "{ type: http, host: collector.example, port: 8088, uri: /ingest/v1 }", ["Name               http", "Host               collector.example", "Port               8088", "Uri                /ingest/v1", "Format             json"]],
    ["loki", "{ type: loki, host: loki.monitoring }", ["Name               loki", "Host               loki.monitoring", "Port               3100", "Uri                /loki/api/v1/push", "Labels             job=web"]],
    ["loki with tls", "{ type: loki, host: loki.monitoring, tls: true }", ["Name               loki", "Host               loki.monitoring", "Port               443", "Uri                /loki/api/v1/push", "Labels             job=web", "tls                On", "tls.verify         On"]],
    ["stdout, ignoring host and tls", "{ type: stdout, host: nowhere, tls: true }", ["Name               stdout", "Format             json_lines"]],
  ])("writes the [OUTPUT] section for %s", (_name, output, lines) => {
    const [name, ...rest] = lines;
    expect(outputSection(withOutput(output))).toBe([`    ${name}`, "    Match              *", ...rest.map((l) => `    ${l}`), ""].join("\n"));
  });

  it("keeps [SERVICE] and [INPUT] the same whatever the output", () => {
    const head = (t: string) => fluentBitConf(t).split("[OUTPUT]")[0];
    expect(head(withOutput("{ type: loki, host: loki.monitoring, tls: true }"))).toBe(STDOUT_CONF.split("[OUTPUT]")[0]);
  });

  it("tails every path under mountPath (trailing slashes dropped) and serves HTTP on httpPort", () => {
    const text = MAIN + `    sidecars:
      - type: log-shipper
        volume: logs
        mountPath: /logs/
        paths: ["access.log", "nginx/*.log"]
        httpPort: 2099
` + VOLUMES;
    const conf = fluentBitConf(text);
    expect(conf).toContain("    Path               /logs/access.log,/logs/nginx/*.log\n");
    expect(conf).toContain("    HTTP_Port          2099\n");
    const c = containerOf(text, "log-shipper");
    expect(c.ports).toEqual([{ name: "fluent-bit", containerPort: 2099 }]);
    expect(c.mounts[0]).toEqual({ volume: "logs", mountPath: "/logs/", readOnly: true });
  });

  it("names its volumes, ConfigMap and folder after its name", () => {
    const text = DEFAULT.replace("      - type: log-shipper\n", "      - type: log-shipper\n        name: shipper\n");
    const app = appOf(text);
    expect(app.containers.map((c) => c.name)).toEqual(["app", "shipper"]);
    expect(app.volumes.map((v) => v.name)).toEqual(["logs", "shipper-config", "shipper-state"]);
    expect(app.configMaps.map((c) => [c.name, c.dir])).toEqual([["web-shipper", "shipper"]]);
    expect(fileAt(renderFromText(text), "base/web/shipper/fluent-bit.conf")).toContain("[INPUT]");
  });

  it("applies overrides: image, tag, digest, resources, env, securityContext", () => {
    const digest = "sha256:" + "0123456789abcdef".repeat(4);
    const text = DEFAULT.replace(
      "        volume: logs\n",
      `        volume: logs
        image: ghcr.io/mirror/fluent-bit
        tag: "4.0.9"
        digest: "${digest}"
        env: { FLB_LOG_LEVEL: debug }
        resources:
          limits: { cpu: "1", memory: 256Mi }
        securityContext: { runAsUser: 2000, runAsGroup: 3000 }
`,
    );
    const c = containerOf(text, "log-shipper");
    expect(c).toMatchObject({ image: "ghcr.io/mirror/fluent-bit", tag: "4.0.9", digest, env: [["FLB_LOG_LEVEL", "debug"]] });
    expect(c.resources).toEqual({ requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "1", memory: "256Mi" } });
    expect(c.security).toMatchObject({ runAsUser: 2000, runAsGroup: 3000 });
  });

  it("renders as a native sidecar with restartPolicy Always, or a regular container in classic mode", () => {
    const native = renderedContainer(podSpecOf(DEFAULT), "log-shipper");
    expect(native.list).toBe("initContainers");
    expect(native.container).toMatchObject({
      image: `${CATALOG_IMAGES.fluentBit.image}:${CATALOG_IMAGES.fluentBit.tag}`,
      restartPolicy: "Always",
      ports: [{ name: "fluent-bit", containerPort: 2020, protocol: "TCP" }],
      startupProbe: { httpGet: { path: "/api/v1/health", port: "fluent-bit" }, periodSeconds: 2, failureThreshold: 30 },
    });
    const old = renderedContainer(podSpecOf(classic(DEFAULT)), "log-shipper");
    expect(old.list).toBe("containers");
    expect(old.container.restartPolicy).toBeUndefined();
    expect(podSpecOf(DEFAULT).volumes).toEqual([
      { name: "logs", emptyDir: {} },
      { name: "log-shipper-config", configMap: { name: "web-log-shipper" } },
      { name: "log-shipper-state", emptyDir: { sizeLimit: "64Mi" } },
    ]);
  });

  it("reports its HTTP port on the main container's port, at httpPort", () => {
    const text = DEFAULT.replace("        volume: logs\n", "        volume: logs\n        httpPort: 8080\n");
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      'gitops.config.yaml:18:19: error MDL001 /apps/0/sidecars/0/httpPort: port 8080 is already used by the main container "app"\n' +
        "  hint: give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments",
    ]);
  });

  it("requires a host for forward, http and loki outputs (CFG012)", () => {
    for (const type of ["forward", "http", "loki"]) {
      expect(diagnosticsOf(() => modelFromText(withOutput(`{ type: ${type} }`)))).toEqual([
        'gitops.config.yaml:18:17: error CFG012 /apps/0/sidecars/0/output: missing required key "host"\n  hint: add "host"',
      ]);
    }
    expect(() => modelFromText(withOutput("{ type: stdout }"))).not.toThrow();
  });

  it.each([
    ["a parent directory", '"../etc/*.log"'],
    ["a parent directory further in", '"a/../../b.log"'],
    ["a newline that would start a new section", '"a.log\\n[OUTPUT]"'],
    ["a comma that would add a path", '"a.log,/etc/passwd"'],
    ["an absolute path", '"/etc/passwd"'],
  ])("rejects a path with %s (CFG016)", (_name, path) => {
    const text = DEFAULT.replace("        volume: logs\n", `        volume: logs\n        paths: [${path}]\n`);
    const out = diagnosticsOf(() => modelFromText(text));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^gitops\.config\.yaml:18:17: error CFG016 \/apps\/0\/sidecars\/0\/paths\/0: .* is not in the expected form\n  hint: write it in this form: A glob relative to mountPath\.$/);
  });

  it.each([["a semicolon", '"/a;b"'], ["a space", '"/a b"'], ["a newline", '"/a\\nb"']])("rejects an output uri with %s (CFG016)", (_name, path) => {
    const out = diagnosticsOf(() => modelFromText(withOutput(`{ type: http, host: h, uri: ${path} }`)));
    expect(out).toEqual([expect.stringMatching(/^gitops\.config\.yaml:18:\d+: error CFG016 \/apps\/0\/sidecars\/0\/output\/uri: /)]);
  });
});
