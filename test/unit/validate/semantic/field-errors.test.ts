/**
 * generator/validate/semantic/field-errors.ts: field paths with their JSON pointers, and formatFieldError,
 * which must write what field.Error.Error() writes (k8s.io/apimachinery v0.33.13
 * pkg/util/validation/field/errors.go). The expected strings were printed by that Go code for the same
 * errors (field.Invalid, Required, Forbidden, Duplicate, NotFound, NotSupported, TooLong).
 */
import { describe, expect, it } from "vitest";
import {
  duplicate,
  FieldPath,
  forbidden,
  formatFieldError,
  goLabelSelector,
  goStringMap,
  GoSyntax,
  invalid,
  notFound,
  notSupported,
  quote,
  required,
  tooLong,
} from "../../../../generator/validate/semantic/field-errors.js";

describe("FieldPath", () => {
  it("writes the server's path and the pointer of the same place", () => {
    const p = FieldPath.root("spec").child("template", "spec").child("containers").index(0).child("resources", "requests");
    expect([p.api, p.pointer]).toEqual(["spec.template.spec.containers[0].resources.requests", "/spec/template/spec/containers/0/resources/requests"]);
  });
  it("writes a map key unquoted, and escapes ~ and / in the pointer only", () => {
    const p = FieldPath.root("metadata", "annotations").key("example.com/a~b");
    expect([p.api, p.pointer]).toEqual(["metadata.annotations[example.com/a~b]", "/metadata/annotations/example.com~1a~0b"]);
  });
  it("writes field.NewPath(\"\") as [] (an empty subscript) with the document's pointer", () => {
    expect([FieldPath.empty().api, FieldPath.empty().pointer]).toEqual(["[]", ""]);
    expect([FieldPath.root().api, FieldPath.root().pointer]).toEqual(["", ""]);
  });
});

describe("formatFieldError: field.Error.Error()", () => {
  const spec = FieldPath.root("spec");
  it.each([
    [invalid("API019", spec.child("template", "spec").child("containers").index(0).child("resources", "requests"), "500m", "must be less than or equal to cpu limit of 250m"), `spec.template.spec.containers[0].resources.requests: Invalid value: "500m": must be less than or equal to cpu limit of 250m`],
    [invalid("API032", spec.child("replicas"), -1, "must be greater than or equal to 0"), "spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
    [required("API010", spec.child("containers")), "spec.containers: Required value"],
    [required("API019", spec.child("limits"), "Limit must be set for non overcommitable resources"), "spec.limits: Required value: Limit must be set for non overcommitable resources"],
    [forbidden("API021", spec.child("restartPolicy"), "may not be set for non-init containers"), "spec.restartPolicy: Forbidden: may not be set for non-init containers"],
    [duplicate("API016", spec.child("volumes").index(1).child("name"), "cache"), `spec.volumes[1].name: Duplicate value: "cache"`],
    [notFound("API017", spec.child("volumeMounts").index(0).child("name"), "cache"), `spec.volumeMounts[0].name: Not found: "cache"`],
    [notSupported("API025", spec.child("restartPolicy"), "Sometimes", ["Always", "OnFailure", "Never"]), `spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"`],
    [tooLong("API007", FieldPath.root("metadata", "annotations"), 262144), "metadata.annotations: Too long: may not be more than 262144 bytes"],
    [tooLong("API052", FieldPath.empty(), 1048576), "[]: Too long: may not be more than 1048576 bytes"],
    [invalid("API050", FieldPath.root("data").key("b*d"), "b*d", "bad key"), `data[b*d]: Invalid value: "b*d": bad key`],
    [invalid("API031", FieldPath.root("metadata", "labels"), { b: "2", a: "1" }, "x"), `metadata.labels: Invalid value: map[string]string{"a":"1", "b":"2"}: x`],
    [invalid("API031", FieldPath.root("metadata", "labels"), new GoSyntax(goStringMap(undefined)), "x"), "metadata.labels: Invalid value: map[string]string(nil): x"],
    [invalid("API030", spec.child("selector"), goLabelSelector({ matchLabels: { app: "web" } }), "x"), `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: x`],
    [
      invalid("API030", spec.child("selector"), goLabelSelector({ matchExpressions: [{ key: "k", operator: "In", values: ["a", "b"] }, { key: "e", operator: "Exists" }] }), ""),
      `spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"k", Operator:"In", Values:[]string{"a", "b"}}, v1.LabelSelectorRequirement{Key:"e", Operator:"Exists", Values:[]string(nil)}}}`,
    ],
    [invalid("API001", FieldPath.root("x"), 'say "hi"\\', "quoted"), `x: Invalid value: "say \\"hi\\"\\\\": quoted`],
    [invalid("API001", FieldPath.root("x"), null, "nil"), `x: Invalid value: "null": nil`],
    [invalid("API001", FieldPath.root("x"), true, "bool"), "x: Invalid value: true: bool"],
  ])("%#", (e, want) => {
    expect(formatFieldError(e)).toBe(want);
  });

  it("keeps the code, the pointer and the raw value apart from the message", () => {
    const e = invalid("API019", FieldPath.root("spec").child("containers").index(2).child("resources", "requests"), "1", "d");
    expect(e).toEqual({ code: "API019", type: "Invalid value", field: "spec.containers[2].resources.requests", pointer: "/spec/containers/2/resources/requests", value: "1", detail: "d" });
    expect(required("API001", FieldPath.root("metadata", "name"))).not.toHaveProperty("value");
  });

  it("quotes as strconv.Quote does for printable ASCII", () => {
    expect(quote(`a"b\\c`)).toBe(`"a\\"b\\\\c"`);
  });
});
