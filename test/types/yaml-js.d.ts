// yaml-js (a JavaScript port of PyYAML, YAML 1.1) ships no types; the tests use only load().
declare module "yaml-js" {
  export function load(text: string): unknown;
}
