import { describe, expect, it } from "vitest";
import { renderHaproxyCfg } from "../../../generator/catalog/ambassador.js";
import { configTemplate } from "../../../generator/catalog/config-text.js";
import { renderFluentBitConf } from "../../../generator/catalog/log-shipper.js";
import { renderStubStatusConf } from "../../../generator/catalog/nginx-exporter.js";

const line = configTemplate("key {{value}}\n");

describe("configTemplate", () => {
  it.each([
    ["a newline", "a\nb"],
    ["a carriage return", "a\rb"],
    ["a tab", "a\tb"],
    ["a space", "a b"],
    ["a NUL", "a\u0000b"],
    ["DEL", "a\u007fb"],
    ["a Unicode line separator", "a\u2028b"],
    ["a comment", "a#b"],
    ["a semicolon", "a;b"],
    ["an opening brace", "a{b"],
    ["a closing brace", "a}b"],
    ["a double quote", 'a"b'],
    ["a single quote", "a'b"],
    ["a backslash", "a\\b"],
    ["a backtick", "a`b"],
    ["a dollar", "a$b"],
    ["a variable", "${HOME}"],
  ])("refuses a value with %s, naming the key", (_name, value) => {
    expect(() => line({ value })).toThrow(`internal: config value value=${JSON.stringify(value)} is not safe in a config file`);
  });

  it("checks every value it is given, used by the template or not", () => {
    expect(() => line({ value: "ok", other: "x\ny" })).toThrow(/config value other=/);
  });

  it.each([
    ["a host", "db.example.internal"],
    ["an IPv4 address", "10.0.0.5"],
    ["paths", "/var/log/app/*.log,/var/log/app/b?.log"],
    ["a label", "job=web"],
    ["a path with dashes and underscores", "/loki/api/v1/push_x-y"],
    ["an empty string", ""],
  ])("accepts %s", (_name, value) => {
    expect(line({ value })).toBe(`key ${value}\n`);
  });

  it("accepts numbers, booleans and undefined as they are", () => {
    const t = configTemplate("port {{port}}{{#if on}} on{{/if}}{{#if off}} off{{/if}}{{missing}}\n");
    expect(t({ port: 8080, on: true, off: false, missing: undefined })).toBe("port 8080 on\n");
  });

  it("does not HTML-escape", () => {
    expect(line({ value: "a<b>&c=d" })).toBe("key a<b>&c=d\n");
    expect(configTemplate("{{a}}/{{b}}\n")({ a: "x&amp", b: "=>" })).toBe("x&amp/=>\n");
  });

  it("guards the catalog's generated files even when a value bypasses the schema", () => {
    expect(() => renderFluentBitConf({ type: "log-shipper", volume: "logs", paths: ["a.log\n[OUTPUT]\n    Name http"] }, "web")).toThrow(/config value paths=/);
    expect(() => renderFluentBitConf({ type: "log-shipper", volume: "logs", output: { type: "http", host: "h", uri: "/x #" } }, "web")).toThrow(/config value uri=/);
    expect(() => renderFluentBitConf({ type: "log-shipper", volume: "logs" }, "we b")).toThrow(/config value tag=/);
    expect(() => renderHaproxyCfg({ type: "ambassador", listenPort: 1, upstream: { host: "h;", port: 2 } })).toThrow(/config value host=/);
    expect(() => renderStubStatusConf(8081, "x}\nserver {")).toThrow(/config value sidecar=/);
    expect(renderStubStatusConf(8081, "exporter")).toContain("    listen 8081;\n");
  });
});
