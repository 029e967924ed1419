/**
 * Proven delivery (issue 26): the real Flux controllers sync the rendered tree from a loopback Git host into the
 * simulated cluster (sim.ts), and every assertion is on the cluster's state.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderFromConfigText } from "../../generator/pipeline.js";
import { oracleKubectl } from "../oracles/cluster.js";
import { IN_CI, REPO_ROOT } from "../oracles/oracles.js";
import { tempDir, writeFilesTo } from "../helpers/tree.js";
import { bootstrapFlux, missingSimParts, pushTree, simLogs, startSim, type Sim } from "./sim.js";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const missing = missingSimParts();
if (missing.length > 0 && IN_CI) throw new Error(`the sync suite needs ${missing.join(", ")}: run \`npm run oracles -- sync\` first (CI=true forbids skipping)`);
const describeSim = missing.length === 0 ? describe : describe.skip;

const REFERENCE = readFileSync(join(REPO_ROOT, "test", "fixtures", "configs", "reference.config.yaml"), "utf8");

/** Polls until check() returns a value, or fails with what it last saw and the controllers' logs. */
async function until<T>(sim: Sim, what: string, check: () => T | undefined, timeoutMs = 600_000): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  let last = "";
  while (performance.now() - t0 < timeoutMs) {
    try {
      const v = check();
      if (v !== undefined) return { value: v, seconds: (performance.now() - t0) / 1000 };
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(`${what}: not reached in ${timeoutMs / 1000} s (${last})\n${simLogs(sim)}`);
}

const items = (sim: Sim, kind: string): Obj[] => (JSON.parse(sim.kubectl(["get", kind, "-A", "-o", "json"])) as { items: Obj[] }).items;
const ready = (o: Obj, type = "Ready") => (o.status?.conditions as Obj[] | undefined)?.find((c) => c.type === type)?.status === "True";

describeSim("Flux syncs the reference config into a simulated cluster", () => {
  let sim: Sim;
  let work: string;
  beforeAll(async () => {
    sim = await startSim((await oracleKubectl()).binary);
    work = tempDir("sidecar-gitops-sync-");
    writeFilesTo(work, renderFromConfigText("gitops.config.yaml", REFERENCE, ".").files);
    pushTree(sim, work, "the rendered tree");
    // One simulated cluster plays both of the config's clusters: their environments use distinct namespaces.
    bootstrapFlux(sim, ["clusters/nonprod", "clusters/prod"]);
  }, 300_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it("reaches all-Ready: every Kustomization Ready, every Deployment Available, pods admitted by Pod Security restricted", async () => {
    const { seconds } = await until(sim, "every Kustomization Ready and every Deployment Available", () => {
      const ks = items(sim, "kustomizations.kustomize.toolkit.fluxcd.io");
      const deployments = items(sim, "deployments").filter((d) => d.metadata.namespace.startsWith("sidecar-demo-"));
      // 2 roots + per environment: its Namespace, one shard and one app (3 environments).
      if (ks.length < 2 + 3 * 3 || !ks.every((k) => ready(k))) return undefined;
      if (deployments.length !== 3 || !deployments.every((d) => ready(d, "Available"))) return undefined;
      return { ks: ks.length, deployments: deployments.length };
    });
    console.log(`[sync] reference config all-Ready in ${seconds.toFixed(0)} s`);
    const pods = items(sim, "pods").filter((p) => p.metadata.namespace.startsWith("sidecar-demo-"));
    expect(pods.map((p) => p.metadata.namespace).sort()).toEqual(["sidecar-demo-dev", "sidecar-demo-prod", "sidecar-demo-prod", "sidecar-demo-prod", "sidecar-demo-staging", "sidecar-demo-staging"]);
    for (const p of pods) expect(p.status.phase, p.metadata.name).toBe("Running");
    const ns = items(sim, "namespaces").find((n) => n.metadata.name === "sidecar-demo-prod")!;
    expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("applies an app only after its environment's Namespace is Ready (dependsOn)", () => {
    const ks = items(sim, "kustomizations.kustomize.toolkit.fluxcd.io");
    for (const k of ks.filter((x) => x.metadata.name.endsWith("-web"))) {
      const dep = k.spec.dependsOn[0].name as string;
      const ns = ks.find((x) => x.metadata.name === dep)!;
      const applied = (o: Obj) => Date.parse((o.status.conditions as Obj[]).find((c) => c.type === "Ready")!.lastTransitionTime);
      expect(applied(ns), `${dep} before ${k.metadata.name}`).toBeLessThanOrEqual(applied(k));
    }
  });

  it("prunes a removed app, and keeps the environment's Namespace when the environment is removed", async () => {
    const withoutDev = REFERENCE.replace(/\n  dev:\n    cluster: nonprod\n[\s\S]*?\n  staging:/, "\n  staging:");
    expect(withoutDev).not.toContain("\n  dev:");
    const files = renderFromConfigText("gitops.config.yaml", withoutDev, ".").files;
    const fresh = tempDir("sidecar-gitops-sync-2-");
    writeFilesTo(fresh, files);
    // The same Git history with the new tree: replace the work tree's files by the new render.
    const { execFileSync } = await import("node:child_process");
    execFileSync("sh", ["-c", `find "${work}" -mindepth 1 -maxdepth 1 ! -name .git -exec rm -rf {} + && cp -a "${fresh}/." "${work}/"`]);
    pushTree(sim, work, "remove the dev environment");
    await until(sim, "dev's Deployment pruned", () => {
      const left = items(sim, "deployments").filter((d) => d.metadata.namespace === "sidecar-demo-dev");
      const ks = items(sim, "kustomizations.kustomize.toolkit.fluxcd.io").filter((k) => k.metadata.name.includes("-dev-"));
      return left.length === 0 && ks.length === 0 ? true : undefined;
    });
    // The Namespace stays: its objects carry kustomize.toolkit.fluxcd.io/prune: disabled.
    expect(items(sim, "namespaces").map((n) => n.metadata.name)).toContain("sidecar-demo-dev");
    expect(items(sim, "deployments").filter((d) => d.metadata.namespace === "sidecar-demo-prod")).toHaveLength(1);
  });
});
