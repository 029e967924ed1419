import { describe, expect, it } from "vitest";
import { diagnosticsOf, MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";

const DELIVERY = `delivery:
  repoURL: https://github.com/example/demo.git
  clusters:
    nonprod: {}
    prod: { server: "https://prod.example.com:6443" }
`;

describe("delivery model", () => {
  it("is absent without a delivery section; every environment then runs on in-cluster", () => {
    const m = modelFromText(MINIMAL_CONFIG + "environments:\n  dev: {}\n  prod: {}\n");
    expect(m.delivery).toBeUndefined();
    expect(m.environments.map((e) => [e.name, e.cluster])).toEqual([["dev", "in-cluster"], ["prod", "in-cluster"]]);
  });

  it("applies the defaults a user expects: branch main, both engines, in-cluster, automated sync with prune and self-heal", () => {
    const m = modelFromText(MINIMAL_CONFIG + "delivery:\n  repoURL: https://github.com/example/demo.git\n");
    expect(m.delivery).toEqual({
      repoURL: "https://github.com/example/demo.git",
      revision: "main",
      repoPath: "",
      argocd: { namespace: "argocd", retryLimit: 5, revisionHistoryLimit: 10 },
      flux: { gitRepository: "bootstrap", interval: "10m", retryInterval: "2m", timeout: "5m" },
      clusters: [{ name: "in-cluster", destination: { server: "https://kubernetes.default.svc" }, engines: ["argocd", "flux"] }],
    });
    for (const env of m.environments) {
      expect(env.cluster).toBe("in-cluster");
      expect(env.sync).toEqual({ automated: true, prune: true, selfHeal: true });
    }
  });

  it("puts each environment on its cluster, with its own sync policy; only used clusters are kept", () => {
    const m = modelFromText(
      MINIMAL_CONFIG +
        DELIVERY.replace("  clusters:\n", "  engines: [flux]\n  clusters:\n    spare: { name: spare-cluster }\n") +
        "environments:\n  dev: { cluster: nonprod }\n  prod:\n    cluster: prod\n    sync: { automated: false }\n",
    );
    expect(m.delivery!.argocd).toBeUndefined();
    expect(m.delivery!.flux).toBeDefined();
    expect(m.delivery!.clusters.map((c) => c.name)).toEqual(["nonprod", "prod"]);
    expect(m.environments.find((e) => e.name === "prod")).toMatchObject({ cluster: "prod", sync: { automated: false, prune: true, selfHeal: true } });
  });

  it.each([
    [
      "an unknown cluster",
      DELIVERY + "environments:\n  dev: { cluster: nonprd }\n",
      /^gitops\.config\.yaml:\d+:\d+: error MDL001 \/environments\/dev\/cluster: environment "dev" runs on unknown cluster "nonprd"\n {2}hint: use one of: nonprod, prod$/,
    ],
    [
      "no cluster when there are several",
      DELIVERY + "environments:\n  dev: {}\n",
      /^gitops\.config\.yaml:\d+:3: error MDL001 \/environments\/dev: environment "dev" does not say which cluster it runs on\n {2}hint: add `cluster: <name>` under environments\.dev, one of: nonprod, prod$/,
    ],
    [
      "a cluster with both server and name",
      "delivery:\n  repoURL: https://github.com/example/demo.git\n  clusters:\n    c1: { server: 'https://a.example.com', name: a }\n",
      /error MDL001 \/delivery\/clusters\/c1\/name: cluster "c1" sets both server and name\n {2}hint: Argo CD reaches a cluster by its API server URL or by its registered name: keep one of server and name$/,
    ],
    [
      "two environments on one namespace of one cluster",
      "environments:\n  prod: {}\n  qa: { namespace: demo-prod }\n",
      /^gitops\.config\.yaml:\d+:\d+: error MDL001 \/environments\/qa\/namespace: environments "prod" and "qa" both use namespace "demo-prod" on cluster "in-cluster": both would own its Namespace and workloads\n {2}hint: give environments\.qa\.namespace another name$/,
    ],
    [
      "an app named like the Namespace target",
      "",
      /error MDL001 \/apps\/0\/name: app name "namespace" is taken by overlays\/<env>\/namespace\/ \(the environment's Namespace target\)/,
      (c: string) => c.replace("  - name: web\n", "  - name: namespace\n"),
    ],
  ])("refuses %s with a located error", (_what, extra, expected, edit = (c: string) => c) => {
    const out = diagnosticsOf(() => modelFromText(edit(MINIMAL_CONFIG) + extra));
    expect(out.join("\n")).toMatch(expected);
  });

  it("lets environments on different clusters share a namespace", () => {
    const m = modelFromText(MINIMAL_CONFIG + DELIVERY + "environments:\n  dev: { cluster: nonprod, namespace: demo }\n  prod: { cluster: prod, namespace: demo }\n");
    expect(m.environments.map((e) => `${e.cluster}/${e.namespace}`)).toEqual(["nonprod/demo", "prod/demo"]);
  });

  it("rejects a repoURL or cluster server that is not a URL, at the schema", () => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + "delivery:\n  repoURL: 'x\ny: 1'\n  clusters:\n    c: { server: 'http://insecure' }\n"));
    expect(out.some((l) => l.includes("/delivery/repoURL"))).toBe(true);
    expect(out.some((l) => l.includes("/delivery/clusters/c/server"))).toBe(true);
  });
});

describe("the config checksum annotation", () => {
  it("is reserved: an app annotation checksum/config is refused at its key", () => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + "    annotations: { checksum/config: mine }\n"));
    expect(out.join("\n")).toMatch(/error CFG015 \/apps\/0\/annotations\/checksum~1config: annotation key "checksum\/config" is reserved: the generator sets it on pod templates/);
  });
});

describe("what the API server would refuse, refused at the config (issue 11)", () => {
  // The API server prints both quantities in their canonical form (resource.Quantity.String()), whatever the
  // manifest wrote: "0.5" is 500m, "1024Mi" is 1Gi. The hint keeps the config's own words.
  it.each([
    ['cpu: "0.5", memory: 16Mi', "cpu", '"500m"', "100m", "100m"],
    ["cpu: 10m, memory: 1024Mi", "memory", '"1Gi"', "64Mi", "64Mi"],
  ])("a request above its limit is worded as the API server does (%s)", (requests, resource, shown, limit, hintLimit) => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG.replace("requests: { cpu: 10m, memory: 16Mi }", `requests: { ${requests} }`)));
    expect(out.join("\n")).toContain(`container "app": resources.requests.${resource}: Invalid value: ${shown}: must be less than or equal to ${resource} limit of ${limit}\n  hint: lower the ${resource} request to at most ${hintLimit}, or raise the limit`);
  });

  it("canonical limits too: a limit of \"0.1\" is 100m, 1024Mi is 1Gi", () => {
    const out = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG.replace("requests: { cpu: 10m, memory: 16Mi }", "requests: { cpu: 200m, memory: 2Gi }").replace("limits: { cpu: 100m, memory: 64Mi }", 'limits: { cpu: "0.1", memory: 1024Mi }')));
    expect(out.join("\n")).toContain('resources.requests.cpu: Invalid value: "200m": must be less than or equal to cpu limit of 100m\n  hint: lower the cpu request to at most 0.1, or raise the limit');
    expect(out.join("\n")).toContain('resources.requests.memory: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi');
  });

  it("a CPU request above its limit, in the base and after an environment's override", () => {
    const base = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG.replace("requests: { cpu: 10m, memory: 16Mi }", "requests: { cpu: 500m, memory: 16Mi }")));
    expect(base.join("\n")).toMatch(/error MDL001 \/apps\/0\/main\/resources: container "app": resources\.requests\.cpu: Invalid value: "500m": must be less than or equal to cpu limit of 100m\n {2}hint: lower the cpu request to at most 100m, or raise the limit/);
    const env = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + "environments:\n  prod:\n    apps: { web: { containers: { app: { resources: { requests: { memory: 128Mi } } } } } }\n"));
    expect(env.join("\n")).toMatch(/\/environments\/prod\/apps\/web\/containers\/app\/resources: container "app": resources\.requests\.memory: Invalid value: "128Mi": must be less than or equal to memory limit of 64Mi in environment "prod"/);
    // Equal is fine, and so is a request without a limit.
    expect(() => modelFromText(MINIMAL_CONFIG.replace("requests: { cpu: 10m, memory: 16Mi }", "requests: { cpu: 0.1, memory: 16Mi }").replace("cpu: 0.1", 'cpu: "0.1"'))).not.toThrow();
  });

  it("a label value with a space, and a label key whose name part is over 63 characters", () => {
    const value = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + "environments:\n  dev:\n    labels: { tier: dev team }\n"));
    expect(value.join("\n")).toMatch(/error CFG016 \/environments\/dev\/labels\/tier: "dev team" is not in the expected form\n {2}hint: write a label value of at most 63 letters, digits, '-', '_' and '\.', a letter or digit at both ends, e\.g\. tier: dev-team/);
    const key = "k".repeat(70);
    const long = diagnosticsOf(() => modelFromText(MINIMAL_CONFIG + `environments:\n  dev:\n    labels: { ${key}: x }\n`));
    expect(long.join("\n")).toMatch(new RegExp(`error CFG015 /environments/dev/labels/${key}: invalid label key "${key}"\\n {2}hint: .*at most 63 .*e\\.g\\. "${"k".repeat(63)}"`));
    expect(() => modelFromText(MINIMAL_CONFIG + `environments:\n  dev:\n    labels: { ${"k".repeat(63)}: x, example.com/team: a.b_c-d }\n`)).not.toThrow();
  });
});
