/**
 * `migrate`: brings a config to the newest format this generator reads. Today there is one step, from the
 * header-less form to v1alpha1: the header keys that are missing (apiVersion, kind, metadata with the
 * project's name) are inserted above the first top-level key, after the file's leading comments (the
 * yaml-language-server modeline stays the first line). Every byte of the original text is kept: the edit
 * is an insertion at one offset that the yaml Document API locates, of text serialized by the one emitter.
 */
import { isMap, isScalar, parseDocument } from "yaml";
import { stringifyYaml } from "../serialize/yaml.js";
import { CONFIG_KIND, CURRENT_API_VERSION, HEADER_KEYS } from "./header.js";

/** What migrate does to a config text. */
export interface Migration {
  /** The text after the migration (the input itself when nothing changes). */
  text: string;
  /** The header keys added, in order; empty when the config is already current. */
  added: string[];
  /** Where the inserted text starts (a byte offset into the original, in UTF-16 code units) and its text. */
  insertion?: { offset: number; text: string };
}

export class MigrationError extends Error {}

/**
 * The migrated text of a config. Only inserts: keys the config already has are left as they are (an unknown
 * or newer apiVersion is the header check's error, reported by the caller before). Throws MigrationError
 * when the config's top level is not a block mapping (a flow map `{...}` or not a map), which has no place
 * for a block header.
 */
export function migrateConfigText(text: string): Migration {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new MigrationError(`cannot migrate a config with YAML errors: ${doc.errors[0]!.message.split("\n")[0]}`);
  const root = doc.contents;
  if (!isMap(root) || root.flow || root.items.length === 0) {
    throw new MigrationError("the config's top level is not a block mapping (key: value lines): migrate inserts the header above its first key");
  }
  const has = (k: string) => root.items.some((p) => isScalar(p.key) && p.key.value === k);
  const missing = HEADER_KEYS.filter((k) => !has(k));
  if (missing.length === 0) return { text, added: [] };

  const project = doc.getIn(["project", "name"]);
  const header: Record<string, unknown> = {
    apiVersion: CURRENT_API_VERSION,
    kind: CONFIG_KIND,
    metadata: { name: typeof project === "string" && project !== "" ? project : "gitops" },
  };
  // Above the first key, at the start of its line, in the file's indentation and line breaks.
  const firstKey = root.items[0]!.key as { range?: [number, number, number] } | null;
  const keyOffset = firstKey?.range?.[0] ?? 0;
  const lineStart = text.lastIndexOf("\n", keyOffset - 1) + 1;
  const indent = text.slice(lineStart, keyOffset);
  if (!/^ *$/.test(indent)) throw new MigrationError("the config's first key does not start its line: migrate inserts the header above it");
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const block = stringifyYaml(Object.fromEntries(missing.map((k) => [k, header[k]])))
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => `${indent}${l}${eol}`)
    .join("");
  // A blank line between the header and the config's own keys, as init writes it.
  const inserted = `${block}${eol}`;
  return { text: text.slice(0, lineStart) + inserted + text.slice(lineStart), added: [...missing], insertion: { offset: lineStart, text: inserted } };
}
