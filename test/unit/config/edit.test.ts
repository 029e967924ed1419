import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { editConfigText } from "../../../generator/config/edit.js";

const TEXT = `# top comment
environments:
  dev: { replicas: 1 }   # flow map, padded
  prod:
    apps:
      web:
        containers:
          nginx:
            tag: "1.0"  # pinned
            resources: { limits: [a, b] }
`;

describe("editConfigText", () => {
  it("replaces an existing value in place, its comment kept, and leaves every other line as it was", () => {
    const out = editConfigText(TEXT, [{ path: ["environments", "prod", "apps", "web", "containers", "nginx", "tag"], value: "1.1" }]);
    // The changed line is the yaml package's (one space before the comment); no other line changes.
    expect(out).toBe(TEXT.replace('tag: "1.0"  # pinned', 'tag: "1.1" # pinned'));
  });

  it("creates the maps on the way in block style, writes the value quoted (a tag like 1.30 stays a string)", () => {
    const out = editConfigText(TEXT, [{ path: ["environments", "staging", "apps", "web", "containers", "nginx", "tag"], value: "1.30" }]);
    expect(out.startsWith(TEXT.trimEnd())).toBe(true);
    expect(out.slice(TEXT.trimEnd().length)).toBe('\n  staging:\n    apps:\n      web:\n        containers:\n          nginx:\n            tag: "1.30"\n');
    expect((parse(out) as { environments: { staging: { apps: { web: { containers: { nginx: { tag: unknown } } } } } } }).environments.staging.apps.web.containers.nginx.tag).toBe("1.30");
  });

  it("adds to a flow map without reformatting the lines around it", () => {
    const out = editConfigText(TEXT, [{ path: ["environments", "dev", "apps", "web", "containers", "nginx", "tag"], value: "2.0" }]);
    expect(out.split("\n").slice(0, 1)).toEqual(["# top comment"]);
    expect(out).toContain("resources: { limits: [a, b] }");
    expect(parse(out).environments.dev).toEqual({ replicas: 1, apps: { web: { containers: { nginx: { tag: "2.0" } } } } });
  });
});
