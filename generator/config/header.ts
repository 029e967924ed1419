/**
 * The config's version header: `apiVersion: sidecar-gitops.dev/v1alpha1`, `kind: GitOpsConfig` and
 * `metadata.name`, top-level keys beside the others (no `spec:` nesting, so every existing key stays where it
 * is). Checked before the schema, so that a config written for another format or a newer generator gets one
 * error that says so, instead of the schema's complaints about keys this generator does not know.
 *
 * A config without the header (the format before versioning) is read as v1alpha1 with a warning that
 * `sidecar-gitops migrate` adds it (config/migrate.ts).
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import { positionOf, type YamlSource } from "./source.js";

export const CONFIG_GROUP = "sidecar-gitops.dev";
export const CONFIG_KIND = "GitOpsConfig";
/** Every config version this generator reads, oldest first; the last is what init and migrate write. */
export const SUPPORTED_VERSIONS = ["v1alpha1"] as const;
export const CURRENT_API_VERSION = `${CONFIG_GROUP}/${SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]}`;
/** The header keys, in the order a header is written. */
export const HEADER_KEYS = ["apiVersion", "kind", "metadata"] as const;

/** What the header says, once checked. */
export interface ConfigHeader {
  /** The version the config is read as ("v1alpha1"). */
  version: string;
  /** False for a config without the header (read as the first version). */
  present: boolean;
}

/** Where the user changes the generator's version: the devDependency a scaffolded repository pins. */
const UPGRADE_HINT =
  "upgrade the generator: in package.json set the sidecar-gitops devDependency to a release that reads it (`npm install -D sidecar-gitops@latest`), then run `npm run gen`";

/**
 * Checks the header of the config data. Returns the version and the warnings (the header-less form);
 * throws a located DiagnosticError for an unknown or newer apiVersion, another kind, or a partial header.
 * `generatorVersion` names the installed generator in the messages.
 */
export function checkConfigHeader(source: YamlSource, data: unknown, generatorVersion: string): { header: ConfigHeader; warnings: Diagnostic[] } {
  const first = SUPPORTED_VERSIONS[0];
  if (!data || typeof data !== "object" || Array.isArray(data)) return { header: { version: first, present: false }, warnings: [] }; // the schema reports it
  const map = data as Record<string, unknown>;
  const present = HEADER_KEYS.filter((k) => k in map);
  const at = (pointer: string, key = false) => ({ pointer, ...positionOf(source, pointer, key) });
  const error = (pointer: string, code: string, message: string, hint: string, key = false): never => {
    throw new DiagnosticError([{ file: source.file, severity: "error", code, ...at(pointer, key), message, hint }]);
  };
  const reads = `this generator (sidecar-gitops ${generatorVersion}) reads ${SUPPORTED_VERSIONS.map((v) => `${CONFIG_GROUP}/${v}`).join(", ")}`;

  if (present.length === 0) {
    return {
      header: { version: first, present: false },
      warnings: [
        {
          file: source.file,
          severity: "warning",
          code: "CFG030",
          ...at(""),
          message: `no apiVersion header: read as ${CONFIG_GROUP}/${first}`,
          hint: `run \`npx sidecar-gitops migrate\` to add apiVersion: ${CURRENT_API_VERSION}, kind: ${CONFIG_KIND} and metadata.name at the top (comments and every other line stay as they are; the rendered tree does not change)`,
        },
      ],
    };
  }
  const apiVersion = map.apiVersion;
  if (apiVersion === undefined) {
    error(`/${present[0]}`, "CFG033", `"${present[0]}" without "apiVersion": the header is incomplete`, `add apiVersion: ${CURRENT_API_VERSION} above it (or run \`npx sidecar-gitops migrate\`)`, true);
  }
  if (typeof apiVersion !== "string") {
    error("/apiVersion", "CFG031", `apiVersion must be a string like "${CURRENT_API_VERSION}", got ${JSON.stringify(apiVersion)}`, `write apiVersion: ${CURRENT_API_VERSION}`);
  }
  const slash = (apiVersion as string).lastIndexOf("/");
  const group = slash >= 0 ? (apiVersion as string).slice(0, slash) : "";
  const version = slash >= 0 ? (apiVersion as string).slice(slash + 1) : (apiVersion as string);
  if (group !== CONFIG_GROUP || versionRank(version) === undefined) {
    error("/apiVersion", "CFG031", `unknown apiVersion ${JSON.stringify(apiVersion)}: ${reads}`, `write apiVersion: ${CURRENT_API_VERSION} (the config's format, not a Kubernetes API)`);
  }
  if (!(SUPPORTED_VERSIONS as readonly string[]).includes(version)) {
    const newest: string = SUPPORTED_VERSIONS[SUPPORTED_VERSIONS.length - 1]!;
    if (versionRank(version)! > versionRank(newest)!) {
      error("/apiVersion", "CFG032", `apiVersion ${JSON.stringify(apiVersion)} is newer than ${reads}`, UPGRADE_HINT);
    }
    error("/apiVersion", "CFG031", `unknown apiVersion ${JSON.stringify(apiVersion)}: ${reads}`, `write apiVersion: ${CURRENT_API_VERSION}`);
  }
  if (map.kind === undefined) {
    error("/apiVersion", "CFG033", `"kind" is missing: the header is incomplete`, `add kind: ${CONFIG_KIND} below apiVersion`, true);
  }
  if (map.kind !== CONFIG_KIND) {
    error("/kind", "CFG031", `kind must be ${CONFIG_KIND}, got ${JSON.stringify(map.kind)}`, `write kind: ${CONFIG_KIND}`);
  }
  if (map.metadata === undefined) {
    error("/kind", "CFG033", `"metadata" is missing: the header is incomplete`, `add metadata: with name: <a name for this config, usually project.name> below kind`, true);
  }
  return { header: { version, present: true }, warnings: [] };
}

/**
 * Kubernetes' order of API versions (v1alpha1 < v1alpha2 < v1beta1 < v1 < v2alpha1 ...), as a number; undefined
 * for a string that is not a version of that form.
 */
export function versionRank(version: string): number | undefined {
  const m = /^v([1-9][0-9]{0,3})(?:(alpha|beta)([1-9][0-9]{0,3}))?$/.exec(version);
  if (!m) return undefined;
  const stage = m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2;
  return Number(m[1]) * 100_000_000 + stage * 10_000_000 + (m[3] ? Number(m[3]) : 0);
}
