import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigEditError, editConfigText } from "../../../generator/config/edit.js";

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

const tagPath = (env: string, container = "nginx") => ["environments", env, "apps", "web", "containers", container, "tag"];

describe("editConfigText", () => {
  it("replaces an existing value in place, its comment kept at its column, and leaves every other byte as it was", () => {
    const out = editConfigText(TEXT, [{ path: tagPath("prod"), value: "1.1" }]);
    expect(out).toBe(TEXT.replace('tag: "1.0"  # pinned', 'tag: "1.1"  # pinned'));
  });

  it("keeps the comment's column when the value grows or shrinks (one space at least)", () => {
    const text = 'a:\n  tag: "1.0"          # aligned\n  other: x            # aligned\n';
    expect(editConfigText(text, [{ path: ["a", "tag"], value: "1.10.2" }])).toBe('a:\n  tag: "1.10.2"       # aligned\n  other: x            # aligned\n');
    expect(editConfigText(text, [{ path: ["a", "tag"], value: "1" }])).toBe('a:\n  tag: "1"            # aligned\n  other: x            # aligned\n');
    expect(editConfigText(text, [{ path: ["a", "tag"], value: "1.27.4-alpine-with-a-long-suffix" }])).toBe('a:\n  tag: "1.27.4-alpine-with-a-long-suffix" # aligned\n  other: x            # aligned\n');
  });

  it.each([
    ["plain stays plain", "tag: 1.2.3", "1.2.4", "tag: 1.2.4"],
    ["plain becomes quoted when plain would read as a number", "tag: 1.2.3", "1.30", 'tag: "1.30"'],
    ["plain becomes quoted when plain would read as a boolean", "tag: v1", "true", 'tag: "true"'],
    ["single-quoted stays single-quoted", "tag: '1.2'", "1.3", "tag: '1.3'"],
    ["single quotes inside are doubled", "tag: 'a'", "it's", "tag: 'it''s'"],
    ["double-quoted stays double-quoted", 'tag: "1.2"', "1.3", 'tag: "1.3"'],
  ])("quoting: %s", (_name, line, value, expected) => {
    const out = editConfigText(`x:\n  ${line}\n`, [{ path: ["x", "tag"], value }]);
    expect(out).toBe(`x:\n  ${expected}\n`);
    expect(parse(out).x.tag).toBe(value);
  });

  it("creates the maps on the way in block style with the surrounding indentation, the value double-quoted", () => {
    const out = editConfigText(TEXT, [{ path: tagPath("staging"), value: "1.30" }]);
    expect(out).toBe(TEXT + '  staging:\n    apps:\n      web:\n        containers:\n          nginx:\n            tag: "1.30"\n');
    expect(parse(out).environments.staging.apps.web.containers.nginx.tag).toBe("1.30");
  });

  it("follows the file's indentation step (4 spaces)", () => {
    const text = "environments:\n    prod:\n        replicas: 3\n";
    expect(editConfigText(text, [{ path: tagPath("prod"), value: "2" }])).toBe(
      'environments:\n    prod:\n        replicas: 3\n        apps:\n            web:\n                containers:\n                    nginx:\n                        tag: "2"\n',
    );
  });

  it("adds to a flow map inside it, on its line, in its padding", () => {
    const out = editConfigText(TEXT, [{ path: tagPath("dev"), value: "2.0" }, { path: tagPath("dev", "sidecar"), value: "3" }]);
    expect(out).toBe(TEXT.replace("dev: { replicas: 1 }", 'dev: { replicas: 1, apps: { web: { containers: { nginx: { tag: "2.0" }, sidecar: { tag: "3" } } } } }'));
    const unpadded = editConfigText("e:\n  dev: {replicas: 1}\n", [{ path: ["e", "dev", "x"], value: "1" }]);
    expect(unpadded).toBe('e:\n  dev: {replicas: 1, x: "1"}\n');
  });

  it("fills an empty value (`key:`, `key: ~`, `key: {}`) in block style below it, keeping its comment", () => {
    const text = "envs:\n  a:   # nothing yet\n  b: ~\n  c: {}\n  d: {}   # kept\nnext: 1\n";
    const out = editConfigText(text, ["a", "b", "c", "d"].map((e) => ({ path: ["envs", e, "k"], value: e })));
    expect(out).toBe('envs:\n  a:   # nothing yet\n    k: "a"\n  b:\n    k: "b"\n  c:\n    k: "c"\n  d:    # kept\n    k: "d"\nnext: 1\n'); // the comment keeps its column
  });

  it("new keys of a map and of its parent at the same place come in the right order", () => {
    const out = editConfigText(TEXT, [{ path: ["environments", "prod", "replicas"], value: "3" }, { path: tagPath("prod", "other"), value: "9" }]);
    expect(out).toBe(TEXT + '          other:\n            tag: "9"\n    replicas: "3"\n');
  });

  it("inserts before the blank lines and comments that follow a map", () => {
    const text = "envs:\n  prod:\n    replicas: 3\n\n  # staging next\n  staging: {}\n";
    expect(editConfigText(text, [{ path: ["envs", "prod", "k"], value: "v" }])).toBe('envs:\n  prod:\n    replicas: 3\n    k: "v"\n\n  # staging next\n  staging: {}\n');
  });

  it("keeps CRLF line endings and a file without a final newline", () => {
    expect(editConfigText("a:\r\n  b: 1\r\n", [{ path: ["a", "c"], value: "2" }])).toBe('a:\r\n  b: 1\r\n  c: "2"\r\n');
    expect(editConfigText("a:\n  b: 1", [{ path: ["a", "c"], value: "2" }])).toBe('a:\n  b: 1\n  c: "2"\n');
  });

  it("removes a key: its line in a block map (the map becomes {} when it was the last), its entry in a flow map", () => {
    const text = "c:\n  nginx:\n    tag: x   # t\n    digest: sha256:a   # d\n  side: { tag: y, digest: z }\n  only:\n    digest: q\n";
    expect(editConfigText(text, [{ path: ["c", "nginx", "digest"], remove: true }])).toBe("c:\n  nginx:\n    tag: x   # t\n  side: { tag: y, digest: z }\n  only:\n    digest: q\n");
    expect(editConfigText(text, [{ path: ["c", "side", "digest"], remove: true }])).toBe("c:\n  nginx:\n    tag: x   # t\n    digest: sha256:a   # d\n  side: { tag: y }\n  only:\n    digest: q\n");
    expect(editConfigText(text, [{ path: ["c", "side", "tag"], remove: true }])).toContain("  side: { digest: z }\n");
    expect(editConfigText(text, [{ path: ["c", "only", "digest"], remove: true }])).toBe("c:\n  nginx:\n    tag: x   # t\n    digest: sha256:a   # d\n  side: { tag: y, digest: z }\n  only: {}\n");
    // Nothing to remove: nothing changes.
    expect(editConfigText(text, [{ path: ["c", "missing", "digest"], remove: true }])).toBe(text);
  });

  it("refuses to edit through an alias, an anchored map or a merge key (the change would reach other places), changing nothing", () => {
    const cases = [
      "base: &b\n  tag: x\nenvs:\n  prod: *b\n",
      "envs:\n  prod: &p\n    tag: x\n  staging: *p\n",
      "base: &b { tag: x }\nenvs:\n  prod:\n    <<: *b\n",
    ];
    for (const text of cases) {
      expect(() => editConfigText(text, [{ path: ["envs", "prod", "tag"], value: "y" }]), text).toThrow(ConfigEditError);
    }
    expect(() => editConfigText("envs:\n  prod: [a]\n", [{ path: ["envs", "prod", "tag"], value: "y" }])).toThrow(/envs\.prod is not a map/);
    expect(() => editConfigText("envs:\n  prod: { tag: { a: 1 } }\n", [{ path: ["envs", "prod", "tag"], value: "y" }])).toThrow(/is not a single value/);
  });

  it("the last edit of one path wins (a string, so quoted where plain would read as a number)", () => {
    expect(editConfigText("a:\n  b: x\n", [{ path: ["a", "b"], value: "2" }, { path: ["a", "b"], value: "y3" }])).toBe("a:\n  b: y3\n");
    expect(editConfigText("a:\n  b: 1\n", [{ path: ["a", "b"], value: "3" }])).toBe('a:\n  b: "3"\n');
  });
});
