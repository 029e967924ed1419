#!/usr/bin/env bash
# Issue 20: the generator's test suite must pass whatever valid gitops.config.yaml sits at the repository root.
# Proof: copy this checkout (tracked and untracked files, not ignored ones) to a temp dir, put a different valid
# config at its root (test/fixtures/configs/four-apps.config.yaml: four apps, none named `web`, other
# environments and clusters), and run the entry points there as an adopter would: `npm run gen`,
# `npm run gen -- --check`, `npm run validate`, then `npm test`. Any failure fails.
#
#   scripts/check-suite-independence.sh [CONFIG]     (default: test/fixtures/configs/four-apps.config.yaml)
#
# node_modules (and schema-sources/node_modules when installed) are symlinked, not copied: nothing is
# installed, so this runs offline after `npm ci`. The copy is a fresh git repository with one commit, for the
# tests that need a git work tree. The temp dir is removed on exit; KEEP=1 keeps it for a look.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIG=${1:-test/fixtures/configs/four-apps.config.yaml}
[[ -f $CONFIG ]] || { echo "check-suite-independence: no config $CONFIG" >&2; exit 2; }
[[ -d node_modules ]] || { echo "check-suite-independence: run npm ci first" >&2; exit 2; }
if cmp -s "$CONFIG" gitops.config.yaml; then
  echo "check-suite-independence: $CONFIG is the root config itself; pass a different one" >&2
  exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sidecar-gitops-independence-XXXXXX")
cleanup() { if [[ ${KEEP:-} == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

# Every file git knows or would add (not ignored ones: no node_modules, caches, .oracles), then the modules.
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
  [[ -e $f || -L $f ]] && printf '%s\0' "$f"
done | tar --null -T - -cf - | tar -xf - -C "$WORK"
ln -s "$ROOT/node_modules" "$WORK/node_modules"
if [[ -d schema-sources/node_modules ]]; then ln -s "$ROOT/schema-sources/node_modules" "$WORK/schema-sources/node_modules"; fi

cp "$CONFIG" "$WORK/gitops.config.yaml"
cd "$WORK"
echo "check-suite-independence: $CONFIG at the root of $WORK"
# As an adopter would: render their config (the demo's owned files go, theirs come), check, commit, test.
# The copy drops the reference environments: consent to their deletion, as an adopter replacing the demo would.
npm run gen --silent -- --allow-delete
npm run gen --silent -- --check
npm run validate --silent
git init -q
git add -A
git -c user.name=independence -c user.email=independence@example.invalid commit -q -m "another root config, rendered"
npm test
echo "check-suite-independence: npm test passed with $CONFIG as the root config"
