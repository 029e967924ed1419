/**
 * The conformance corpus (test/fixtures/corpus, README there): hand-written manifests and, in expected.json,
 * the status kubeconform v0.7.0 gives each of their resources with the upstream schemas (vendored in
 * test/fixtures/upstream-schemas, see test/fixtures/PROVENANCE.md)
 * (decided by hand from those schemas and go-yaml v2's rules, not copied from our output). Three checks:
 * 1. our validator, run with the upstream schema templates, gives exactly those statuses (KNOWN_VALIDATOR_BUGS
 *    aside, each of which must still differ), with a matching summary and exit code;
 * 2. an independent oracle (plain ajv on each document, read with go-yaml v2's scalar rules written out below)
 *    agrees with expected.json on every resource that parses and has a schema;
 * 3. our validator with no -schema-location (the committed 1.33 schemas) agrees with its upstream run except
 *    for KNOWN_VERSION_DIFFERENCES, each of which must actually differ.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { describe, expect, it } from "vitest";
import { runKubeconform } from "../../generator/cli/kubeconform.js";
import { REPO_ROOT } from "../helpers/cli.js";
import { UPSTREAM_SCHEMAS as UPSTREAM } from "../helpers/fixtures.js";

const CORPUS = resolve(REPO_ROOT, "test/fixtures/corpus");
const UPSTREAM_TEMPLATES = [
  `${UPSTREAM}/kubernetes/master-standalone-strict/{{.ResourceKind}}{{.KindSuffix}}.json`,
  `${UPSTREAM}/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`,
];

/**
 * Files whose verdicts differ between the upstream schemas (Kubernetes master, Argo CD 3.5, Flux 2.9) and the
 * committed ones (Kubernetes 1.33.0 and the npm models' CRD versions). Check 3 asserts each one still differs.
 */
const KNOWN_VERSION_DIFFERENCES: Record<string, string> = {
  "versions/pod-hostnameoverride.yaml": "PodSpec.hostnameOverride is in master, not in 1.33",
  "versions/env-filekeyref.yaml": "EnvVarSource.fileKeyRef is in master, not in 1.33",
  "versions/projected-podcertificate.yaml": "projected volume source podCertificate is in master, not in 1.33",
  "sidecars/sidecar-rules-master-only.yaml": "Container.restartPolicyRules is in master, not in 1.33",
  "versions/deployment-without-spec.yaml": "master's Deployment schema requires spec at the root, 1.33's does not",
  "versions/hpa-without-spec.yaml": "master's HorizontalPodAutoscaler schema requires spec at the root, 1.33's does not",
  "versions/ephemeral-volume-without-template.yaml": "master requires ephemeral.volumeClaimTemplate, 1.33's schema does not",
  "versions/flux-gitrepository-provider-aws.yaml": "GitRepository provider enum gained aws (Flux 2.9); the npm model's enum lacks it",
  "versions/flux-gitrepository-interval-words.yaml": "the upstream CRD has a duration pattern on interval; the npm model carries none",
  "versions/flux-gitrepository-timeout-hours.yaml": "the upstream CRD's timeout pattern allows only ms|s|m; the npm model carries none",
  "versions/flux-kustomization-substitutestrategy.yaml": "Kustomization spec.ignore and postBuild.substituteStrategy are newer than the npm model",
  "versions/argo-appproject-description.yaml": "AppProject spec.description (Argo CD 3.5) is newer than the npm model",
};

/**
 * Files where our validator does not yet give kubeconform's verdict (README.md in the corpus explains each).
 * Check 1 asserts they still differ, so an entry must go once the validator is fixed.
 */
const KNOWN_VALIDATOR_BUGS: Record<string, string> = {
};

interface Row {
  kind: string;
  name: string;
  status: string;
}
interface Expected {
  files: Record<string, Row[]>;
}
interface Report {
  resources: (Row & { filename: string; version: string; msg: string })[];
  summary: { valid: number; invalid: number; errors: number; skipped: number };
}

function corpusFiles(dir = CORPUS): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? corpusFiles(join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) && e.name !== "expected.json" ? [join(dir, e.name)] : []));
}

async function ourRun(locations: string[], files: string[]): Promise<{ code: number; report: Report; byFile: Map<string, Row[]> }> {
  let stdout = "";
  const code = await runKubeconform(["-strict", "-summary", "-verbose", "-output", "json", ...locations.flatMap((l) => ["-schema-location", l]), ...files], {
    stdin: process.stdin,
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => true },
  });
  const report = JSON.parse(stdout) as Report;
  const byFile = new Map<string, Row[]>();
  for (const r of report.resources) {
    const f = relative(CORPUS, r.filename);
    byFile.set(f, [...(byFile.get(f) ?? []), { kind: r.kind, name: r.name, status: r.status }]);
  }
  return { code, report, byFile };
}

function count(rows: Row[]) {
  return {
    valid: rows.filter((r) => r.status === "statusValid").length,
    invalid: rows.filter((r) => r.status === "statusInvalid").length,
    errors: rows.filter((r) => r.status === "statusError").length,
    skipped: rows.filter((r) => r.status === "statusSkipped").length,
  };
}

// ---- The oracle: kubeconform's reading of a file, written out independently of generator/validate. ----

/** Kubernetes' splitYAMLDocument, as kubeconform's bufio scanner applies it; a file without any document is one empty one. */
function splitLikeKubeconform(data: string): string[] {
  const docs: string[] = [];
  let rest = data;
  while (rest.length > 0) {
    const i = rest.indexOf("\n---");
    if (i < 0) {
      docs.push(rest);
      break;
    }
    const after = rest.slice(i + 4);
    const nl = after.indexOf("\n");
    if (nl < 0) {
      docs.push(rest.slice(0, i));
      break;
    }
    docs.push(rest.slice(0, i));
    rest = after.slice(nl + 1);
  }
  return docs.length > 0 ? docs : [""];
}

/** go-yaml v2's resolve() for plain scalars (kubernetes-sigs/yaml goyaml.v2/resolve.go). */
const RESOLVE_MAP = new Map<string, unknown>([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map((s) => [s, true] as const),
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map((s) => [s, false] as const),
  ...["", "~", "null", "Null", "NULL"].map((s) => [s, null] as const),
  ...[".nan", ".NaN", ".NAN"].map((s) => [s, NaN] as const),
  ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((s) => [s, Infinity] as const),
  ...["-.inf", "-.Inf", "-.INF"].map((s) => [s, -Infinity] as const),
]);
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64), falling back to ParseUint: sign, then 0x / 0o / 0b / leading-0 octal / decimal. */
function goParseInt(s: string): number | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2]!;
  const digits = /^0[oO]/.test(body) ? `0o${body.slice(2)}` : /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
  let v = BigInt(digits);
  if (m[1] === "-") v = -v;
  if (v < -(2n ** 63n) || v > 2n ** 64n - 1n) return undefined; // out of range: go-yaml tries the float rule next
  return Number(v);
}

function resolvePlain(s: string): unknown {
  if (RESOLVE_MAP.has(s)) return RESOLVE_MAP.get(s);
  const c = s[0] ?? "";
  if (c === ".") return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s) ? Number(s) : s;
  if (c !== "+" && c !== "-" && !(c >= "0" && c <= "9")) return s;
  // Timestamps (YYYY-...) stay strings when decoded into interface{}, and cannot parse as numbers anyway.
  const plain = s.replace(/_/g, "");
  const int = goParseInt(plain);
  if (int !== undefined) return int;
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    if (Number.isFinite(f)) return f; // Go's ParseFloat reports overflow as an error: the scalar stays a string
  }
  return s;
}

class DecodeError extends Error {}

/**
 * A YAML node → (maps kept as Maps while merging; jsonable() makes them objects) the JSON value sigs.k8s.io/yaml hands to kubeconform: go-yaml v2 semantics for merge keys (merged
 * keys are set one by one, so under strict decoding an explicit key that repeats a merged one is "already set"),
 * map keys turned into strings, NaN/Inf refused by json.Marshal.
 */
function decode(node: Node | null, doc: Document, strict: boolean): unknown {
  if (node === null) return null;
  if (isAlias(node)) return decode(node.resolve(doc) ?? null, doc, strict);
  if (isScalar(node)) {
    const text = String(node.value);
    if (node.type !== "PLAIN" || (node.tag !== undefined && node.tag !== "?")) return text;
    const v = resolvePlain(text);
    if (typeof v === "number" && !Number.isFinite(v)) throw new DecodeError(`json: unsupported value: ${v}`);
    return v;
  }
  if (isSeq(node)) return node.items.map((item) => decode(item as Node, doc, strict));
  if (isMap(node)) {
    const out = new Map<unknown, unknown>();
    const set = (k: unknown, v: unknown) => {
      if (strict && out.has(k)) throw new DecodeError(`key ${JSON.stringify(k)} already set in map`);
      out.set(k, v);
    };
    const mergeFrom = (source: unknown) => {
      if (!(source instanceof Map)) throw new DecodeError("map merge requires map or sequence of maps as the value");
      for (const [k, v] of source) set(k, v);
    };
    const raw = (n: Node | null): unknown => decode(n, doc, strict);
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.type === "PLAIN" && keyNode.value === "<<") {
        const valueNode = pair.value as Node | null;
        const target = isAlias(valueNode) ? (valueNode.resolve(doc) ?? null) : valueNode;
        // A sequence of maps is merged last-to-first, so earlier maps take precedence.
        if (isSeq(target)) [...target.items].reverse().forEach((item) => mergeFrom(raw(item as Node)));
        else mergeFrom(raw(valueNode));
        continue;
      }
      set(decode(keyNode, doc, strict), raw(pair.value as Node | null));
    }
    return out;
  }
  throw new DecodeError("unsupported node");
}

function jsonable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonable);
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v) {
      if (k === null || typeof k === "object") throw new DecodeError("unsupported map key");
      o[String(k)] = jsonable(val);
    }
    return o;
  }
  return v;
}

interface OracleRow extends Row {
  why?: string;
}

class Oracle {
  private readonly ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, validateSchema: false, messages: false, code: { optimize: false } });
  private readonly compiled = new Map<string, ValidateFunction | undefined>();

  private schemaFor(kind: string, apiVersion: string): ValidateFunction | undefined {
    const [groupPart, version] = apiVersion.includes("/") ? [apiVersion.split("/")[0]!, apiVersion.split("/").at(-1)!] : [apiVersion, undefined];
    const suffix = `-${groupPart.split(".")[0]!.toLowerCase()}${version === undefined ? "" : `-${version.toLowerCase()}`}`;
    const candidates = [
      join(UPSTREAM, "kubernetes/master-standalone-strict", `${kind.toLowerCase()}${suffix}.json`),
      join(UPSTREAM, "crds", groupPart, `${kind.toLowerCase()}_${version ?? groupPart}.json`),
    ];
    for (const file of candidates) {
      if (!this.compiled.has(file)) {
        if (!existsSync(file)) {
          this.compiled.set(file, undefined);
          continue;
        }
        const schema = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
        delete schema.$schema; // "http://json-schema.org/schema#": no draft named; nothing draft-specific is used
        this.compiled.set(file, this.ajv.compile(schema));
      }
      const hit = this.compiled.get(file);
      if (hit) return hit;
    }
    return undefined;
  }

  private resource(value: unknown): OracleRow {
    if (value === null || value === undefined) return { kind: "", name: "", status: "" };
    if (typeof value !== "object" || Array.isArray(value)) return { kind: "", name: "", status: "statusError", why: "not a map" };
    const obj = value as Record<string, unknown>;
    const meta = obj.metadata && typeof obj.metadata === "object" ? (obj.metadata as Record<string, unknown>) : {};
    const kind = typeof obj.kind === "string" ? obj.kind : "";
    const name = typeof meta.name === "string" ? meta.name : "";
    if (typeof obj.kind !== "string" || typeof obj.apiVersion !== "string") return { kind, name, status: "statusError", why: "signature" };
    const validate = this.schemaFor(obj.kind, obj.apiVersion);
    if (!validate) return { kind, name, status: "statusError", why: "no schema" };
    return { kind, name, status: validate(obj) ? "statusValid" : "statusInvalid" };
  }

  file(text: string): OracleRow[] {
    return splitLikeKubeconform(text).flatMap((docText): OracleRow[] => {
      if (docText.length === 0) return [{ kind: "", name: "", status: "" }];
      const doc = parseDocument(docText, { schema: "failsafe", merge: false, uniqueKeys: false, strict: false });
      if (doc.errors.length > 0) return [{ kind: "", name: "", status: "statusError", why: "syntax" }];
      // kubeconform reads the signature leniently first and expands a List whose kind and apiVersion read cleanly.
      let lenient: unknown;
      try {
        lenient = jsonable(decode(doc.contents as Node | null, doc, false));
      } catch {
        lenient = undefined;
      }
      const l = lenient as Record<string, unknown> | undefined;
      if (l && typeof l === "object" && typeof l.kind === "string" && l.kind.toLowerCase() === "list" && typeof l.apiVersion === "string" && l.apiVersion !== "") {
        return (Array.isArray(l.items) ? l.items : []).map((item) => this.resource(item));
      }
      try {
        return [this.resource(jsonable(decode(doc.contents as Node | null, doc, true)))];
      } catch (err) {
        return [{ kind: "", name: "", status: "statusError", why: (err as Error).message }];
      }
    });
  }
}

const checked = (rows: Row[]) => rows.filter((r) => r.status === "statusValid" || r.status === "statusInvalid").map(({ kind, name, status }) => ({ kind, name, status }));

describe("conformance corpus: kubeconform v0.7.0 verdicts with the upstream schemas", () => {
  it("has the vendored upstream schemas (test/fixtures/PROVENANCE.md)", () => {
    expect(existsSync(join(UPSTREAM, "kubernetes/master-standalone-strict/deployment-apps-v1.json")), UPSTREAM).toBe(true);
    expect(existsSync(join(UPSTREAM, "crds/argoproj.io/application_v1alpha1.json")), UPSTREAM).toBe(true);
  });

  const expected = JSON.parse(readFileSync(join(CORPUS, "expected.json"), "utf8")) as Expected;
  const files = corpusFiles();
  const rel = files.map((f) => relative(CORPUS, f));
  let upstreamRun: Awaited<ReturnType<typeof ourRun>> | undefined;
  const upstream = async () => (upstreamRun ??= await ourRun(UPSTREAM_TEMPLATES, files));

  it("has at least 80 manifests, each with an expected.json entry, and both tables name corpus files", () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
    expect(Object.keys(expected.files).sort()).toEqual([...rel].sort());
    for (const f of [...Object.keys(KNOWN_VERSION_DIFFERENCES), ...Object.keys(KNOWN_VALIDATOR_BUGS)]) expect(rel, f).toContain(f);
  });

  it("1. our validator with the upstream templates gives every resource its expected status, summary and exit code", async () => {
    const { code, report, byFile } = await upstream();
    expect([...byFile.keys()].sort()).toEqual([...rel].sort());
    for (const f of rel) {
      if (f in KNOWN_VALIDATOR_BUGS) expect(byFile.get(f), `${f} now matches expected.json: remove it from KNOWN_VALIDATOR_BUGS`).not.toEqual(expected.files[f]);
      else expect(byFile.get(f), f).toEqual(expected.files[f]);
    }
    // The summary counts what was reported: expected.json's statuses, with ours for the known bugs.
    const rows = rel.flatMap((f) => (f in KNOWN_VALIDATOR_BUGS ? byFile.get(f)! : expected.files[f]!));
    expect(report.summary).toEqual(count(rows));
    expect(report.summary.valid).toBeGreaterThan(0);
    expect(code).toBe(1); // kubeconform exits 1 when anything is invalid or errored
  });

  it("2. plain ajv on each parsed document agrees with expected.json wherever a resource parses and has a schema", () => {
    const oracle = new Oracle();
    let compared = 0;
    for (const f of rel) {
      const rows = oracle.file(readFileSync(join(CORPUS, f), "utf8"));
      const want = checked(expected.files[f]!);
      expect(checked(rows), f).toEqual(want);
      compared += want.length;
    }
    expect(compared).toBeGreaterThanOrEqual(150);
  });

  it("3. the committed 1.33 schemas give the upstream verdicts except for KNOWN_VERSION_DIFFERENCES", async () => {
    const { byFile: viaUpstream } = await upstream();
    const { code, byFile } = await ourRun([], files);
    for (const f of rel) {
      if (f in KNOWN_VERSION_DIFFERENCES) expect(byFile.get(f), `${f} no longer differs: remove it from KNOWN_VERSION_DIFFERENCES`).not.toEqual(viaUpstream.get(f));
      else expect(byFile.get(f), f).toEqual(viaUpstream.get(f));
    }
    expect(code).toBe(1);
  });
});
