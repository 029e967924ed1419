/** The generator's version (package.json), recorded in the manifest only so upgrades do not churn every file. */
export { generatorVersion } from "../runtime/version.js";
