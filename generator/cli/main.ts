#!/usr/bin/env node
/**
 * Entry point: picks the subcommand and maps its result to an exit code.
 * Exit codes: 0 ok, 1 findings (bad config, invalid manifests, drift), 2 usage or internal error.
 */
import { DiagnosticError, formatDiagnostic } from "../diagnostics/diagnostic.js";

const USAGE = `usage: sidecar-gitops <command> [flags]   (from the repository: npm run <command> -- [flags])

commands:
  init         scaffold your own GitOps repository: package.json, gitops.config.yaml, README, the rendered tree ([DIR] [--example NAME])
  gen          render gitops.config.yaml into base/ and overlays/ (--check, --dry-run, --force, --allow-delete, --config, --out)
  validate     validate the config, every overlay (built with kustomize) and every generated manifest (--env NAME for one)
  kubeconform  kubeconform-compatible validation of files, folders or stdin
  diff         what the config will do, per environment, against a git ref's tree (--base REF, default: the merge base with main)
  promote      move the image tags one environment runs to another (--from ENV --to ENV [--app APP])
  set-image    set one container's image tag (and digest) in one environment (--env --app [--container] --tag [--digest])
  manifests    the built manifests of one environment (--env NAME) or of the Argo CD and Flux objects (--delivery)
  migrate      add the config's version header (apiVersion, kind, metadata) in place, keeping every other line

  --version    print the version
  --help       print this help; <command> --help for a command's flags
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `npm run gen -- --version` reaches here as `gen --version`: every command but kubeconform (whose -v is
  // kubeconform's) answers it the same way.
  if (command !== "kubeconform" && (command === "--version" || command === "version" || rest.includes("--version"))) {
    const { generatorVersion } = await import("./version.js");
    process.stdout.write(`sidecar-gitops ${generatorVersion()}\n`);
    return 0;
  }
  switch (command) {
    case "init": {
      const { runInit } = await import("./init.js");
      return runInit(rest);
    }
    case "migrate": {
      const { runMigrate } = await import("./migrate.js");
      return runMigrate(rest);
    }
    case "gen": {
      const { runGen } = await import("./gen.js");
      return runGen(rest);
    }
    case "validate": {
      const { runValidate } = await import("./validate.js");
      return runValidate(rest);
    }
    case "diff": {
      const { runDiff } = await import("./diff.js");
      return runDiff(rest);
    }
    case "promote": {
      const { runPromote } = await import("./promote.js");
      return runPromote(rest);
    }
    case "set-image": {
      const { runSetImage } = await import("./set-image.js");
      return runSetImage(rest);
    }
    case "manifests": {
      const { runManifests } = await import("./manifests.js");
      return runManifests(rest);
    }
    case "kubeconform": {
      const { runKubeconform } = await import("./kubeconform.js");
      return runKubeconform(rest, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    }
    case "-h":
    case "--help":
    case "help":
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(command ? `unknown command: ${command}\n${USAGE}` : USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof DiagnosticError) {
      process.stderr.write(err.diagnostics.map(formatDiagnostic).join("\n") + "\n");
      process.exitCode = 1;
      return;
    }
    // Only internal errors carry a stack trace.
    process.stderr.write(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
