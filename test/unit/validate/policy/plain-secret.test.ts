import { describe, expect, it } from "vitest";
import { checkPolicy, DEFAULT_POLICY } from "../../../../generator/validate/policy/check-policy.js";

const secret = (extra: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "ns" }, ...extra });

describe("no-plain-secret", () => {
  it.each([
    [{ data: { password: "aHVudGVyMg==" } }, ["/data"]],
    [{ stringData: { password: "hunter2" } }, ["/stringData"]],
    [{ data: { a: "YQ==" }, stringData: { b: "b" } }, ["/data", "/stringData"]],
    [{}, []],
    [{ data: {} }, []],
    [{ type: "kubernetes.io/service-account-token" }, []],
  ])("%j → %j", (fields, pointers) => {
    const findings = checkPolicy(secret(fields));
    expect(findings.map((f) => f.pointer)).toEqual(pointers);
    for (const f of findings) expect(f).toMatchObject({ rule: "no-plain-secret", resource: "Secret/ns/db" });
  });

  it("can be ignored per environment, and leaves other kinds alone", () => {
    expect(checkPolicy(secret({ data: { a: "YQ==" } }), { ...DEFAULT_POLICY, ignore: ["no-plain-secret"] })).toEqual([]);
    expect(checkPolicy({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: "b" } })).toEqual([]);
    expect(checkPolicy({ apiVersion: "bitnami.com/v1alpha1", kind: "SealedSecret", metadata: { name: "s" }, spec: { encryptedData: { a: "AgB" } } })).toEqual([]);
  });
});
