import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { regenerateCommand, renderHeader } from "../../../generator/render/header.js";
import { originOf } from "../../../generator/pipeline.js";

describe("the generated-file header", () => {
  it.each([
    [{ config: "gitops.config.yaml" }, "npm run gen"],
    [{ config: "gitops.config.yaml", out: "." }, "npm run gen"],
    [{ config: "examples/log-shipper.config.yaml" }, "npm run gen -- --config examples/log-shipper.config.yaml"],
    [{ config: "examples/log-shipper.config.yaml", out: "../preview" }, "npm run gen -- --config examples/log-shipper.config.yaml --out ../preview"],
    [{ config: "gitops.config.yaml", out: "build/tree" }, "npm run gen -- --out build/tree"],
    [{ config: "my configs/a b.yaml" }, "npm run gen -- --config 'my configs/a b.yaml'"],
    [{ config: "it's.yaml" }, "npm run gen -- --config 'it'\\''s.yaml'"],
    [{ config: "$(rm -rf ~).yaml" }, "npm run gen -- --config '$(rm -rf ~).yaml'"],
  ])("names a command that works from the repository root: %j → %s", (origin, command) => {
    expect(regenerateCommand(origin)).toBe(command);
    expect(renderHeader(origin)).toContain(`# Regenerate with: ${command}\n`);
  });

  it("takes paths relative to the working directory (the repository root under npm run), in POSIX form", () => {
    expect(originOf("gitops.config.yaml", ".")).toEqual({ config: "gitops.config.yaml", out: "." });
    expect(originOf(`${process.cwd()}/examples/x.config.yaml`, "../preview")).toEqual({ config: "examples/x.config.yaml", out: "../preview" });
    // From a sub folder, paths are still relative to the folder holding package.json.
    expect(originOf("../gitops.config.yaml", "..", `${process.cwd()}/generator`)).toEqual({ config: "gitops.config.yaml", out: "." });
    expect(originOf("x.yaml", undefined, `${process.cwd()}/examples`)).toEqual({ config: "examples/x.yaml" });
  });

  it("keeps a hostile file name inside the comment: the header parses as comments only", () => {
    const header = renderHeader({ config: "a\nkind: Secret\r\n#.yaml", out: "x\u2028y" });
    expect(header.split("\n").filter(Boolean).every((l) => l.startsWith("# "))).toBe(true);
    expect(parse(header + "k: v\n")).toEqual({ k: "v" });
  });
});
