import { defineConfig } from "vitest/config";
import base from "./vitest.config.js";

// `npm run test:schemas`: the committed schemas against what their pinned sources produce. The sources live in
// schema-sources/ (several need Node 22) and are installed by the script, not by the README's `npm ci`, so these
// tests are kept out of `npm test` (vitest.config.ts excludes test/schemas).
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/schemas/**/*.test.ts"],
    exclude: base.test?.exclude?.filter((p) => p !== "test/schemas/**"),
  },
});
