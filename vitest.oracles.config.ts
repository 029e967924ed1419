import { defineConfig } from "vitest/config";

// `npm run test:oracles`: the real tools built by `npm run oracles` (.oracles/bin) judge our output.
// Kept apart from `npm test` (vitest.config.ts includes only test/**/*.test.ts outside test/oracles).
export default defineConfig({
  test: {
    include: ["test/oracles/**/*.test.ts"],
    testTimeout: 1_200_000,
    hookTimeout: 300_000,
    pool: "forks",
    // The suites start servers and run thousands of processes: one file at a time on a 2-core machine.
    fileParallelism: false,
  },
});
