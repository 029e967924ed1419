import type { Diagnostic } from "../diagnostics/diagnostic.js";

/**
 * Strict-schema validation of one kustomize build output, through the kubeconform-compatible validator.
 * (Wired to generator/validate once it lands; until then no schema findings.)
 */
export async function validateBuiltObjects(_file: string, _text: string, _kubernetesVersion: string): Promise<Diagnostic[]> {
  return [];
}
