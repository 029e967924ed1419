import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { shareRepeatedSubschemas } from "../../../generator/validate/shared-subschemas.js";

const ROOT = new URL("../../../", import.meta.url).pathname;
const deployment = JSON.parse(readFileSync(join(ROOT, "schemas/kubernetes/v1.33.0-standalone-strict/deployment-apps-v1.json"), "utf8")) as Record<string, unknown>;
delete deployment.$schema;

const big = { type: "object", properties: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`field${i}`, { type: "string", description: "x".repeat(20) }])), additionalProperties: false };

describe("shareRepeatedSubschemas", () => {
  it("moves a subschema that repeats to $defs once, and points every copy at it", () => {
    const schema = { type: "object", properties: { a: big, b: { type: "array", items: big }, c: { type: "object", additionalProperties: big } } };
    const out = shareRepeatedSubschemas(schema) as { properties: Record<string, { $ref?: string; items?: { $ref: string }; additionalProperties?: { $ref: string } }>; $defs: Record<string, unknown> };
    expect(Object.values(out.$defs)).toEqual([big]);
    const ref = out.properties.a!.$ref!;
    expect(ref).toMatch(/^#\/\$defs\/s[0-9a-f]{16}$/);
    expect(out.properties.b!.items!.$ref).toBe(ref);
    expect(out.properties.c!.additionalProperties!.$ref).toBe(ref);
  });

  it("leaves alone what repeats only once, small subschemas, oneOf branches, and schemas with $ref or nested $id", () => {
    expect(shareRepeatedSubschemas({ properties: { a: big } })).toEqual({ properties: { a: big } });
    const small = { type: "string" };
    expect(shareRepeatedSubschemas({ properties: { a: small, b: small } })).toEqual({ properties: { a: small, b: small } });
    const branches = { properties: { a: { oneOf: [big, { type: "null" }] }, b: { oneOf: [big, { type: "null" }] } } };
    const shared = shareRepeatedSubschemas(branches) as { properties: Record<string, unknown> };
    // The property as a whole repeats (so it is shared), but a oneOf branch is never replaced by a $ref.
    expect(JSON.stringify(shared)).not.toMatch(/"oneOf":\[\{"\$ref"/);
    const withRef = { properties: { a: big, b: big, c: { $ref: "#/properties/a" } } };
    expect(shareRepeatedSubschemas(withRef)).toBe(withRef);
    const withId = { properties: { a: { ...big, $id: "x" }, b: { ...big, $id: "x" } } };
    expect(shareRepeatedSubschemas(withId)).toBe(withId);
  });

  it("keeps a Deployment's verdicts and error paths, with far less generated code", () => {
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false, code: { source: true } });
    const plain = ajv.compile(deployment);
    const shared = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false, code: { source: true } }).compile(shareRepeatedSubschemas(deployment));
    const container = { name: "web", image: "nginx", ports: [{ containerPort: "80" }], imagePullPolcy: "Always" };
    const obj = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "w" }, spec: { selector: {}, template: { spec: { containers: [container], initContainers: [container], volumes: [{ name: "v", emptyDir: { sizeLimit: true } }] } } } };
    expect(plain(obj)).toBe(false);
    expect(shared(obj)).toBe(false);
    const paths = (errs: typeof plain.errors) => (errs ?? []).map((e) => `${e.instancePath} ${e.keyword}`).sort();
    expect(paths(shared.errors)).toEqual(paths(plain.errors));
    expect(paths(shared.errors)).toContain("/spec/template/spec/initContainers/0 additionalProperties");
    expect(String(shared.source?.validateCode ?? shared).length).toBeLessThan(String(plain.source?.validateCode ?? plain).length / 2);
  });
});
