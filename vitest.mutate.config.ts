// The suite Stryker runs (stryker.config.mjs): every in-process test. test/e2e is left out: it runs the CLI in
// child processes, where Stryker's active mutant is not switched on, so it can kill no mutant and only costs time.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/unit/**/*.test.ts", "test/conformance/**/*.test.ts", "test/golden/**/*.test.ts", "test/fixtures/**/*.test.ts"],
  },
});
