import { describe, expect, it } from "vitest";
import { markdownTable, renderEnvironmentsDoc, summarizeEnvironments } from "../../../generator/render/summary.js";
import { MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";

const WITH_SIDECAR = MINIMAL_CONFIG.replace("      port: 8080\n", "      port: 8080\n      mounts: [{ volume: html, mountPath: /usr/share/nginx/html }]\n") +
  "    sidecars:\n      - { type: date-logger, volume: html, mountPath: /var/log }\n    volumes: [{ name: html, emptyDir: {} }]\n";

describe("environment summary", () => {
  it("lists per environment its cluster, namespace, sync policy and per app the running images, replicas, resources and sidecars", () => {
    const model = modelFromText(
      WITH_SIDECAR +
        "environments:\n  dev:\n    replicas: 2\n    apps: { web: { containers: { date-logger: { enabled: false } } } }\n" +
        "  prod:\n    sync: { automated: true, selfHeal: false }\n    apps: { web: { containers: { app: { tag: '1.28.0-alpine', resources: { limits: { cpu: '1' } } } } } }\n" +
        "delivery: { repoURL: 'https://github.com/example/demo.git' }\n",
    );
    const [dev, prod] = summarizeEnvironments(model);
    expect(dev).toMatchObject({ name: "dev", cluster: "in-cluster", namespace: "demo-dev", sync: "automated, prune, self-heal", targets: 2 });
    expect(dev!.apps).toEqual([
      { app: "web", kind: "Deployment", replicas: 2, images: [{ container: "app", ref: "nginxinc/nginx-unprivileged:1.27.4-alpine" }], resources: [{ container: "app", text: "cpu 10m/100m, memory 16Mi/64Mi" }], sidecars: [], sidecarMode: "native" },
    ]);
    expect(prod!.sync).toBe("automated, prune");
    expect(prod!.apps[0]!.images.map((i) => i.ref)).toEqual(["nginxinc/nginx-unprivileged:1.28.0-alpine", expect.stringMatching(/^busybox:/)]);
    // The overlay's strategic merge keeps the base's other quantities.
    expect(prod!.apps[0]!.resources[0]!.text).toBe("cpu 10m/1, memory 16Mi/64Mi");
    expect(prod!.apps[0]!.sidecars).toEqual(["date-logger"]);
  });

  it("says manual for an environment that is not automated", () => {
    const model = modelFromText(MINIMAL_CONFIG + "environments:\n  prod: { sync: { automated: false } }\n");
    expect(summarizeEnvironments(model)[0]!.sync).toBe("manual");
  });

  it("escapes table cells: a value cannot add a column or a row", () => {
    expect(markdownTable(["a", "b"], [["x|y", "1\n| 2 |"]])).toBe("| a | b |\n| --- | --- |\n| x\\|y | 1 \\| 2 \\| |\n");
  });

  it("renders docs/environments.md with a Mermaid diagram of config → base → overlays → clusters", () => {
    const doc = renderEnvironmentsDoc(modelFromText(MINIMAL_CONFIG));
    expect(doc.path).toBe("docs/environments.md");
    expect(doc.content).toContain("```mermaid\nflowchart LR\n");
    expect(doc.content).toContain('base_web --> ov_prod_web["overlays/prod/web"]');
    expect(doc.content).toContain('ov_prod_web --> cluster_in_cluster[("in-cluster")]');
    expect(doc.content.match(/^## /gm)).toHaveLength(3);
  });
});
