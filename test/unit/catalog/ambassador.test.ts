import { describe, expect, it } from "vitest";
import { renderHaproxyCfg } from "../../../generator/catalog/ambassador.js";
import { CATALOG_IMAGES } from "../../../generator/catalog/images.js";
import { diagnosticsOf, fileAt, MINIMAL_CONFIG, modelFromText, renderFromText } from "../../helpers/config.js";
import { appOf, baseObject, classic, containerOf, podSpecOf, renderedContainer, withoutHeader, restrictedAs } from "./helpers.js";

/** Lines 13-16: sidecars, the item, listenPort, upstream. */
const DEFAULT = MINIMAL_CONFIG + `    sidecars:
      - type: ambassador
        listenPort: 6379
        upstream: { host: redis.example.internal, port: 6380 }
`;

function withFields(fields: string): string {
  return DEFAULT + fields.split("\n").filter(Boolean).map((l) => `        ${l}\n`).join("");
}

function withHost(host: string): string {
  return DEFAULT.replace("host: redis.example.internal", `host: ${host}`);
}

const TCP_CFG = `global
    log stdout format raw local0

defaults
    mode tcp
    log global
    option tcplog
    timeout connect 5s
    timeout client 60s
    timeout server 60s

# Re-resolve the upstream's name while running: a remote service may move.
resolvers dns
    parse-resolv-conf
    hold valid 10s

frontend health
    mode http
    bind :8405
    monitor-uri /healthz

listen upstream
    bind 127.0.0.1:6379
    server remote redis.example.internal:6380 check resolvers dns init-addr last,libc,none
`;

describe("ambassador", () => {
  it("adds HAProxy with its generated config, health port, probes and non-root user", () => {
    const c = containerOf(DEFAULT, "ambassador");
    expect(c).toMatchObject({
      role: "sidecar",
      sidecarType: "ambassador",
      image: CATALOG_IMAGES.haproxy.image,
      tag: CATALOG_IMAGES.haproxy.tag,
      command: ["haproxy"],
      args: ["-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"],
      ports: [{ name: "proxy-health", containerPort: 8405 }],
      mounts: [{ volume: "ambassador-config", mountPath: "/usr/local/etc/haproxy", readOnly: true }],
      resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { cpu: "200m", memory: "128Mi" } },
      optional: true,
      enabledByDefault: true,
    });
    const probe = (periodSeconds: number, failureThreshold = 3) => ({
      handler: { kind: "httpGet", path: "/healthz", port: "proxy-health" },
      initialDelaySeconds: 0,
      periodSeconds,
      timeoutSeconds: 1,
      failureThreshold,
    });
    expect(c.probes).toEqual({ startup: probe(2, 30), readiness: probe(10), liveness: probe(30) });
    expect(c.security).toEqual(restrictedAs(99, 99));
  });

  it("keeps haproxy.cfg in a hashed ConfigMap <app>-<name>, mounted only into its own container", () => {
    const app = appOf(DEFAULT);
    expect(app.volumes).toEqual([{ name: "ambassador-config", configMap: { name: "web-ambassador" } }]);
    expect(app.configMaps).toEqual([{ name: "web-ambassador", dir: "ambassador", files: [["haproxy.cfg", TCP_CFG]], hashed: true }]);
    expect(app.containers[0]!.mounts).toEqual([]);
    expect(app.service!.extraPorts).toEqual([]);
    expect(app.podAnnotations).toEqual({});
    const files = renderFromText(DEFAULT);
    expect(withoutHeader(fileAt(files, "base/web/ambassador/haproxy.cfg"))).toBe(TCP_CFG);
    const k = baseObject(DEFAULT, "kustomization.yaml") as { configMapGenerator: unknown[] };
    expect(k.configMapGenerator).toEqual([{ name: "web-ambassador", files: ["ambassador/haproxy.cfg"] }]);
  });

  it("http mode logs requests; timeouts and the health port come from the config", () => {
    const cfg = appOf(withFields("mode: http\ntimeoutSeconds: 5\nhealthPort: 8500")).configMaps[0]!.files[0]![1];
    const expected = TCP_CFG.replace("    mode tcp\n", "    mode http\n")
      .replace("    option tcplog\n", "    option httplog\n")
      .replace(/timeout (client|server) 60s/g, "timeout $1 5s")
      .replace("bind :8405", "bind :8500");
    expect(cfg).toBe(expected);
    expect(cfg).not.toContain("tcplog");
    const c = containerOf(withFields("healthPort: 8500"), "ambassador");
    expect(c.ports).toEqual([{ name: "proxy-health", containerPort: 8500 }]);
  });

  it("names its volume, ConfigMap and folder after its name", () => {
    const text = withFields("name: redis-proxy");
    const app = appOf(text);
    expect(app.containers.map((c) => c.name)).toEqual(["app", "redis-proxy"]);
    expect(app.volumes).toEqual([{ name: "redis-proxy-config", configMap: { name: "web-redis-proxy" } }]);
    expect(app.configMaps.map((c) => [c.name, c.dir])).toEqual([["web-redis-proxy", "redis-proxy"]]);
    expect(fileAt(renderFromText(text), "base/web/redis-proxy/haproxy.cfg")).toContain("bind 127.0.0.1:6379");
  });

  it("applies overrides: image, tag, digest, resources, env, securityContext", () => {
    const digest = "sha256:" + "f".repeat(64);
    const c = containerOf(
      withFields(`image: haproxytech/haproxy-alpine\ntag: "3.2.9"\ndigest: "${digest}"\nresources: { requests: { cpu: 5m } }\nenv: { A: b }\nsecurityContext: { runAsUser: 1000, runAsGroup: 1000 }`),
      "ambassador",
    );
    expect(c).toMatchObject({ image: "haproxytech/haproxy-alpine", tag: "3.2.9", digest, env: [["A", "b"]] });
    expect(c.resources).toEqual({ requests: { cpu: "5m" }, limits: { cpu: "200m", memory: "128Mi" } });
    expect(c.security).toMatchObject({ runAsUser: 1000, runAsGroup: 1000 });
  });

  it("renders as a native sidecar, so the main container starts once the proxy listens; classic on request", () => {
    const native = renderedContainer(podSpecOf(DEFAULT), "ambassador");
    expect(native.list).toBe("initContainers");
    expect(native.container).toMatchObject({
      restartPolicy: "Always",
      image: `${CATALOG_IMAGES.haproxy.image}:${CATALOG_IMAGES.haproxy.tag}`,
      startupProbe: { httpGet: { path: "/healthz", port: "proxy-health" }, periodSeconds: 2, failureThreshold: 30 },
      volumeMounts: [{ name: "ambassador-config", mountPath: "/usr/local/etc/haproxy", readOnly: true }],
    });
    const old = renderedContainer(podSpecOf(classic(DEFAULT)), "ambassador");
    expect(old.list).toBe("containers");
    expect(old.container.restartPolicy).toBeUndefined();
  });

  it.each([
    ["listen port", "listenPort: 8080", "DEFAULT", "15:21", "listenPort", 'the main container "app"'],
    ["health port", "healthPort: 8080", "APPEND", "17:21", "healthPort", 'the main container "app"'],
    ["listen port on its own health port", "listenPort: 8405", "DEFAULT", "15:21", "listenPort", 'sidecar "ambassador"'],
  ])("reports its %s clashing, at that key", (_name, field, how, at, key, owner) => {
    const text = how === "DEFAULT" ? DEFAULT.replace("        listenPort: 6379\n", `        ${field}\n`) : withFields(field);
    const port = field.split(": ")[1];
    expect(diagnosticsOf(() => modelFromText(text))).toEqual([
      `gitops.config.yaml:${at}: error MDL001 /apps/0/sidecars/0/${key}: port ${port} is already used by ${owner}\n` +
        "  hint: give each listener its own port (containers of a pod share one network namespace), or enable the two in different environments",
    ]);
  });

  it.each([
    ["a semicolon", '"redis;x"'],
    ["a newline", '"redis\\n    server evil 10.0.0.1:6379"'],
    ["a space", '"redis x"'],
    ["a hash", '"redis#x"'],
    ["a port", '"redis:6379"'],
  ])("rejects an upstream host with %s (CFG016)", (_name, host) => {
    expect(diagnosticsOf(() => modelFromText(withHost(host)))).toEqual([
      expect.stringMatching(
        /^gitops\.config\.yaml:16:27: error CFG016 \/apps\/0\/sidecars\/0\/upstream\/host: .* is not in the expected form\n  hint: write it in this form: A DNS name or IPv4 address, e.g\. db\.example\.internal or 10\.0\.0\.5\.$/,
      ),
    ]);
  });

  it("accepts an IPv4 upstream", () => {
    expect(appOf(withHost("10.0.0.5")).configMaps[0]!.files[0]![1]).toContain("    server remote 10.0.0.5:6380 check");
  });

  it("refuses an unsafe host that bypasses the schema, before any haproxy.cfg is written", () => {
    expect(() => renderHaproxyCfg({ type: "ambassador", listenPort: 1, upstream: { host: "a\n    server x 1.2.3.4", port: 1 } })).toThrow(/not safe in a config file/);
    expect(() => renderHaproxyCfg({ type: "ambassador", listenPort: 1, upstream: { host: "a;b", port: 1 } })).toThrow(/host="a;b"/);
  });

  it("requires listenPort and upstream host and port (CFG012)", () => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + "    sidecars:\n      - type: ambassador\n        upstream: {}\n"));
    expect(out.map((d) => d.split("\n")[0])).toEqual([
      'gitops.config.yaml:14:9: error CFG012 /apps/0/sidecars/0: missing required key "listenPort"',
      'gitops.config.yaml:15:19: error CFG012 /apps/0/sidecars/0/upstream: missing required key "host"',
      'gitops.config.yaml:15:19: error CFG012 /apps/0/sidecars/0/upstream: missing required key "port"',
    ]);
  });
});
