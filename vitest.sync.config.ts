import { defineConfig } from "vitest/config";

// `npm run test:sync`: the real Flux controllers sync the rendered tree into a simulated cluster (test/sync,
// issue 26), with the binaries `npm run oracles -- sync` builds into .oracles/. Kept apart from `npm test`.
export default defineConfig({
  test: {
    include: ["test/sync/**/*.test.ts"],
    testTimeout: 1_200_000,
    hookTimeout: 600_000,
    pool: "forks",
    fileParallelism: false,
  },
});
