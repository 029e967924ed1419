// yaml-js (a JavaScript port of PyYAML, YAML 1.1) ships no types; the tests use only load(). It is CommonJS
// whose named exports Node's ESM loader cannot detect, so it is imported as a default export.
declare module "yaml-js" {
  const yamlJs: { load(text: string): unknown };
  export default yamlJs;
}
