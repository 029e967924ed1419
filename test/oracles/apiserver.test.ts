/**
 * API-server oracle (issue 16): a real kube-apiserver 1.33 (with etcd, both from .oracles/bin) must admit,
 * in a server-side dry run, every object that every kustomization directory of the repo builds to and that
 * every example under examples/ renders to. The CRDs of the kinds we render or will render (Argo CD,
 * Flux, External Secrets, Sealed Secrets) are installed first, from the pinned copies in
 * test/oracles/crds (checked against provenance.json).
 *
 * What a real sync would have before our objects arrive is created for real: the namespaces the objects
 * live in and each namespace's `default` ServiceAccount (kube-controller-manager's job, which does not run
 * here). Everything we generate is only dry-run: `kubectl apply --server-side --dry-run=server`.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { KustomizeRunner } from "../../generator/tools/kustomize.js";
import { oracleKubectl, startCluster, type Cluster } from "./cluster.js";
import { findKustomizationDirs } from "./kustomization-dirs.js";
import { CLI, REPO_ROOT, oracle, run } from "./oracles.js";

const ETCD = oracle("etcd");
const APISERVER = oracle("kube-apiserver");
const CRDS = join(REPO_ROOT, "test", "oracles", "crds");

interface Target {
  /** "overlays/dev" or "example log-shipper: overlays/dev". */
  label: string;
  dir: string;
}

let cluster: Cluster | undefined;
let kubectl: KustomizeRunner;
let examplesRoot = "";
const targets: Target[] = [];
const summary: string[] = [];
const created = new Set<string>();

async function k(args: string[], input?: string) {
  return run(kubectl.binary, ["--kubeconfig", cluster!.kubeconfig, ...args], { input, timeoutMs: 180_000 });
}

beforeAll(async () => {
  if (!ETCD || !APISERVER) return;
  kubectl = await oracleKubectl();
  cluster = await startCluster({ etcd: ETCD, apiserver: APISERVER });

  for (const dir of findKustomizationDirs(REPO_ROOT)) targets.push({ label: dir, dir: join(REPO_ROOT, dir) });
  examplesRoot = mkdtempSync(join(tmpdir(), "oracle-examples-"));
  const examples = readdirSync(join(REPO_ROOT, "examples")).filter((f) => f.endsWith(".config.yaml")).sort();
  for (const file of examples) {
    const name = file.replace(/\.config\.yaml$/, "");
    const out = join(examplesRoot, name);
    const gen = await run(process.execPath, [CLI, "gen", "--config", join("examples", file), "--out", out], { cwd: REPO_ROOT });
    if (gen.code !== 0) throw new Error(`gen --config examples/${file} failed (${gen.code}): ${gen.stderr}`);
    for (const dir of findKustomizationDirs(out)) targets.push({ label: `example ${name}: ${dir}`, dir: join(out, dir) });
  }
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (examplesRoot) rmSync(examplesRoot, { recursive: true, force: true });
  for (const line of summary) console.log(line);
});

describe.skipIf(!ETCD || !APISERVER)("kube-apiserver admits everything gen produces (server-side dry run)", () => {
  it("runs the pinned versions", async () => {
    expect((await run(APISERVER!, ["--version"])).stdout).toMatch(/^Kubernetes v1\.33\.\d+/);
    expect((await run(ETCD!, ["--version"])).stdout).toMatch(/etcd Version: 3\.[56]\./);
    const v = await k(["version", "-o", "json"]);
    expect(v.code, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout).serverVersion.minor).toBe("33");
    summary.push(`[oracle kube-apiserver] up in ${cluster!.startSeconds.toFixed(1)} s`);
  });

  it("installs the pinned CRDs (sha256 as recorded in provenance.json)", async () => {
    const t0 = performance.now();
    const provenance = JSON.parse(readFileSync(join(CRDS, "provenance.json"), "utf8")) as { crds: Array<{ file: string; sha256: string }> };
    expect(provenance.crds.map((c) => c.file).sort()).toEqual(readdirSync(CRDS).filter((f) => f.endsWith(".yaml")).sort());
    for (const c of provenance.crds) {
      expect(createHash("sha256").update(readFileSync(join(CRDS, c.file))).digest("hex"), c.file).toBe(c.sha256);
    }
    const apply = await k(["apply", "--server-side", "--field-manager=oracle", ...provenance.crds.flatMap((c) => ["-f", join(CRDS, c.file)])]);
    expect(apply.code, apply.stderr).toBe(0);
    // Established is set by the API server's own CRD controller; poll for it (bounded), as kubectl wait
    // errors out on a CRD whose status has no conditions yet.
    let established: string[] = [];
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      const got = await k(["get", "crd", "-o", "json"]);
      expect(got.code, got.stderr).toBe(0);
      const items = JSON.parse(got.stdout).items as Array<{ metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }>;
      established = items.filter((i) => i.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")).map((i) => i.metadata.name);
      if (established.length === items.length && items.length === provenance.crds.length) break;
    }
    expect(established.sort()).toEqual([
      "applications.argoproj.io", "applicationsets.argoproj.io", "appprojects.argoproj.io", "externalsecrets.external-secrets.io",
      "gitrepositories.source.toolkit.fluxcd.io", "kustomizations.kustomize.toolkit.fluxcd.io", "sealedsecrets.bitnami.com",
    ]);
    summary.push(`[oracle kube-apiserver] ${provenance.crds.length} CRDs established in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

  it("admits every object of every sync target of the repo and of every example", async () => {
    expect(targets.length).toBeGreaterThan(6);
    const t0 = performance.now();
    let objects = 0;
    let accepted = 0;
    const failures: string[] = [];
    for (const target of targets) {
      const built = await kubectl.build(target.dir);
      const docs = parseAllDocuments(built).map((d) => d.toJS() as Record<string, any>).filter(Boolean); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(docs.length, `${target.label} builds to nothing`).toBeGreaterThan(0);
      // What a sync finds in place: the namespaces the objects live in, each with its default ServiceAccount.
      const namespaces = new Set<string>();
      for (const d of docs) {
        if (d.kind === "Namespace" && d.apiVersion === "v1") namespaces.add(d.metadata.name);
        else if (d.metadata?.namespace) namespaces.add(d.metadata.namespace);
      }
      for (const ns of [...namespaces].filter((n) => !created.has(n))) {
        const c = await k(["create", "namespace", ns]);
        expect(c.code, c.stderr).toBe(0);
        const sa = await k(["create", "serviceaccount", "default", "-n", ns]);
        expect(sa.code, sa.stderr).toBe(0);
        created.add(ns);
      }
      const r = await k(["apply", "--server-side", "--dry-run=server", "--field-manager=sidecar-gitops", "-o", "name", "-f", "-"], built);
      const names = r.stdout.split("\n").filter(Boolean);
      objects += docs.length;
      accepted += names.length;
      if (r.code !== 0 || names.length !== docs.length) {
        failures.push(`${target.label} (${relative(REPO_ROOT, target.dir) || target.dir}): exit ${r.code}, ${names.length}/${docs.length} admitted\n${r.stderr.trim()}`);
      }
    }
    summary.push(
      `[oracle kube-apiserver] targets ${targets.length}, objects ${objects}, accepted ${accepted}, rejected ${objects - accepted}, ` +
        `time ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    expect(failures).toEqual([]);
  });

  it("rejects what it should: the dry run is a real check, not a formality", async () => {
    const bad: Array<[string, RegExp]> = [
      ["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Name\n  namespace: default\n", /metadata\.name: Invalid value: "Not_A_Name"/],
      [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n  namespace: default\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: b}\n    spec:\n      containers: [{name: c, image: nginx}]\n",
        /spec\.template\.metadata\.labels: Invalid value: .*`selector` does not match template `labels`/,
      ],
      [
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: a\n  namespace: default\nspec:\n  destination: {server: https://kubernetes.default.svc}\n  source: {repoURL: 5}\n",
        /\.spec\.source\.repoURL: expected string, got/,
      ],
    ];
    for (const [doc, message] of bad) {
      const r = await k(["apply", "--server-side", "--dry-run=server", "--field-manager=sidecar-gitops", "-f", "-"], doc);
      expect(r.code, doc).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
  });
});
