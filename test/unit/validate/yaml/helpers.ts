import { parseResource, splitFile, type ParsedResource } from "../../../../generator/validate/resource.js";

/** A ConfigMap head, for bodies that only change `data` or add top-level keys. */
export const CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n";

/** Every result of one file's bytes (or text), as kubeconform would split and read it. */
export function readAll(input: string | Buffer, strict = true): ParsedResource[] {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : input;
  return splitFile("f.yaml", bytes).flatMap((doc) => parseResource(doc, strict));
}

/** The first result's state, its message for errors and its object for objects. */
export function readOne(input: string | Buffer, strict = true): { state: string; message?: string; object?: Record<string, unknown>; sig: string } {
  const r = readAll(input, strict)[0]!;
  const sig = `${r.signature.kind}|${r.signature.name}|${r.signature.version}`;
  if (r.state === "error") return { state: r.state, message: r.message, sig };
  if (r.state === "object") return { state: r.state, object: r.object, sig };
  return { state: r.state, sig };
}
