/**
 * API-server oracle for the semantic stage (issue 11): a real kube-apiserver 1.33 (with etcd, both from
 * .oracles/bin) judges every manifest of the semantic corpus (test/fixtures/semantic) in a server-side dry
 * run (`kubectl create --dry-run=server`, in a namespace created first, the context's namespace so that a
 * file's own namespace is sent as written).
 *
 * - `# expect: valid` cases must be admitted.
 * - Refused cases must be refused, the server's message must name every expected field path, and every
 *   message of ours (formatFieldError) must appear in it verbatim (the server's random controller-uid
 *   normalised). What the server reports beyond ours must be exactly the known extras below.
 * - `# expect-server: admitted` (a deliberate difference) must be admitted; `# expect-server: refused TEXT`
 *   (refused before validation, no field path) must be refused with TEXT in the message.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import type { KustomizeRunner } from "../../generator/tools/kustomize.js";
import { checkSemantics, formatFieldError } from "../../generator/validate/semantic/index.js";
import { loadSemanticCorpus, type CorpusCase } from "../helpers/semantic-corpus.js";
import { oracleKubectl, startCluster, type Cluster } from "./cluster.js";
import { oracle, run } from "./oracles.js";

const ETCD = oracle("etcd");
const APISERVER = oracle("kube-apiserver");
const NAMESPACE = "semcorpus";
const corpus = loadSemanticCorpus();

/**
 * Errors the server reports that we do not, by case. A generateName is turned into a name (the prefix and
 * five random characters) before validation, so a bad prefix also gives a bad metadata.name; we report the
 * generateName only, since the name is not in the manifest.
 */
const SERVER_ONLY: Record<string, RegExp[]> = {
  "meta/api002-generate-name-invalid.yaml": [/^metadata\.name: Invalid value: "Web_[a-z0-9]{5}": a lowercase RFC 1123 subdomain/],
};

const UID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const normalise = (s: string) => s.replace(UID, "00000000-0000-0000-0000-000000000000");

/** The field errors of a `... is invalid: ...` message: one, or a `* ` list. */
function serverErrors(stderr: string): string[] {
  const at = stderr.indexOf(" is invalid: ");
  if (at < 0) return [];
  const rest = stderr.slice(at + " is invalid: ".length);
  if (rest.startsWith("\n")) return rest.split("\n").filter((l) => l.startsWith("* ")).map((l) => l.slice(2).trim());
  return [rest.split("\n")[0]!.trim()];
}

let cluster: Cluster | undefined;
let kubectl: KustomizeRunner;
let kubeconfigDir = "";
let kubeconfig = "";
const summary: string[] = [];

async function k(args: string[], input?: string) {
  return run(kubectl.binary, ["--kubeconfig", kubeconfig, ...args], { input, timeoutMs: 120_000 });
}

beforeAll(async () => {
  if (!ETCD || !APISERVER) return;
  kubectl = await oracleKubectl();
  cluster = await startCluster({ etcd: ETCD, apiserver: APISERVER });
  // A kubeconfig of our own whose context namespace is the corpus's (kubectl -n would refuse a file whose
  // namespace differs, on the client).
  kubeconfigDir = mkdtempSync(join(tmpdir(), "oracle-semantic-"));
  kubeconfig = join(kubeconfigDir, "kubeconfig");
  const view = await run(kubectl.binary, ["--kubeconfig", cluster.kubeconfig, "config", "view", "--raw", "--flatten", "-o", "json"]);
  if (view.code !== 0) throw new Error(view.stderr);
  const config = JSON.parse(view.stdout);
  config.contexts[0].context.namespace = NAMESPACE;
  writeFileSync(kubeconfig, JSON.stringify(config));
  for (const args of [["create", "namespace", NAMESPACE], ["create", "serviceaccount", "default", "-n", NAMESPACE]]) {
    const r = await k(args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(" ")}: ${r.stderr}`);
  }
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  if (kubeconfigDir) rmSync(kubeconfigDir, { recursive: true, force: true });
  for (const line of summary) console.log(line);
});

interface Verdict {
  c: CorpusCase;
  admitted: boolean;
  stderr: string;
  ours: string[];
}

describe.skipIf(!ETCD || !APISERVER)("kube-apiserver judges the semantic corpus (server-side dry run)", () => {
  const verdicts: Verdict[] = [];

  it("runs the pinned version", async () => {
    const v = await k(["version", "-o", "json"]);
    expect(v.code, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout).serverVersion.minor).toBe("33");
  });

  it("dry-runs every case", async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(140);
    const t0 = performance.now();
    for (const c of corpus) {
      const r = await k(["create", "--dry-run=server", "-o", "name", "-f", c.path]);
      const ours = checkSemantics(parseAllDocuments(c.text, { version: "1.1" })[0]!.toJS()).map(formatFieldError);
      verdicts.push({ c, admitted: r.code === 0, stderr: normalise(r.stderr), ours });
    }
    summary.push(`[oracle semantic] ${corpus.length} cases dry-run in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  });

  it("admits the valid cases and refuses the refused ones (the expect-server exceptions as written)", () => {
    const wrong: string[] = [];
    for (const { c, admitted, stderr } of verdicts) {
      const want = c.server?.verdict ?? (c.expected.length === 0 ? "admitted" : "refused");
      if ((want === "admitted") !== admitted) wrong.push(`${c.name}: expected ${want}, server ${admitted ? "admitted it" : `refused it: ${stderr.trim()}`}`);
    }
    const agree = verdicts.filter((v) => !v.c.server).length;
    summary.push(
      `[oracle semantic] verdicts: ${verdicts.length - wrong.length}/${verdicts.length} as expected; ` +
        `${agree} agree with the semantic module, ${verdicts.length - agree} are documented exceptions (expect-server)`,
    );
    expect(wrong).toEqual([]);
  });

  it("names every expected field path, and prints every message of ours verbatim", () => {
    const missing: string[] = [];
    let verbatim = 0;
    for (const { c, admitted, stderr, ours } of verdicts) {
      if (admitted || c.expected.length === 0) continue;
      if (c.server?.verdict === "refused") {
        if (!stderr.includes(c.server.text)) missing.push(`${c.name}: the server's message lacks "${c.server.text}": ${stderr.trim()}`);
        continue;
      }
      for (const e of c.expected) if (!stderr.includes(`${e.field}: `)) missing.push(`${c.name}: field ${e.field} not in the server's message: ${stderr.trim()}`);
      // Each of ours must be one of the server's errors, whole (not a prefix of one).
      const theirs = serverErrors(stderr);
      for (const m of ours) {
        if (theirs.includes(m)) verbatim++;
        else missing.push(`${c.name}: our message differs from the server's\n  ours:   ${m}\n  server: ${stderr.trim()}`);
      }
    }
    summary.push(`[oracle semantic] ${verbatim} of our messages found verbatim in the server's`);
    expect(missing).toEqual([]);
  });

  it("reports nothing beyond ours but the known extras", () => {
    const extras: string[] = [];
    for (const { c, admitted, stderr, ours } of verdicts) {
      if (admitted) continue;
      const known = SERVER_ONLY[c.name] ?? [];
      for (const e of serverErrors(stderr)) {
        if (!ours.includes(e) && !known.some((re) => re.test(e))) extras.push(`${c.name}: ${e}`);
      }
    }
    expect(extras).toEqual([]);
    // And the known extras still occur (a stale entry would hide nothing).
    for (const [name, res] of Object.entries(SERVER_ONLY)) {
      const v = verdicts.find((x) => x.c.name === name)!;
      for (const re of res) expect(serverErrors(v.stderr).some((e) => re.test(e)), `${name}: ${re}`).toBe(true);
    }
  });

  it("admits the deliberate differences (StatefulSet template pod specs) that our module refuses", () => {
    const deliberate = verdicts.filter((v) => v.c.server?.verdict === "admitted");
    expect(deliberate.map((v) => v.c.name)).toEqual(["workloads/statefulset-template-pod-spec.yaml"]);
    for (const v of deliberate) {
      expect(v.admitted, v.stderr).toBe(true);
      expect(v.ours.length).toBeGreaterThan(0);
    }
  });
});
