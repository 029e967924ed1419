import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/oracles needs the tools `npm run oracles` builds; it runs with `npm run test:oracles`.
    exclude: [...configDefaults.exclude, "test/oracles/**"],
    // e2e tests spawn the CLI and real kustomize; give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["test/helpers/setup.ts"],
  },
});
