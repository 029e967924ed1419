import { describe, expect, it } from "vitest";
import { DIFF_MARKER, diffEnvironments, renderDiffMarkdown } from "../../../generator/review/diff-markdown.js";

describe("the rendered diff as markdown", () => {
  it("has a section per changed environment and a one-line total; unchanged environments are left out", () => {
    const base = new Map([["dev", "a: 1\nb: 2\n"], ["prod", "replicas: 3\n"]]);
    const head = new Map([["dev", "a: 1\nb: 2\n"], ["prod", "replicas: 5\n"], ["qa", "x: 1\n"]]);
    const diffs = diffEnvironments(base, head);
    expect(diffs.map((d) => [d.env, d.added, d.removed])).toEqual([["prod", 1, 1], ["qa", 1, 0]]);
    const md = renderDiffMarkdown(diffs, "origin/main");
    expect(md).toBe(
      `${DIFF_MARKER}\n## Rendered changes against \`origin/main\`: 2 environment(s), +2 −1 lines\n\n` +
        "### prod (+1 −1)\n\n```diff\n@@ -1,1 +1,1 @@\n-replicas: 3\n+replicas: 5\n```\n\n" +
        "### qa (+1 −0)\n\n```diff\n@@ -0,0 +1,1 @@\n+x: 1\n```\n",
    );
  });

  it("collapses a long section, and a manifest's backticks cannot close the fence", () => {
    const long = Array.from({ length: 60 }, (_, i) => `k${i}: v\n`).join("");
    const md = renderDiffMarkdown(diffEnvironments(new Map(), new Map([["dev", long + "s: '````'\n"]])), "main");
    expect(md).toContain("<details><summary><b>dev (+61 −0)</b></summary>");
    expect(md).toContain("`````diff\n");
  });

  it("says so in one line when nothing changed", () => {
    expect(renderDiffMarkdown([], "main")).toBe(`${DIFF_MARKER}\nNo changes to the rendered manifests of any environment (against \`main\`).\n`);
  });
});
