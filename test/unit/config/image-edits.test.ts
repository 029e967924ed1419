import { describe, expect, it } from "vitest";
import { DIGEST_PATTERN, TAG_PATTERN } from "../../../generator/cli/set-image.js";
import { imageEdits } from "../../../generator/config/image-edits.js";
import { configSchema } from "../../../generator/config/validate.js";
import { MINIMAL_CONFIG, modelFromText } from "../../helpers/config.js";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;
const path = ["environments", "prod", "apps", "web", "containers", "app"];

describe("imageEdits: what promote and set-image write so an environment runs an image", () => {
  const model = (main: string, prod: string) => modelFromText(MINIMAL_CONFIG.replace('      tag: "1.27.4-alpine"\n', `      tag: "1.27.4-alpine"\n${main}`) + `environments:\n  prod: ${prod}\n`);

  it.each([
    ["nothing when it already runs it", "", "{}", { tag: "1.27.4-alpine" }, []],
    ["a tag override", "", "{}", { tag: "1.28.0" }, [{ path: [...path, "tag"], value: "1.28.0" }]],
    ["a tag and a digest", "", "{}", { tag: "1.28.0", digest: A }, [{ path: [...path, "tag"], value: "1.28.0" }, { path: [...path, "digest"], value: A }]],
    ["only a digest for the container's own tag", "", "{}", { tag: "1.27.4-alpine", digest: A }, [{ path: [...path, "digest"], value: A }]],
    ["the container's own digest applies again: the environment's goes", `      digest: "${A}"\n`, `{ apps: { web: { containers: { app: { digest: "${B}" } } } } }`, { tag: "1.27.4-alpine", digest: A }, [{ path: [...path, "digest"], remove: true }]],
    ["a new tag without a digest drops the environment's", "", `{ apps: { web: { containers: { app: { tag: "1.28.0", digest: "${B}" } } } } }`, { tag: "1.29.0" }, [{ path: [...path, "tag"], value: "1.29.0" }, { path: [...path, "digest"], remove: true }]],
  ])("%s", (_name, main, prod, want, expected) => {
    expect(imageEdits(model(main, prod), "prod", "web", "app", want)).toEqual(expected);
  });
});

describe("set-image's argument checks", () => {
  it("use the config schema's own patterns for a tag and a digest", () => {
    const defs = (configSchema() as { definitions: Record<string, { pattern: string }> }).definitions;
    expect(TAG_PATTERN.source).toBe(defs.imageTag!.pattern);
    expect(DIGEST_PATTERN.source).toBe(defs.imageDigest!.pattern);
  });
});
