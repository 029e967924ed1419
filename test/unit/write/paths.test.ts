import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { outputRootProblem, resolveUnder, unsafePathReason } from "../../../generator/write/paths.js";

describe("unsafePathReason", () => {
  it.each<[unknown, string | undefined]>([
    ["base/web/deployment.yaml", undefined],
    ["ab:c/x.yaml", undefined], // a colon after two letters is not a Windows drive
    ["x/C:y", undefined],
    ["...", undefined],
    ["", "is empty"],
    [7, "is empty"],
    ["a\0b", "contains a NUL byte"],
    ["a\\b", "contains a backslash"],
    ["/etc/passwd", "is absolute"],
    ["C:/x", "is absolute"],
    ["c:x", "is absolute"],
    ["../x", "escapes the output root (..)"],
    ["a/../../x", "escapes the output root (..)"],
    ["a//b", "has an empty or '.' segment"],
    ["./a", "has an empty or '.' segment"],
    ["a/", "has an empty or '.' segment"],
  ])("%j: %s", (rel, reason) => {
    expect(unsafePathReason(rel)).toBe(reason);
  });
});

describe("resolveUnder", () => {
  const root = "/tmp/root";
  it("joins a safe path under the root", () => {
    expect(resolveUnder(root, "base/web/x.yaml")).toBe(join(root, "base", "web", "x.yaml"));
  });

  it.each([
    ["../x", ": escapes the output root (..)"],
    ["/etc/passwd", ": is absolute"],
    ["", ": is empty"],
    ["a/./b", ": has an empty or '.' segment"],
  ])("refuses %j with an internal error naming the reason", (rel, why) => {
    expect(() => resolveUnder(root, rel)).toThrow(`internal: refusing to resolve ${JSON.stringify(rel)} under ${root}${why}`);
  });
});

describe("outputRootProblem: --out must be a folder (or one to create) on an ordinary file system", () => {
  const onLinux = process.platform === "linux";
  const dir = mkdtempSync(join(tmpdir(), "out-root-"));
  const file = join(dir, "a-file");
  writeFileSync(file, "x");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["an existing folder", () => dir],
    ["a folder to create, several levels down", () => join(dir, "new", "tree")],
    ["a relative path", () => "."],
  ])("accepts %s", (_name, path) => {
    expect(outputRootProblem(path())).toBeUndefined();
  });

  it("refuses a regular file, and a folder to create under one", () => {
    expect(outputRootProblem(file)).toBe("is a regular file, not a folder");
    expect(outputRootProblem(join(file, "sub", "tree"))).toBe(`cannot be created: ${file} is a regular file, not a folder`);
  });

  it("refuses the null device, and a folder under it", () => {
    expect(outputRootProblem("/dev/null")).toBe("is a character device, not a folder");
    expect(outputRootProblem("/dev/null/tree")).toBe("cannot be created: /dev/null is a character device, not a folder");
  });

  it("refuses procfs and sysfs folders on Linux (a read there can block forever); elsewhere /proc is just a path", () => {
    if (!onLinux) return expect(outputRootProblem("/proc/self/x")).toBeUndefined();
    expect(outputRootProblem("/proc")).toBe("is on procfs, a kernel pseudo file system, not a folder for files");
    expect(outputRootProblem("/proc/self/fdinfo")).toBe("is on procfs, a kernel pseudo file system, not a folder for files");
    expect(outputRootProblem("/proc/self/new/tree")).toBe("cannot be created: /proc/self is on procfs, a kernel pseudo file system, not a folder for files");
    expect(outputRootProblem("/sys/kernel")).toBe("is on sysfs, a kernel pseudo file system, not a folder for files");
  });
});
