import type { Model } from "../model/types.js";
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
  setupGo: { uses: "actions/setup-go@d35c59abb061a4a6fb18e82ac0862c26744d6ab5", version: "v5.5.0" },
  githubScript: { uses: "actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea", version: "v7.0.1" },
  junitReport: { uses: "mikepenz/action-junit-report@a9170d5795813c01ab4901ffb045b52bab4ab09d", version: "v6.5.0" },
  cache: { uses: "actions/cache@5a3ec84eff668545956fd18022155c47e93e2684", version: "v4.2.3" },
} as const;

/** The active Node LTS lines the tests run on. */
export const NODE_VERSIONS = [22, 24];
/** kubeconform's release, downloaded and checked against the sha256 its release publishes (CHECKSUMS). */
export const KUBECONFORM_VERSION = "v0.7.0";

const WORKFLOW = ".github/workflows/gitops.yml";
/** A placeholder the serializer keeps as one scalar; replaced by the action reference and its version comment. */
const pin = (a: { uses: string; version: string }) => `${a.uses} #PIN# ${a.version}`;

/**
 * .github/workflows/gitops.yml, generated so that a new environment appears in CI by itself: the tests on the
 * Node LTS lines, drift (`gen --check`), `validate` with a JUnit check and a job summary, the real kubeconform
 * on every environment's built targets, and on pull requests the rendered diff as a comment.
 */
export function renderWorkflows(model: Model): GeneratedFile[] {
  if (!model.delivery) return [];
  const flags = configFlags(model.origin);
  const setup = (node: number | string = NODE_VERSIONS[NODE_VERSIONS.length - 1]!) => [
    { uses: pin(ACTIONS.checkout), with: { "persist-credentials": false } },
    { uses: pin(ACTIONS.setupNode), with: { "node-version": node, cache: "npm" } },
    { run: "npm ci" },
  ];
  const workflow = {
    name: "gitops",
    on: { pull_request: {}, push: { branches: [model.delivery.revision] }, workflow_dispatch: {} },
    permissions: { contents: "read" },
    concurrency: { group: "${{ github.workflow }}-${{ github.event.pull_request.number || github.ref }}", "cancel-in-progress": "${{ github.event_name == 'pull_request' }}" },
    jobs: {
      test: {
        name: "npm test (node ${{ matrix.node }})",
        "runs-on": "ubuntu-latest",
        "timeout-minutes": 30,
        strategy: { "fail-fast": false, matrix: { node: NODE_VERSIONS } },
        // Exactly the README's two commands: `npm test` needs nothing `npm ci` does not install.
        steps: [...setup("${{ matrix.node }}"), { run: "npm test" }],
      },
      gitops: {
        name: "generated tree, validate",
        "runs-on": "ubuntu-latest",
        "timeout-minutes": 30,
        permissions: { contents: "read", checks: "write" },
        steps: [
          ...setup(),
          { name: "Generated tree is up to date (a stale tree fails with the diff)", run: `npm run gen -- --check${flags}` },
          // Installs schema-sources/ first, then checks the committed schemas are exactly what those sources produce.
          { name: "Committed schemas are what their pinned sources produce", run: "npm run test:schemas" },
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
      },
      kubeconform: {
        name: "kubeconform ${{ matrix.target }}",
        "runs-on": "ubuntu-latest",
        "timeout-minutes": 20,
        strategy: { "fail-fast": false, matrix: { target: [...model.environments.map((e) => e.name), "delivery"] } },
        steps: [
          ...setup(),
          {
            name: `Install kubeconform ${KUBECONFORM_VERSION} (checked against the release's published sha256)`,
            env: { VERSION: KUBECONFORM_VERSION },
            run: [
              "set -euo pipefail",
              'base="https://github.com/yannh/kubeconform/releases/download/${VERSION}"',
              'curl -fsSLO "${base}/kubeconform-linux-amd64.tar.gz"',
              'curl -fsSLO "${base}/CHECKSUMS"',
              "grep ' kubeconform-linux-amd64.tar.gz$' CHECKSUMS | sha256sum --check --strict -",
              'mkdir -p "$RUNNER_TEMP/bin" && tar -xzf kubeconform-linux-amd64.tar.gz -C "$RUNNER_TEMP/bin" kubeconform',
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
              `if [ "$TARGET" = delivery ]; then args=(--delivery); else args=(--env "$TARGET"); fi`,
              `npm run -s manifests -- "\${args[@]}"${flags} > manifests.yaml`,
              'kubeconform -strict -summary -output pretty -kubernetes-version "$KUBERNETES_VERSION" \\',
              "  -schema-location 'schemas/kubernetes/{{.NormalizedKubernetesVersion}}-standalone{{.StrictSuffix}}/{{.ResourceKind}}{{.KindSuffix}}.json' \\",
              "  -schema-location 'schemas/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json' \\",
              "  manifests.yaml",
              "",
            ].join("\n"),
          },
        ],
      },
      oracles: {
        name: "oracles (real kubeconform, kustomize, kube-apiserver)",
        "runs-on": "ubuntu-latest",
        "timeout-minutes": 60,
        steps: [
          ...setup(),
          { uses: pin(ACTIONS.setupGo), with: { "go-version": "1.26", "cache-dependency-path": "scripts/oracles.sh" } },
          {
            name: "Cache the built oracles",
            uses: pin(ACTIONS.cache),
            with: { path: ".oracles/bin", key: "oracles-${{ runner.os }}-${{ hashFiles('scripts/oracles.sh') }}" },
          },
          { name: "Build the oracles (pinned, checked by their version commands)", run: "npm run oracles" },
          { name: "Oracle tests (kubeconform parity, kustomize, kube-apiserver dry run)", run: "npm run test:oracles", env: { CI: "true" } },
        ],
      },
      diff: {
        name: "rendered diff",
        if: "${{ github.event_name == 'pull_request' }}",
        "runs-on": "ubuntu-latest",
        "timeout-minutes": 20,
        permissions: { contents: "read", "pull-requests": "write" },
        steps: [
          { uses: pin(ACTIONS.checkout), with: { "fetch-depth": 0, "persist-credentials": false } },
          { uses: pin(ACTIONS.setupNode), with: { "node-version": NODE_VERSIONS[NODE_VERSIONS.length - 1]!, cache: "npm" } },
          { run: "npm ci" },
          {
            name: "Render both trees and diff them per environment",
            env: { BASE_REF: "${{ github.base_ref }}" },
            run: `npm run -s diff -- --base "origin/$BASE_REF"${outFlag(model.origin)} > rendered-diff.md`,
          },
          {
            name: "Comment on the pull request (updated in place; the job summary where the token cannot write)",
            uses: pin(ACTIONS.githubScript),
            with: { script: COMMENT_SCRIPT },
          },
        ],
      },
    },
  };
  return [
    { path: WORKFLOW, content: renderHeader(model.origin) + serialize(workflow) },
    { path: PROMOTE_WORKFLOW, content: renderHeader(model.origin) + serialize(promoteWorkflow(model, setup())) },
  ];
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
function promoteWorkflow(model: Model, setup: unknown[]): Record<string, unknown> {
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
        "runs-on": "ubuntu-latest",
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
 * request from a fork) falls back to the job summary. The diff is read from the file, never spliced into code.
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
await core.summary.addRaw(body).write();
`;
