import { describe, expect, it } from "vitest";
import {
  COLLAPSE_LINES,
  DIFF_MARKER,
  diffEnvironments,
  foldVersionLabel,
  renderDiffMarkdown,
  type DiffReport,
} from "../../../generator/review/diff-markdown.js";
import { objectsOf, type BuiltObject } from "../../../generator/review/objects.js";

/** A Deployment as kustomize prints it, with the version label on it and its pod template. */
const deployment = (ns: string, tag: string, replicas = 1) => `apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/version: ${tag}
  name: web
  namespace: ${ns}
spec:
  replicas: ${replicas}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
        app.kubernetes.io/version: ${tag}
    spec:
      containers:
      - image: nginx:${tag}
        name: nginx
`;
const service = (ns: string, port = 80) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: ${ns}
spec:
  ports:
  - port: ${port}
`;
const namespace = (ns: string) => `apiVersion: v1
kind: Namespace
metadata:
  annotations:
    argocd.argoproj.io/sync-options: Delete=false,Prune=false
    kustomize.toolkit.fluxcd.io/prune: disabled
  name: ${ns}
`;

/** env → the built objects of its targets (each value: the documents of one target's build). */
function tree(envs: Record<string, string[][]>): Map<string, BuiltObject[]> {
  return new Map(Object.entries(envs).map(([env, targets]) => [env, objectsOf(targets.map((docs, i) => ({ dir: `overlays/${env}/t${i}`, output: docs.join("---\n") })))]));
}

const report = (base: Map<string, BuiltObject[]>, head: Map<string, BuiltObject[]>, extra: Partial<DiffReport> = {}): DiffReport => ({
  base: "`main`",
  environments: diffEnvironments(base, head),
  ...extra,
});

describe("the rendered diff as markdown", () => {
  it("a tag bump: per environment it reaches, one changed line under the resource's header, the version label said in words", () => {
    const base = tree({ dev: [[service("d"), deployment("d", "1.0.0")]], prod: [[deployment("p", "1.0.0", 3)]], staging: [[deployment("s", "0.9.0")]] });
    const head = tree({ dev: [[service("d"), deployment("d", "1.1.0")]], prod: [[deployment("p", "1.1.0", 3)]], staging: [[deployment("s", "0.9.0")]] });
    const md = renderDiffMarkdown(report(base, head));
    expect(md.startsWith(`${DIFF_MARKER}\n## Rendered changes against \`main\`: 0 created, 2 changed, 0 deleted object(s) in 2 environment(s)\n`)).toBe(true);
    for (const [env, ns] of [["dev", "d"], ["prod", "p"]]) {
      const section = md.slice(md.indexOf(`### ${env}: 1 changed`));
      expect(section).toMatch(new RegExp(`^### ${env}: 1 changed\\n\\n#### \`Deployment ${ns}/web\` \\(changed, \\+1 −1\\)\\n`));
      const diff = section.slice(section.indexOf("```diff\n") + 8, section.indexOf("\n```\n"));
      expect(diff.split("\n").filter((l) => /^[-+]/.test(l))).toEqual(["-      - image: nginx:1.0.0", "+      - image: nginx:1.1.0"]);
    }
    expect(md).toContain("_the `app.kubernetes.io/version` label follows the tag (`1.0.0` → `1.1.0`) on the workload and its pod template_");
    expect(md).not.toContain("### staging");
    expect(md).not.toContain("<details>");
  });

  it("shows a version label that changes without its image as a changed line", () => {
    const before = deployment("d", "1.0.0");
    const after = before.replace(/version: 1\.0\.0/g, "version: 1.1.0");
    expect(foldVersionLabel(before, after)).toEqual({ before });
    const md = renderDiffMarkdown(report(tree({ dev: [[before]] }), tree({ dev: [[after]] })));
    expect(md).toContain("(changed, +2 −2)");
    expect(md).toMatch(/^\+ {4}app\.kubernetes\.io\/version: 1\.1\.0$/m);
  });

  it("puts the environments that lose objects first, names deleted objects in bold, and keeps a protected Namespace apart", () => {
    const base = tree({ a: [[service("a")]], prod: [[namespace("p")], [service("p"), deployment("p", "1")]] });
    const head = tree({ a: [[service("a", 81)]], prdo: [[namespace("q")], [service("q"), deployment("q", "1")]] });
    const md = renderDiffMarkdown(report(base, head));
    expect(md).toContain("## Rendered changes against `main`: 3 created, 1 changed, 2 deleted object(s) (and 1 left in the cluster, protected) in 3 environment(s)");
    expect(md).toContain("**Deletes 2 object(s): listed first under each environment.**");
    const sections = [...md.matchAll(/^### ([a-z0-9-]+)/gm)].map((m) => m[1]);
    expect(sections).toEqual(["prod", "a", "prdo"]);
    expect(md).toContain("### prod (removed): 2 deleted, 1 left in the cluster (protected)\n\n**Deleted: `Service p/web`, `Deployment p/web`**\n");
    expect(md).toContain("No longer rendered, left in the cluster (protected from pruning): `Namespace p`");
    expect(md).toContain("### prdo (new): 3 created");
  });

  it("shows the deletion report first and the stale-tree note before it", () => {
    const md = renderDiffMarkdown(report(tree({ p: [[service("p")]] }), tree({}), { stale: "> **stale**", deletions: "**Deletes: 1 sync target(s)**\n- x\n" }));
    expect(md.indexOf("> **stale**")).toBeLessThan(md.indexOf("**Deletes: 1 sync target(s)**"));
    expect(md.indexOf("**Deletes: 1 sync target(s)**")).toBeLessThan(md.indexOf("### p"));
  });

  it(`collapses an environment's diffs only past ${COLLAPSE_LINES} lines`, () => {
    const cm = (n: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: n\ndata:\n${Array.from({ length: n }, (_, i) => `  k${i}: v\n`).join("")}`;
    const section = (n: number) => renderDiffMarkdown(report(tree({}), tree({ dev: [[cm(n)]] })));
    // Header, blank, fence, hunk header, 6 + n lines, fence: 11 + n lines in the section body.
    expect(section(COLLAPSE_LINES - 11)).not.toContain("<details>");
    expect(section(COLLAPSE_LINES - 10)).toContain(`<details><summary>1 resource diff(s), ${COLLAPSE_LINES + 1} lines</summary>`);
  });

  it("cuts the output at whole resources under a character limit, with a pointer to the full diff; at the limit it is whole", () => {
    const envs: Record<string, string[][]> = {};
    for (let i = 0; i < 30; i++) envs[`e${String(i).padStart(2, "0")}`] = [[deployment(`n${i}`, "1.0.0", 1)]];
    const after: Record<string, string[][]> = {};
    for (const env of Object.keys(envs)) after[env] = [[deployment(env.replace("e", "n").replace(/^n0?/, "n"), "1.0.0", 2)]];
    const r = report(tree(envs), tree(after));
    const full = renderDiffMarkdown(r);
    expect(renderDiffMarkdown(r, { maxChars: full.length + 400 })).toBe(full);
    const cut = renderDiffMarkdown(r, { maxChars: 4000, fullDiffAt: "[the job summary](https://example.com/run)" });
    expect(cut.length).toBeLessThanOrEqual(4000);
    expect(cut).toMatch(/\*\*\d+ more resource change\(s\) are not shown here\*\* \(this text is cut at 4,000 characters; GitHub's comment limit is 65,536\): the full diff is in \[the job summary\]\(https:\/\/example\.com\/run\)\.\n$/);
    // Every fence that opens closes: the cut falls between resources.
    expect((cut.match(/^```/gm) ?? []).length % 2).toBe(0);
    const shown = (cut.match(/^#### /gm) ?? []).length;
    expect(cut).toContain(`**${30 - shown} more resource change(s)`);
  });

  it("keeps a manifest's backticks from closing the fence", () => {
    const md = renderDiffMarkdown(report(tree({}), tree({ dev: [["apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  s: '````'\n"]] })));
    expect(md).toContain("`````diff\n");
  });

  it("says so in one line when nothing changed", () => {
    expect(renderDiffMarkdown({ base: "`main`", environments: [] })).toBe(`${DIFF_MARKER}\nNo changes to the rendered manifests of any environment (against \`main\`).\n`);
  });
});
