/**
 * The configs tests read (issue 20): fixtures under test/fixtures/configs/, never the root gitops.config.yaml, so
 * `npm test` passes whatever valid config a user keeps at the root. Whether the committed tree matches the root
 * config is `npm run gen -- --check`'s job (CI runs it), not the suite's. test/unit/test-independence.test.ts keeps
 * test files from reading the root config or the committed tree directly.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES_DIR, REPO_ROOT } from "./fixtures.js";
import { tempDir } from "./tree.js";

export const CONFIG_FIXTURES = join(FIXTURES_DIR, "configs");
/**
 * A byte-for-byte copy of this repository's root gitops.config.yaml as the demo ships it: app `web` (nginx and the
 * date-logger sidecar), environments dev, staging and prod, Argo CD and Flux on clusters nonprod and prod. Its
 * rendered tree is test/golden/reference/. When the root config changes on purpose, copy it here and run
 * `UPDATE_GOLDEN=1 npx vitest run test/golden`.
 */
export const REFERENCE_CONFIG_PATH = join(CONFIG_FIXTURES, "reference.config.yaml");
export const REFERENCE_CONFIG = readFileSync(REFERENCE_CONFIG_PATH, "utf8");
/** Four apps, none named `web`, other environments and clusters: scripts/check-suite-independence.sh's root config. */
export const FOUR_APPS_CONFIG_PATH = join(CONFIG_FIXTURES, "four-apps.config.yaml");

/** Every fixture config: name (without .config.yaml) → text. */
export function fixtureConfigs(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(CONFIG_FIXTURES)
      .filter((f) => f.endsWith(".config.yaml"))
      .sort()
      .map((f) => [f.replace(/\.config\.yaml$/, ""), readFileSync(join(CONFIG_FIXTURES, f), "utf8")]),
  );
}

/** A temp repo holding what gen reads: config text (the reference config by default) as gitops.config.yaml. */
export function tempRepoWith(text: string = REFERENCE_CONFIG, prefix = "sidecar-gitops-e2e-"): string {
  const dir = tempDir(prefix);
  writeFileSync(join(dir, "gitops.config.yaml"), text);
  return dir;
}

/** Copies the reference config to path (e.g. under a temp repo, by another name). */
export function copyReferenceConfig(to: string): void {
  cpSync(REFERENCE_CONFIG_PATH, to);
}

/**
 * Whether the root gitops.config.yaml is byte-identical to the reference fixture: only then is the committed tree
 * the reference config's rendering, and a test may compare the two. Any other root config (an adopter's) is none
 * of the suite's business: `gen --check` judges it.
 */
export function rootIsReference(): boolean {
  try {
    return readFileSync(join(REPO_ROOT, "gitops.config.yaml"), "utf8") === REFERENCE_CONFIG;
  } catch {
    return false;
  }
}
