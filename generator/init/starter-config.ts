/**
 * The starter gitops.config.yaml of a scaffolded repository: the reference config or an example, as the
 * package ships it, with its yaml-language-server modeline pointing into the repository's node_modules
 * (where `npm install` puts the generator and its schema) and the version header (migrate's insertion, for
 * a source that lacks it). Every other line is the source's own.
 */
import { migrateConfigText } from "../config/migrate.js";

/** Where the config schema is from a scaffolded repository's root, once `npm install` ran. */
export const SCHEMA_FROM_REPOSITORY = "./node_modules/sidecar-gitops/schemas/gitops.config.schema.json";
export const MODELINE = `# yaml-language-server: $schema=${SCHEMA_FROM_REPOSITORY}`;

const MODELINE_RE = /^# yaml-language-server: \$schema=[^\r\n]*/;

/** The starter config from the source config's text. */
export function starterConfig(source: string): string {
  const text = source.replace(/^\uFEFF/, "");
  const withModeline = MODELINE_RE.test(text) ? text.replace(MODELINE_RE, MODELINE) : `${MODELINE}\n${text}`;
  return migrateConfigText(withModeline).text;
}
