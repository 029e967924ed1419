import Handlebars from "handlebars";

/** One documented field of the config, flattened from the schema. */
export interface FieldDoc {
  path: string;
  type: string;
  required: boolean;
  default?: string;
  description: string;
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  not?: unknown;
  pattern?: string;
  description?: string;
  default?: unknown;
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  discriminator?: { propertyName: string };
  const?: unknown;
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
};

/**
 * Walks the config schema into a flat, ordered list of fields (`apps[].main.tag`, `environments.<name>.replicas`),
 * following local $refs. The reference in docs/ is rendered from this, so it cannot drift from the schema.
 */
export function collectFields(root: Schema): FieldDoc[] {
  const out: FieldDoc[] = [];
  const resolve = (s: Schema): Schema => {
    let cur = s;
    const seen = new Set<string>();
    // Merge a $ref'd node with its local overrides (a description next to a $ref wins).
    while (cur.$ref && !seen.has(cur.$ref)) {
      seen.add(cur.$ref);
      const target = cur.$ref.slice(2).split("/").reduce<unknown>((n, k) => (n as Record<string, unknown>)?.[k], root) as Schema;
      const { $ref: _ref, ...local } = cur;
      cur = { ...target, ...local };
    }
    return cur;
  };
  const walk = (s: Schema, path: string, required: boolean, depth: number) => {
    const node = resolve(s);
    if (path) out.push({ path, type: typeOf(node, resolve), required, default: defaultOf(node), description: oneLine(node.description ?? "") });
    if (depth > 12) return;
    for (const [k, v] of Object.entries(node.properties ?? {})) {
      walk(v, path ? `${path}.${k}` : k, node.required?.includes(k) ?? false, depth + 1);
    }
    if (node.additionalProperties && typeof node.additionalProperties === "object") {
      const inner = resolve(node.additionalProperties);
      if (inner.properties) walk(node.additionalProperties, `${path}.<name>`, false, depth + 1);
    }
    if (node.items) {
      const inner = resolve(node.items);
      if (inner.properties) {
        for (const [k, v] of Object.entries(inner.properties)) walk(v, `${path}[].${k}`, inner.required?.includes(k) ?? false, depth + 1);
      }
      // A list of tagged variants (the sidecar catalog): each variant's fields under its tag.
      const tag = inner.discriminator?.propertyName;
      for (const variant of tag ? (inner.oneOf ?? []).map(resolve) : []) {
        const value = variant.properties?.[tag!]?.const;
        for (const [k, v] of Object.entries(variant.properties ?? {})) {
          walk(v, `${path}[${tag}=${String(value)}].${k}`, variant.required?.includes(k) ?? false, depth + 1);
        }
      }
    }
  };
  walk(root, "", true, 0);
  return out;
}

function typeOf(s: Schema, resolve: (s: Schema) => Schema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  // A tagged union (the sidecar catalog) is named by its tags: `sidecar (type: custom \| date-logger …)`.
  const tag = s.discriminator?.propertyName;
  if (tag && s.oneOf) {
    const names = s.oneOf.map((x) => resolve(x).properties?.[tag]?.const).filter((v) => v !== undefined);
    return `sidecar (${tag}: ${names.map((v) => `\`${String(v)}\``).join(" \\| ")})`;
  }
  if (s.oneOf || s.anyOf) return (s.oneOf ?? s.anyOf)!.map((x) => typeOf(resolve(x), resolve)).join(" \\| ");
  if (s.type === "array" && s.items) {
    const items = resolve(s.items);
    const item = typeOf(items, resolve);
    // A union of item types reads as one: (string | object)[].
    return (items.oneOf || items.anyOf || items.enum) && !items.discriminator ? `(${item})[]` : `${item}[]`;
  }
  if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object" && !s.properties) {
    return `map of ${typeOf(resolve(s.additionalProperties), resolve)}`;
  }
  const t = Array.isArray(s.type) ? s.type.join(" \\| ") : (s.type ?? "any");
  if (s.minimum !== undefined && s.maximum !== undefined) return `${t} (${s.minimum}–${s.maximum})`;
  if (s.minimum !== undefined) return `${t} (≥ ${s.minimum})`;
  return t;
}

function defaultOf(s: Schema): string | undefined {
  if (s.default === undefined) return undefined;
  if (typeof s.default === "object" && s.default !== null && Object.keys(s.default).length === 0) return undefined;
  return JSON.stringify(s.default);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").replace(/\|/g, "\\|").trim();
}

// Prose and tables only: Markdown, not YAML, so a text template fits. Compiled strict, no HTML escaping.
const template = Handlebars.compile(
  `<!-- Generated from schemas/gitops.config.schema.json by \`npm run docs\`. Do not edit by hand. -->
# gitops.config.yaml reference

{{description}}

Editors that speak the YAML language server complete and check the file from the same schema, through the
first line of gitops.config.yaml: \`# yaml-language-server: $schema=./schemas/gitops.config.schema.json\`.

| field | type | required | default | description |
|---|---|---|---|---|
{{#each fields}}
| \`{{path}}\` | {{type}} | {{#if required}}yes{{/if}} | {{#if default}}\`{{default}}\`{{/if}} | {{description}} |
{{/each}}
`,
  { noEscape: true, strict: false, knownHelpersOnly: true },
);

/** The whole Markdown reference for the config schema. */
export function renderConfigReference(schema: object): string {
  const s = schema as Schema;
  return template({ description: oneLine(s.description ?? ""), fields: collectFields(s) });
}
