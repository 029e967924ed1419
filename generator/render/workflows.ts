import type { CiModel, Model } from "../model/types.js";
import { stringifyYaml } from "../serialize/yaml.js";
import type { GeneratedFile } from "./generated-file.js";
import { DEFAULT_ORIGIN, renderHeader, shellWord, type RenderOrigin } from "./header.js";

/**
 * Every action pinned to a full commit SHA, its release in a comment (Dependabot's github-actions updater
 * keeps both current). The SHAs are those the releases point at.
 */
export const ACTIONS = {
  checkout: { uses: "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", version: "v4.2.2" },
  setupNode: { uses: "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020", version: "v4.4.0" },
  githubScript: { uses: "actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea", version: "v7.0.1" },
  junitReport: { uses: "mikepenz/action-junit-report@a9170d5795813c01ab4901ffb045b52bab4ab09d", version: "v6.5.0" },
} as const;

/** kubeconform's release, downloaded and checked against the sha256 its release publishes (CHECKSUMS). */
export const KUBECONFORM_VERSION = "v0.7.0";

const WORKFLOW = ".github/workflows/gitops.yml";
/** A placeholder the serializer keeps as one scalar; replaced by the action reference and its version comment. */
const pin = (a: { uses: string; version: string }) => `${a.uses} #PIN# ${a.version}`;
/** Under the header of each generated workflow: where its settings live. */
const SETTINGS_NOTE = "# Jobs, Node version and runner: the ci section of the config (ci.enabled: false removes this workflow).\n";

/**
 * The CI of the repository the tree is rendered into (`ci` in the config; none with `ci.enabled: false`):
 * gitops.yml checks the repository itself on every pull request and push (drift with `gen --check`,
 * `validate` with a JUnit check and a job summary, the real kubeconform on every environment's built targets,
 * on pull requests the rendered diff as a comment), so a new environment appears in CI by itself; promote.yml
 * promotes tags when run by hand. They run the generator as the repository installs it (its npm scripts), and
 * never the generator's own tests or oracles: those are in this repository's hand-written generator.yml.
 */
export function renderWorkflows(model: Model): GeneratedFile[] {
  const ci = model.ci;
  if (!ci) return [];
  const setup = (checkout: Record<string, unknown> = {}) => [
    { uses: pin(ACTIONS.checkout), with: { ...checkout, "persist-credentials": false } },
    { uses: pin(ACTIONS.setupNode), with: { "node-version": ci.nodeVersion, cache: "npm" } },
    { run: "npm ci" },
  ];
  const header = renderHeader(model.origin) + SETTINGS_NOTE;
  const files: GeneratedFile[] = [];
  const jobs = checkJobs(model, ci, setup);
  if (Object.keys(jobs).length > 0) {
    const workflow = {
      name: "gitops",
      on: { pull_request: {}, push: { branches: [ci.branch] }, workflow_dispatch: {} },
      permissions: { contents: "read" },
      concurrency: { group: "${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}", "cancel-in-progress": "${{ github.event_name == 'pull_request' }}" },
      jobs,
    };
    files.push({ path: WORKFLOW, content: header + serialize(workflow) });
  }
  if (ci.jobs.includes("promote")) {
    files.push({ path: PROMOTE_WORKFLOW, content: header + serialize(promoteWorkflow(model, ci, setup())) });
  }
  return files;
}

/** The jobs of gitops.yml that `ci.jobs` asks for (promote has its own workflow). */
function checkJobs(model: Model, ci: CiModel, setup: (checkout?: Record<string, unknown>) => unknown[]): Record<string, unknown> {
  const flags = configFlags(model.origin);
  const jobs: Record<string, unknown> = {};
  if (ci.jobs.includes("validate")) {
    jobs.validate = {
      name: "generated tree, validate",
      "runs-on": ci.runsOn,
      "timeout-minutes": 30,
      permissions: { contents: "read", checks: "write" },
      steps: [
        ...setup(),
        { name: "Generated tree is up to date (a stale tree fails with the diff)", run: `npm run gen -- --check${flags}` },
        {
          name: "Validate (config, kustomize builds, strict schemas, policy)",
          run: `npm run validate -- --junit validate-junit.xml --summary "$GITHUB_STEP_SUMMARY"${flags}`,
        },
        {
          name: "Publish the validation report",
          if: "${{ !cancelled() && hashFiles('validate-junit.xml') != '' }}",
          uses: pin(ACTIONS.junitReport),
          with: { report_paths: "validate-junit.xml", check_name: "sidecar-gitops validate", annotate_only: "${{ github.event_name == 'pull_request' && github.event.pull_request.head.repo.fork }}" },
        },
      ],
    };
  }
  if (ci.jobs.includes("kubeconform")) {
    jobs.kubeconform = {
      name: "kubeconform ${{ matrix.target }}",
      "runs-on": ci.runsOn,
      "timeout-minutes": 20,
      strategy: { "fail-fast": false, matrix: { target: [...model.environments.map((e) => e.name), ...(model.delivery ? ["delivery"] : [])] } },
      steps: [
        ...setup(),
        {
          name: `Install kubeconform ${KUBECONFORM_VERSION} (checked against the release's published sha256)`,
          env: { VERSION: KUBECONFORM_VERSION },
          run: [
            "set -euo pipefail",
            'case "$RUNNER_OS/$RUNNER_ARCH" in',
            "  Linux/X64) asset=kubeconform-linux-amd64.tar.gz ;;",
            "  Linux/ARM64) asset=kubeconform-linux-arm64.tar.gz ;;",
            "  macOS/X64) asset=kubeconform-darwin-amd64.tar.gz ;;",
            "  macOS/ARM64) asset=kubeconform-darwin-arm64.tar.gz ;;",
            '  *) echo "::error::kubeconform publishes no release binary for $RUNNER_OS/$RUNNER_ARCH"; exit 1 ;;',
            "esac",
            'base="https://github.com/yannh/kubeconform/releases/download/${VERSION}"',
            'curl -fsSLO "${base}/${asset}"',
            'curl -fsSLO "${base}/CHECKSUMS"',
            'grep " ${asset}$" CHECKSUMS > kubeconform.sha256',
            "if command -v sha256sum > /dev/null; then sha256sum --check --strict kubeconform.sha256; else shasum -a 256 --check kubeconform.sha256; fi",
            'mkdir -p "$RUNNER_TEMP/bin" && tar -xzf "$asset" -C "$RUNNER_TEMP/bin" kubeconform',
            'echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"',
            "",
          ].join("\n"),
        },
        {
          name: "Build every sync target with kustomize and validate it with the real kubeconform (-strict)",
          env: { TARGET: "${{ matrix.target }}", KUBERNETES_VERSION: `${model.project.kubernetesVersion}.0` },
          run: [
            "set -euo pipefail",
            "kubeconform -v",
            // The strict schemas ship with the generator: in its package where a repository installs it, at
            // the root of the generator's own repository.
            "schemas=schemas",
            "if [ -d node_modules/sidecar-gitops/schemas ]; then schemas=node_modules/sidecar-gitops/schemas; fi",
            `if [ "$TARGET" = delivery ]; then args=(--delivery); else args=(--env "$TARGET"); fi`,
            `npm run -s manifests -- "\${args[@]}"${flags} > manifests.yaml`,
            'kubeconform -strict -summary -output pretty -kubernetes-version "$KUBERNETES_VERSION" \\',
            '  -schema-location "$schemas/kubernetes/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json" \\',
            '  -schema-location "$schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json" \\',
            "  manifests.yaml",
            "",
          ].join("\n"),
        },
      ],
    };
  }
  if (ci.jobs.includes("diff")) {
    jobs.diff = {
      name: "rendered diff",
      if: "${{ github.event_name == 'pull_request' }}",
      "runs-on": ci.runsOn,
      "timeout-minutes": 20,
      permissions: { contents: "read", "pull-requests": "write" },
      steps: [
        ...setup({ "fetch-depth": 0 }),
        {
          name: "Render both trees and diff them per environment",
          env: { BASE_REF: "${{ github.base_ref }}" },
          // The comment is cut under GitHub's limit; the whole diff goes to the job summary it points to.
          run: `npm run -s diff -- --base "origin/$BASE_REF"${configFlags(model.origin)} --summary "$GITHUB_STEP_SUMMARY" > rendered-diff.md`,
        },
        {
          name: "Comment on the pull request (updated in place; the job summary where the token cannot write)",
          uses: pin(ACTIONS.githubScript),
          with: { script: COMMENT_SCRIPT },
        },
      ],
    };
  }
  return jobs;
}

/** Constants only (never config values) become the `uses: <ref> # <version>` comment form. */
function serialize(workflow: unknown): string {
  return stringifyYaml(workflow).replace(/^(\s*(?:- )?uses: )"?([^"\s]+) #PIN# ([^"\s]+)"?$/gm, "$1$2 # $3");
}

const PROMOTE_WORKFLOW = ".github/workflows/promote.yml";

/**
 * "promote" (run by hand): `npm run promote` with the chosen environments, then a pull request with the
 * change. The inputs reach the shell as environment variables, never spliced into the script.
 */
function promoteWorkflow(model: Model, ci: CiModel, setup: unknown[]): Record<string, unknown> {
  const envs = model.environments.map((e) => e.name);
  const flags = configFlags(model.origin);
  return {
    name: "promote",
    on: {
      workflow_dispatch: {
        inputs: {
          from: { description: "the environment whose image tags are promoted", required: true, type: "choice", options: envs },
          to: { description: "the environment that gets them", required: true, type: "choice", options: envs },
          app: { description: "only this app (empty: every app)", required: false, type: "string", default: "" },
        },
      },
    },
    permissions: { contents: "read" },
    concurrency: { group: "promote-${{ inputs.to }}", "cancel-in-progress": false },
    jobs: {
      promote: {
        "runs-on": ci.runsOn,
        "timeout-minutes": 20,
        permissions: { contents: "write", "pull-requests": "write" },
        steps: [
          ...setup,
          {
            name: "Promote and regenerate the tree",
            env: { FROM: "${{ inputs.from }}", TO: "${{ inputs.to }}", APP: "${{ inputs.app }}" },
            run: [
              "set -euo pipefail",
              'args=(--from "$FROM" --to "$TO")',
              'if [ -n "$APP" ]; then args+=(--app "$APP"); fi',
              `npm run -s promote -- "\${args[@]}"${flags} | tee "$RUNNER_TEMP/promote.txt"`,
              "",
            ].join("\n"),
          },
          {
            name: "Open a pull request with the change",
            env: { FROM: "${{ inputs.from }}", TO: "${{ inputs.to }}", GH_TOKEN: "${{ github.token }}" },
            run: [
              "set -euo pipefail",
              'if git diff --quiet; then echo "nothing to promote"; exit 0; fi',
              'branch="promote/${FROM}-to-${TO}-${GITHUB_RUN_ID}"',
              'git config user.name "github-actions[bot]"',
              'git config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
              'git switch -c "$branch"',
              "git add -A",
              '{ echo "Promote ${FROM} to ${TO}"; echo; cat "$RUNNER_TEMP/promote.txt"; } > "$RUNNER_TEMP/message.txt"',
              'git commit -F "$RUNNER_TEMP/message.txt"',
              'git push "https://x-access-token:${GH_TOKEN}@github.com/${GITHUB_REPOSITORY}.git" "$branch"',
              'gh pr create --title "Promote ${FROM} to ${TO}" --body-file "$RUNNER_TEMP/promote.txt" --head "$branch"',
              "",
            ].join("\n"),
          },
        ],
      },
    },
  };
}

/** The gen/validate flags that name this config and output root, as the regenerate command has them. */
function configFlags(origin: RenderOrigin): string {
  return (origin.config !== DEFAULT_ORIGIN.config ? ` --config ${shellWord(origin.config)}` : "") + outFlag(origin);
}

function outFlag(origin: RenderOrigin): string {
  return origin.out !== undefined && origin.out !== "." && origin.out !== "" ? ` --out ${shellWord(origin.out)}` : "";
}

/**
 * Finds the comment by its hidden marker and updates it, or creates it; a token that cannot write (a pull
 * request from a fork) falls back to the job summary, where `diff --summary` has put the whole diff already.
 * The diff is read from the file, never spliced into code.
 */
const COMMENT_SCRIPT = `const fs = require("fs");
const body = fs.readFileSync("rendered-diff.md", "utf8");
const marker = "<!-- sidecar-gitops-diff -->";
const { owner, repo } = context.repo;
const issue_number = context.issue.number;
try {
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
  const mine = comments.find((c) => c.body && c.body.startsWith(marker));
  if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
  else await github.rest.issues.createComment({ owner, repo, issue_number, body });
} catch (err) {
  core.warning(\`cannot comment on the pull request (\${err.message}); the diff is in the job summary\`);
}
`;
