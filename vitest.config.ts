import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // `npm test` is the README's test command: it runs on what `npm ci` installs and nothing else
    // (test/unit/quick-start.test.ts guards that). test/oracles needs the tools `npm run oracles` builds
    // (`npm run test:oracles`); test/schemas needs schema-sources/ (`npm run test:schemas` installs it).
    exclude: [...configDefaults.exclude, "test/oracles/**", "test/schemas/**", "test/sync/**"],
    // e2e tests spawn the CLI and real kustomize; give them room on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    setupFiles: ["test/helpers/setup.ts"],
  },
});
