import { describe, expect, it } from "vitest";
import { assertsFormats, isDate, isDateTime, isDuration, isEmail, isHostname, isIpv4, isIpv6, isTime, isUuid } from "../../../generator/validate/formats.js";
import { DEFAULT_LOCATIONS, SchemaRegistry } from "../../../generator/validate/index.js";

// Expected verdicts follow santhosh-tekuri/jsonschema v6 format.go (validateDate/validateTime/validateDateTime)
// and kubeconform v0.7.0 validator.go (validateDuration).
describe("date-time (format.go: validateDateTime)", () => {
  it.each(["2024-01-01T00:00:00Z", "2024-01-01t00:00:00z", "2024-02-29T23:59:59.123+01:00", "2016-12-31T23:59:60Z", "2017-01-01T00:59:60+01:00"])(
    "%s is valid",
    (s) => expect(isDateTime(s)).toBe(true),
  );
  it.each([
    ["date only", "2024-01-01"],
    ["24:00", "2024-01-01T24:00:00Z"],
    ["Feb 30", "2024-02-30T00:00:00Z"],
    ["Feb 29 of a common year", "2023-02-29T00:00:00Z"],
    ["a space for T", "2024-01-01 00:00:00Z"],
    ["second 60 not at 23:59 UTC", "2024-01-01T00:00:60Z"],
    ["month 13", "2024-13-01T00:00:00Z"],
    ["no zone", "2024-01-01T00:00:00"],
    ["one-digit month and day", "2024-1-1T00:00:00Z"],
    ["no seconds", "2024-01-01T00:00Z"],
    ["offset without colon", "2024-01-01T00:00:00+0100"],
    ["fraction without digits", "2024-01-01T00:00:00.Z"],
    ["five-digit year", "99999-01-01T00:00:00Z"],
    ["empty", ""],
  ])("%s is invalid (%s)", (_why, s) => expect(isDateTime(s)).toBe(false));
});

describe("date and time", () => {
  it.each([["2024-02-29", true], ["2100-02-29", false], ["2000-02-29", true], ["2024-04-31", false], ["2024-00-10", false], ["24-01-01", false]])("date %s → %s", (s, ok) =>
    expect(isDate(s)).toBe(ok),
  );
  it.each([["23:59:59Z", true], ["00:00:00-00:30", true], ["12:00:00", false], ["12:60:00Z", false], ["12:00:00+24:00", false], ["1:00:00Z", false]])("time %s → %s", (s, ok) =>
    expect(isTime(s)).toBe(ok),
  );
});

describe("uuid, ipv4, ipv6, hostname, email (format.go), each checked against the library", () => {
  it.each<[string, (s: string) => boolean, string, boolean]>([
    ["uuid", isUuid, "123e4567-e89b-12d3-a456-426614174000", true],
    ["uuid", isUuid, "123e4567e89b12d3a456426614174000", false],
    ["uuid", isUuid, "123e4567-e89b-12d3-a456-42661417400g", false],
    ["ipv4", isIpv4, "255.255.255.255", true],
    ["ipv4", isIpv4, "256.1.1.1", false],
    ["ipv4", isIpv4, "01.2.3.4", false],
    ["ipv4", isIpv4, "+1.2.3.4", true], // strconv.Atoi takes a sign
    ["ipv6", isIpv6, "::ffff:1.2.3.4", true],
    ["ipv6", isIpv6, "fe80::1%eth0", false],
    ["ipv6", isIpv6, "1::2::3", false],
    ["hostname", isHostname, "example.com.", true],
    ["hostname", isHostname, "a_b.com", false],
    ["hostname", isHostname, `${"x".repeat(64)}.com`, false],
    ["email", isEmail, "a@[IPv6:::1]", true],
    ["email", isEmail, '"a b"@example.com', true],
    ["email", isEmail, "a..b@example.com", false],
    ["email", isEmail, "a@-x.com", false],
  ])("%s %j → %s", (_format, check, value, ok) => expect(check(value)).toBe(ok));
});

describe("duration (kubeconform's validateDuration: Go or ISO 8601)", () => {
  it.each(["1h30m", "0", "-1.5s", "300ms", "2µs", "P1W", "P1Y2M3D", "PT1H", "P1DT2H3M4S"])("%s is valid", (s) => expect(isDuration(s)).toBe(true));
  it.each(["1d", "", "P", "PT", "P1DT", "P1H", "PT1D", "P1M1Y", "1h x", "P1W2D"])("%s is invalid", (s) => expect(isDuration(s)).toBe(false));
});

describe("which schemas have formats checked (objcompiler.go: assertFormat, draft.go: draftFromURL)", () => {
  it.each([
    [undefined, true], // kubeconform's DefaultDraft(Draft4): the CRD schemas
    ["http://json-schema.org/draft-04/schema#", true],
    ["http://json-schema.org/draft-07/schema#", true],
    ["http://json-schema.org/schema#", false], // kubernetes-json-schema: the latest draft, formats annotate
    ["https://json-schema.org/draft/2020-12/schema", false],
    ["http://json-schema.org/draft/2019-09/schema", false],
  ])("$schema %s → %s", (uri, asserted) => expect(assertsFormats(uri)).toBe(asserted));

  it("an Argo CD Application (a CRD schema) with status.reconciledAt '2024-01-01' is invalid, with a date-time it is valid", () => {
    const registry = new SchemaRegistry(DEFAULT_LOCATIONS, "1.33.0", true);
    const schema = registry.schemaFor("Application", "argoproj.io/v1alpha1")!;
    const app = (reconciledAt: string) => ({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "a" },
      spec: { project: "default", destination: { server: "https://kubernetes.default.svc" }, source: { repoURL: "https://x/r.git" } },
      status: { reconciledAt },
    });
    expect(schema.validate(app("2024-01-01T00:00:00Z"))).toBe(true);
    expect(schema.validate(app("2024-01-01"))).toBe(false);
    expect(schema.validate.errors?.[0]).toMatchObject({ keyword: "format", instancePath: "/status/reconciledAt" });
  });
});
