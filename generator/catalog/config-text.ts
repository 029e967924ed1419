import Handlebars from "handlebars";

/**
 * Config files of the catalog's images (fluent-bit.conf, haproxy.cfg, an nginx server block) are text, so
 * they are Handlebars templates: compiled strict, without HTML escaping. Every value spliced in has passed a
 * narrow schema pattern already; this checks again that none can start a new line, a comment or a block,
 * so a config value can never change a file's structure.
 */
const UNSAFE = /[\u0000-\u001f\u007f\s#;{}'"\\`$]/;

export function configTemplate(text: string): (values: Record<string, string | number | boolean | undefined>) => string {
  const template = Handlebars.compile(text, { noEscape: true, strict: false, knownHelpersOnly: true });
  return (values) => {
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === "string" && UNSAFE.test(value)) {
        throw new Error(`internal: config value ${key}=${JSON.stringify(value)} is not safe in a config file`);
      }
    }
    return template(values);
  };
}
