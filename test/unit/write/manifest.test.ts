import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildManifest, hashContent, readManifest, serializeManifest } from "../../../generator/write/manifest.js";
import { diagnosticsOf } from "../../helpers/config.js";
import { tempDir } from "../../helpers/tree.js";

const HASH = hashContent("x\n");

function withManifest(files: Record<string, unknown> | string): string {
  const root = tempDir();
  mkdirSync(join(root, ".gitops"));
  const text = typeof files === "string" ? files : JSON.stringify({ generator: "sidecar-gitops", version: "0.0.0", files });
  writeFileSync(join(root, ".gitops", "manifest.json"), text);
  return root;
}

async function errorsOf(root: string): Promise<string[]> {
  try {
    await readManifest(root);
  } catch (err) {
    return diagnosticsOf(() => {
      throw err;
    });
  }
  throw new Error("expected readManifest to fail");
}

describe("manifest", () => {
  it("serializes deterministically: sorted paths, no timestamps, LF and a final newline", () => {
    const a = serializeManifest(buildManifest({ "b/x": HASH, "a/y": HASH }, "1.2.3"));
    const b = serializeManifest(buildManifest({ "a/y": HASH, "b/x": HASH }, "1.2.3"));
    expect(a).toBe(b);
    expect(a).toBe(`{\n  "generator": "sidecar-gitops",\n  "version": "1.2.3",\n  "files": {\n    "a/y": "${HASH}",\n    "b/x": "${HASH}"\n  }\n}\n`);
  });

  it("is absent on a first run", async () => {
    expect(await readManifest(tempDir())).toBeUndefined();
  });

  it.each([
    ["an absolute path", "/etc/passwd", /WRT011.*"\/etc\/passwd" is absolute/],
    ["a parent escape", "../outside.yaml", /WRT011.*escapes the output root/],
    ["a nested parent escape", "base/../../x", /WRT011.*escapes the output root/],
    ["a backslash", "base\\..\\x", /WRT011.*backslash/],
    ["a NUL byte", "base/x\0.yaml", /WRT011.*NUL/],
    ["an empty segment", "base//x", /WRT011.*empty/],
    ["the manifest itself", ".gitops/manifest.json", /WRT011.*manifest itself/],
  ])("refuses %s", async (_name, entry, expected) => {
    const out = await errorsOf(withManifest({ [entry]: HASH }));
    expect(out[0]).toMatch(expected);
  });

  it("refuses an entry that passes through a symlink out of the tree", async () => {
    const outside = tempDir();
    writeFileSync(join(outside, "victim.yaml"), "precious\n");
    const root = withManifest({ "link/victim.yaml": hashContent("precious\n") });
    symlinkSync(outside, join(root, "link"));
    const out = await errorsOf(root);
    expect(out[0]).toMatch(/WRT011 \/files\/link~1victim\.yaml: manifest entry link\/victim\.yaml: link is a symlink/);
  });

  it.each([
    ["bad JSON", "{ nope", /WRT010.*not valid JSON/],
    ["the wrong shape", JSON.stringify({ files: [] }), /WRT010.*shape/],
    ["a bad hash", JSON.stringify({ generator: "sidecar-gitops", version: "1", files: { "a.yaml": "md5:x" } }), /WRT010.*sha256/],
  ])("reports %s with a hint to restore it", async (_name, text, expected) => {
    const out = await errorsOf(withManifest(text));
    expect(out[0]).toMatch(expected);
    expect(out[0]).toContain("hint: ");
  });
});
