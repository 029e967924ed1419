import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { checkConfigHeader, CURRENT_API_VERSION, HEADER_KEYS } from "../config/header.js";
import { loadConfigFile, parseConfigText } from "../config/load.js";
import { migrateConfigText, MigrationError } from "../config/migrate.js";
import { DiagnosticError } from "../diagnostics/diagnostic.js";
import { writeFileAtomic } from "../write/index.js";
import { processIO, reportError, type CommandIO } from "./io.js";
import { generatorVersion } from "./version.js";

export const MIGRATE_USAGE = `usage: npx sidecar-gitops migrate [--config FILE] [--dry-run | --check]

Brings the config to the newest format this generator reads (${CURRENT_API_VERSION}), in place: the missing
header keys (apiVersion, kind, metadata.name) are added above the first key. Comments and every other byte
of the file stay as they are; the rendered tree does not change.

  --config FILE  the config to migrate (default: gitops.config.yaml)
  --dry-run      print the lines migrate would add; write nothing
  --check        write nothing; exit 1 when the config needs migrating (for CI)
`;

/** `migrate`: the header added in place, checked to leave every other value as it was, written atomically. */
export async function runMigrate(argv: string[], io: CommandIO = processIO): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        config: { type: "string", default: "gitops.config.yaml" },
        "dry-run": { type: "boolean", default: false },
        check: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.stdout.write(MIGRATE_USAGE);
      return 0;
    }
    const file = values.config;
    // The same reading as gen (size, encoding, YAML syntax), and the header's errors: an unknown or newer
    // apiVersion is not something migrate can fix.
    const loaded = await loadConfigFile(file);
    checkConfigHeader(loaded.source, loaded.data, generatorVersion());
    const text = readFileSync(file, "utf8");
    let migration;
    try {
      migration = migrateConfigText(text);
    } catch (err) {
      if (!(err instanceof MigrationError)) throw err;
      throw new DiagnosticError([{ file, line: 1, col: 1, code: "CFG034", severity: "error", message: `cannot migrate: ${err.message}`, hint: `add the header by hand at the top: apiVersion: ${CURRENT_API_VERSION}, kind: GitOpsConfig, metadata: { name: <project name> }` }]);
    }
    if (migration.added.length === 0) {
      io.stdout.write(`migrate: ${file} is already ${CURRENT_API_VERSION}; nothing to change\n`);
      return 0;
    }
    assertOnlyHeaderAdded(file, loaded.data, migration.text);
    const lines = migration.insertion!.text.replace(/\r?\n$/, "").split(/\r?\n/).map((l) => `+ ${l}`.trimEnd()).join("\n");
    if (values.check) {
      io.stdout.write(`${lines}\n`);
      io.stderr.write(`migrate --check: ${file} has no ${migration.added.join(", ")}; run \`npx sidecar-gitops migrate\` to add ${migration.added.length > 1 ? "them" : "it"}\n`);
      return 1;
    }
    if (values["dry-run"]) {
      io.stdout.write(`${lines}\nmigrate --dry-run: would add ${migration.added.join(", ")} to ${file}; nothing written\n`);
      return 0;
    }
    await writeFileAtomic(dirname(resolve(file)), basename(file), migration.text);
    io.stdout.write(`${lines}\nmigrate: added ${migration.added.join(", ")} to ${file} (${CURRENT_API_VERSION}); every other line is unchanged, and so is the rendered tree\n`);
    return 0;
  } catch (err) {
    return reportError(io, err, MIGRATE_USAGE);
  }
}

/** The migrated config reads as the original plus the header, nothing else (a guard on the insertion). */
function assertOnlyHeaderAdded(file: string, before: unknown, after: string): void {
  const data = parseConfigText(file, after).data as Record<string, unknown>;
  const rest = Object.fromEntries(Object.entries(data).filter(([k]) => !(HEADER_KEYS as readonly string[]).includes(k) || (before as Record<string, unknown>)[k] !== undefined));
  if (!isDeepStrictEqual(rest, before) || data.apiVersion !== CURRENT_API_VERSION) {
    throw new Error(`migrate: the migrated ${file} would not read as the original plus the header; nothing written (a generator bug: report it with your config)`);
  }
}
