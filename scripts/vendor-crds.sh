#!/usr/bin/env bash
# Vendors the CustomResourceDefinitions the API-server oracle installs (test/oracles/crds/), pinned, from
# the Go modules of the projects that publish them (through the Go module proxy), and writes
# test/oracles/crds/provenance.json (module, version, module hash, file, sha256). Run by hand when a
# version below changes; `npm run test:oracles` only reads the committed copies (no network in tests).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v go >/dev/null 2>&1 || PATH=$PATH:/usr/local/go/bin
OUT=test/oracles/crds
# module@version  path-in-module  vendored-as
SOURCES=(
  "github.com/argoproj/argo-cd/v3@v3.5.7 manifests/crds/application-crd.yaml argoproj.io_applications.yaml"
  "github.com/argoproj/argo-cd/v3@v3.5.7 manifests/crds/applicationset-crd.yaml argoproj.io_applicationsets.yaml"
  "github.com/argoproj/argo-cd/v3@v3.5.7 manifests/crds/appproject-crd.yaml argoproj.io_appprojects.yaml"
  "github.com/fluxcd/source-controller@v1.9.6 config/crd/bases/source.toolkit.fluxcd.io_gitrepositories.yaml source.toolkit.fluxcd.io_gitrepositories.yaml"
  "github.com/fluxcd/kustomize-controller@v1.9.6 config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml kustomize.toolkit.fluxcd.io_kustomizations.yaml"
  "github.com/external-secrets/external-secrets@v1.3.2 config/crds/bases/external-secrets.io_externalsecrets.yaml external-secrets.io_externalsecrets.yaml"
  "github.com/bitnami-labs/sealed-secrets@v0.40.0 helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml bitnami.com_sealedsecrets.yaml"
)
rm -rf "$OUT"; mkdir -p "$OUT"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
entries=()
for s in "${SOURCES[@]}"; do
  read -r modver path name <<<"$s"
  json=$(cd "$tmp" && go mod download -json "$modver")
  dir=$(sed -n 's/.*"Dir": "\(.*\)".*/\1/p' <<<"$json")
  sum=$(sed -n 's/.*"Sum": "\(.*\)".*/\1/p' <<<"$json")
  cp "$dir/$path" "$OUT/$name"; chmod 644 "$OUT/$name"
  sha=$(sha256sum "$OUT/$name" | cut -d' ' -f1)
  entries+=("{\"file\": \"$name\", \"module\": \"${modver%@*}\", \"version\": \"${modver#*@}\", \"moduleSum\": \"$sum\", \"path\": \"$path\", \"sha256\": \"$sha\"}")
done
{
  echo '{'
  echo '  "comment": "Written by scripts/vendor-crds.sh: CRDs copied from the Go module zips (go mod download through the Go module proxy, checked against sum.golang.org). Tests check each file against its sha256.",'
  echo '  "crds": ['
  for i in "${!entries[@]}"; do sep=,; [ "$i" -eq $((${#entries[@]} - 1)) ] && sep=; echo "    ${entries[$i]}$sep"; done
  echo '  ]'
  echo '}'
} >"$OUT/provenance.json"
ls -l "$OUT"

# The CRDs that carry CEL rules (x-kubernetes-validations) also feed `npm run schemas`, which merges their rules
# into schemas/crds/ (generator/schemas/cel-rules.ts): byte copies in schema-sources/crds/ with the same
# provenance entries (test/unit/schemas/cel-rules.test.ts checks both). Run `npm run schemas` afterwards.
CEL_OUT=schema-sources/crds
rm -rf "$CEL_OUT"; mkdir -p "$CEL_OUT"
cel_entries=()
for i in "${!SOURCES[@]}"; do
  read -r _ _ name <<<"${SOURCES[$i]}"
  if grep -q 'x-kubernetes-validations:' "$OUT/$name"; then
    cp "$OUT/$name" "$CEL_OUT/$name"
    cel_entries+=("${entries[$i]}")
  fi
done
{
  echo '{'
  echo '  "comment": "The CRDs whose x-kubernetes-validations (CEL) rules npm run schemas merges into schemas/crds/ (generator/schemas/cel-rules.ts): byte-identical copies of the files vendored in test/oracles/crds (scripts/vendor-crds.sh, from the Go module zips checked against sum.golang.org). The build checks each file'"'"'s sha256; a unit test checks they match test/oracles/crds. Only the CRDs that carry rules are here (the Argo CD, External Secrets and Sealed Secrets CRDs have none).",'
  echo '  "crds": ['
  for i in "${!cel_entries[@]}"; do sep=,; [ "$i" -eq $((${#cel_entries[@]} - 1)) ] && sep=; echo "    ${cel_entries[$i]}$sep"; done
  echo '  ]'
  echo '}'
} >"$CEL_OUT/provenance.json"
ls -l "$CEL_OUT"
