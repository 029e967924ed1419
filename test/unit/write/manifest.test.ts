import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildManifest, hashContent, readManifest, serializeManifest } from "../../../generator/write/manifest.js";
import { readTree, rejectedWith, tempDir } from "../../helpers/write-tree.js";

const HASH = hashContent("x\n");

/** A fresh root holding .gitops/manifest.json with the given files map (or raw text). */
function withManifest(files: Record<string, unknown> | string): string {
  const root = tempDir();
  mkdirSync(join(root, ".gitops"));
  const text = typeof files === "string" ? files : JSON.stringify({ generator: "sidecar-gitops", version: "0.0.0", files });
  writeFileSync(join(root, ".gitops", "manifest.json"), text);
  return root;
}

describe("serializeManifest", () => {
  it("is deterministic: sorted paths (by code unit, not locale), two spaces, LF, final newline", () => {
    const a = serializeManifest(buildManifest({ "b/x": HASH, "a/y": HASH, "B/z": HASH }, "1.2.3"));
    const b = serializeManifest(buildManifest({ "B/z": HASH, "a/y": HASH, "b/x": HASH }, "1.2.3"));
    expect(a).toBe(b);
    expect(a).toBe(`{\n  "generator": "sidecar-gitops",\n  "version": "1.2.3",\n  "files": {\n    "B/z": "${HASH}",\n    "a/y": "${HASH}",\n    "b/x": "${HASH}"\n  }\n}\n`);
  });

  it("hashes the exact UTF-8 bytes", () => {
    expect(hashContent("")).toBe("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hashContent("é\n")).not.toBe(hashContent("e\n"));
  });
});

describe("readManifest", () => {
  it("is absent on a first run", async () => {
    expect(await readManifest(tempDir())).toBeUndefined();
  });

  it("reads back what serializeManifest wrote", async () => {
    const m = buildManifest({ "base/a.yaml": HASH, "overlays/dev/k.yaml": HASH }, "9.9.9");
    const root = withManifest(serializeManifest(m));
    expect(await readManifest(root)).toEqual({ ...m, files: expect.objectContaining(m.files) });
  });

  it.each([
    ["an absolute path", "/etc/passwd", /"\/etc\/passwd" is absolute/],
    ["a parent escape", "../outside.yaml", /escapes the output root/],
    ["a nested parent escape", "a/../../x", /escapes the output root/],
    ["a backslash", "a\\b", /contains a backslash/],
    ["a Windows drive", "C:/Windows/x", /is absolute/],
    ["a NUL byte", "base/x\0.yaml", /contains a NUL byte/],
    ["an empty segment", "base//x", /empty or '\.' segment/],
    ["a '.' segment", "./base/x", /empty or '\.' segment/],
    ["an empty path", "", /is empty/],
    ["the manifest itself", ".gitops/manifest.json", /names the manifest itself/],
    ["gen's bookkeeping", ".gitops/manifest.pending.json", /inside \.gitops\//],
  ])("refuses %s (WRT011) with a hint", async (_name, entry, expected) => {
    const out = await rejectedWith(readManifest(withManifest({ [entry]: HASH })));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\.gitops\/manifest\.json: error WRT011 \/files\/.*: manifest entry .* refusing to touch it\n  hint: remove the entry/);
    expect(out[0]).toMatch(expected);
  });

  it("refuses an entry that passes through a symlinked folder pointing outside the root", async () => {
    const outside = tempDir();
    writeFileSync(join(outside, "victim.yaml"), "precious\n");
    const root = withManifest({ "link/victim.yaml": hashContent("precious\n") });
    symlinkSync(outside, join(root, "link"));
    const out = await rejectedWith(readManifest(root));
    expect(out).toEqual([
      ".gitops/manifest.json: error WRT011 /files/link~1victim.yaml: manifest entry link/victim.yaml: link is a symlink; refusing to follow it\n  hint: replace the symlink with a real folder, or remove the entry",
    ]);
    expect(readTree(outside)).toEqual({ "victim.yaml": "precious\n" });
  });

  it("refuses an entry that is itself a symlink", async () => {
    const outside = join(tempDir(), "victim.yaml");
    writeFileSync(outside, "precious\n");
    const root = withManifest({ "base.yaml": hashContent("precious\n") });
    symlinkSync(outside, join(root, "base.yaml"));
    expect((await rejectedWith(readManifest(root)))[0]).toMatch(/WRT011 .*base\.yaml is a symlink/);
  });

  it("reports every hostile entry at once, in path order", async () => {
    const out = await rejectedWith(readManifest(withManifest({ "z/../../x": HASH, "/etc/passwd": HASH, "ok.yaml": HASH, "a.yaml": "md5:1" })));
    expect(out.map((l) => /error (WRT\d+ \S+):/.exec(l)?.[1])).toEqual(["WRT011 /files/~1etc~1passwd", "WRT010 /files/a.yaml", "WRT011 /files/z~1..~1..~1x"]);
  });

  it("keeps an entry named __proto__ as data", async () => {
    const root = withManifest(`{"generator":"sidecar-gitops","version":"1","files":{"__proto__":"${HASH}"}}`);
    const m = await readManifest(root);
    expect(Object.keys(m!.files)).toEqual(["__proto__"]);
    expect(m!.files["__proto__"]).toBe(HASH);
  });

  it.each([
    ["bad JSON", "{ nope", /WRT010: the manifest is not valid JSON/],
    ["an array", "[]", /WRT010: the manifest does not have the shape/],
    ["files as a list", JSON.stringify({ generator: "sidecar-gitops", version: "1", files: [] }), /WRT010: .*shape/],
    ["another generator", JSON.stringify({ generator: "projen", version: "1", files: {} }), /WRT010: .*shape/],
    ["a bad hash", JSON.stringify({ generator: "sidecar-gitops", version: "1", files: { "a.yaml": "md5:x" } }), /WRT010 \/files\/a\.yaml: .*sha256/],
  ])("reports %s (WRT010) with a hint to restore it from git", async (_name, text, expected) => {
    const out = await rejectedWith(readManifest(withManifest(text)));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(expected);
    expect(out[0]).toContain("\n  hint: restore it from git: git checkout -- .gitops/manifest.json");
  });

  it("refuses a manifest reached through a symlinked .gitops folder, or one that is a folder (WRT012)", async () => {
    const outside = withManifest({});
    const root = tempDir();
    symlinkSync(join(outside, ".gitops"), join(root, ".gitops"));
    expect((await rejectedWith(readManifest(root)))[0]).toMatch(/^\.gitops\/manifest\.json: error WRT012: cannot use the manifest: \.gitops is a symlink/);
    const dir = tempDir();
    mkdirSync(join(dir, ".gitops/manifest.json"), { recursive: true });
    expect((await rejectedWith(readManifest(dir)))[0]).toMatch(/WRT012: .*manifest\.json is a directory/);
  });
});
