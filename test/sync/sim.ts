/**
 * A simulated cluster that really runs what Git holds (issue 26): etcd and kube-apiserver (test/oracles/cluster.ts),
 * kube-controller-manager and kube-scheduler, KWOK playing one node and its pods, a loopback Git host, and Flux's
 * source-controller and kustomize-controller outside the cluster, all from .oracles/bin (`npm run oracles -- sync`).
 * Everything listens on 127.0.0.1 and is stopped by PID in stop(), whatever happened.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { freePort, kill, startCluster, tail, waitFor, type Cluster } from "../oracles/cluster.js";
import { ORACLE_BIN as ORACLES_BIN } from "../oracles/oracles.js";
import { startGitServer, type GitServer } from "./git-server.js";

export const ORACLES_DIR = join(ORACLES_BIN, "..");
export const SIM_BINARIES = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok", "source-controller", "kustomize-controller"];

/** What is missing to run the simulation ([] when everything is built). */
export function missingSimParts(): string[] {
  const missing = SIM_BINARIES.filter((b) => !existsSync(join(ORACLES_BIN, b)));
  if (!existsSync(join(ORACLES_DIR, "kwok-stages"))) missing.push("kwok-stages");
  if (!existsSync(join(ORACLES_DIR, "flux-crds"))) missing.push("flux-crds");
  return missing;
}

export interface Sim {
  cluster: Cluster;
  git: GitServer;
  /** The bare repository the controllers clone: push the rendered tree here. */
  bareRepo: string;
  /** The repository's URL for a GitRepository. */
  repoURL: string;
  /** kubectl against the simulated cluster; throws with its stderr on failure. */
  kubectl(args: string[], input?: string): string;
  /** The controllers' log files, for a failure message. */
  logs: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts the simulation; kubectl is a 1.33 kubectl binary (the oracle suite's `oracleKubectl().binary`). */
export async function startSim(kubectlBin: string): Promise<Sim> {
  const bin = (n: string) => join(ORACLES_BIN, n);
  const cluster = await startCluster({ etcd: bin("etcd"), apiserver: bin("kube-apiserver") });
  const procs: ChildProcess[] = [];
  const logs: Record<string, string> = {};
  let git: GitServer | undefined;
  const onExit = () => procs.forEach((p) => p.kill("SIGKILL"));
  process.once("exit", onExit);
  const stop = async () => {
    process.removeListener("exit", onExit);
    for (const p of [...procs].reverse()) await kill(p);
    await git?.stop();
    await cluster.stop();
  };
  const kubectlExe = kubectlBin;
  const kubectl = (args: string[], input?: string): string => {
    const r = spawnSync(kubectlExe, ["--kubeconfig", cluster.kubeconfig, ...args], { encoding: "utf8", input, maxBuffer: 64 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  const run = (name: string, args: string[], env: Record<string, string> = {}) => {
    const log = join(cluster.dir, `${name}.log`);
    logs[name] = log;
    const p = spawn(bin(name), args, { stdio: ["ignore", openSync(log, "a"), openSync(log, "a")], env: { ...process.env, KUBECONFIG: cluster.kubeconfig, ...env } });
    procs.push(p);
    return p;
  };
  try {
    const dir = cluster.dir;
    // The controllers the tree needs: Deployments → ReplicaSets → Pods, garbage collection (prune, cascading
    // deletes), namespace deletion, service-account tokens.
    run("kube-controller-manager", [
      "--kubeconfig", cluster.kubeconfig, "--leader-elect=false", "--bind-address", "127.0.0.1", "--secure-port", "0",
      "--service-account-private-key-file", join(dir, "sa.key"), "--root-ca-file", join(dir, "serving.crt"),
      "--use-service-account-credentials=false", "--controllers", "*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-route",
    ]);
    run("kube-scheduler", ["--kubeconfig", cluster.kubeconfig, "--leader-elect=false", "--bind-address", "127.0.0.1", "--secure-port", "0"]);
    const stages = join(ORACLES_DIR, "kwok-stages");
    const stageFiles = readdirSync(stages).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml").map((f) => join(stages, f));
    run("kwok", [
      "--kubeconfig", cluster.kubeconfig, "--manage-all-nodes=false", "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake",
      "--manage-nodes-with-label-selector=", "--manage-single-node=", "--cidr=10.0.0.0/24", "--node-ip=10.0.0.1", "--node-lease-duration-seconds=40",
      "--server-address=127.0.0.1:0", ...stageFiles.flatMap((f) => ["--config", f]),
    ]);
    kubectl(["apply", "-f", "-"], JSON.stringify({
      apiVersion: "v1", kind: "Node",
      metadata: { name: "kwok-node-0", annotations: { "node.alpha.kubernetes.io/ttl": "0", "kwok.x-k8s.io/node": "fake" },
        labels: { "kubernetes.io/arch": "amd64", "kubernetes.io/hostname": "kwok-node-0", "kubernetes.io/os": "linux", type: "kwok", "topology.kubernetes.io/zone": "zone-a" } },
      spec: {},
      status: { allocatable: { cpu: "64", memory: "256Gi", pods: "250" }, capacity: { cpu: "64", memory: "256Gi", pods: "250" } },
    }));

    // The Git host and the repository `flux bootstrap` would have pushed to.
    const gitRoot = join(dir, "git");
    mkdirSync(gitRoot);
    const bareRepo = join(gitRoot, "fleet.git");
    execFileSync("git", ["init", "-q", "--bare", "-b", "main", bareRepo]);
    git = await startGitServer(gitRoot);

    // Flux's CRDs and the two controllers, outside the cluster as the same user.
    kubectl(["apply", "--server-side", "-f", join(ORACLES_DIR, "flux-crds")]);
    kubectl(["create", "namespace", "flux-system"]);
    const [storage, health1, health2] = [await freePort(), await freePort(), await freePort()];
    const env = { RUNTIME_NAMESPACE: "flux-system" };
    mkdirSync(join(dir, "storage"));
    run("source-controller", [
      "--storage-path", join(dir, "storage"), "--storage-addr", `127.0.0.1:${storage}`, "--storage-adv-addr", `127.0.0.1:${storage}`,
      "--metrics-addr", "127.0.0.1:0", "--health-addr", `127.0.0.1:${health1}`, "--enable-leader-election=false", "--log-level", "info",
    ], env);
    run("kustomize-controller", [
      "--metrics-addr", "127.0.0.1:0", "--health-addr", `127.0.0.1:${health2}`, "--enable-leader-election=false",
      "--requeue-dependency", "5s", "--log-level", "info",
    ], env);
    await waitFor("the simulation's controllers", async () => {
      const node = kubectl(["get", "node", "kwok-node-0", "-o", "jsonpath={.status.conditions[?(@.type=='Ready')].status}"]);
      return node.trim() === "True";
    }, procs, Object.values(logs), 180_000);
    return { cluster, git, bareRepo, repoURL: `${git.url}/fleet.git`, kubectl, logs, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * What `flux bootstrap --path=<path>` creates, once per path: the flux-system GitRepository and a root
 * Kustomization of the path (the first is named flux-system, as bootstrap names it).
 */
export function bootstrapFlux(sim: Sim, paths: string[]): void {
  const objects: unknown[] = [
    { apiVersion: "source.toolkit.fluxcd.io/v1", kind: "GitRepository", metadata: { name: "flux-system", namespace: "flux-system" }, spec: { interval: "5s", url: sim.repoURL, ref: { branch: "main" } } },
  ];
  paths.forEach((path, i) =>
    objects.push({
      apiVersion: "kustomize.toolkit.fluxcd.io/v1",
      kind: "Kustomization",
      metadata: { name: i === 0 ? "flux-system" : `flux-system-${i}`, namespace: "flux-system" },
      spec: { interval: "10m", path: `./${path}`, prune: true, sourceRef: { kind: "GitRepository", name: "flux-system" } },
    }),
  );
  sim.kubectl(["apply", "-f", "-"], objects.map((o) => JSON.stringify(o)).join("\n"));
}

/** A failure message with every log's tail. */
export function simLogs(sim: Sim): string {
  return Object.entries(sim.logs).map(([n, f]) => `--- ${n}\n${tail(f)}`).join("\n");
}

/** Commits a working tree's files into the bare repository's main branch (a new commit each call). */
export function pushTree(sim: Sim, workTree: string, message: string): string {
  const gitIn = (args: string[]) => execFileSync("git", args, { cwd: workTree, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "sim", GIT_AUTHOR_EMAIL: "sim@example.com", GIT_COMMITTER_NAME: "sim", GIT_COMMITTER_EMAIL: "sim@example.com" } });
  if (!existsSync(join(workTree, ".git"))) {
    gitIn(["init", "-q", "-b", "main"]);
    gitIn(["remote", "add", "origin", sim.bareRepo]);
  }
  gitIn(["add", "-A"]);
  gitIn(["commit", "-q", "--allow-empty", "-m", message]);
  gitIn(["push", "-q", "origin", "main"]);
  return gitIn(["rev-parse", "HEAD"]).trim();
}

