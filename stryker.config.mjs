// Mutation testing (`npm run mutate`; not part of `npm test`: it runs the suite once per surviving mutant and takes
// long on 2 cores). Scoped to the modules where a silent change costs users most. One module at a time:
//   npm run mutate -- --mutate generator/serialize/yaml.ts
// Reports: reports/mutation/index.html and mutation.json (git-ignored).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts" },
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    "generator/serialize/**/*.ts",
    "generator/write/**/*.ts",
    "generator/config/load.ts",
    "generator/config/validate.ts",
    "generator/validate/resource.ts",
    "generator/validate/validator.ts",
    "generator/validate/policy/**/*.ts",
  ],
  coverageAnalysis: "perTest",
  concurrency: 2,
  timeoutMS: 60_000,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 80, low: 60, break: null },
  ignorePatterns: ["reports", ".stryker-tmp", "bench", "examples"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
