#!/usr/bin/env bash
# npm run oracles: build the real tools that judge our output (issue 16) into .oracles/bin/.
#
# Each tool is pinned below, built from its Go module (fetched through the Go module proxy) in a throwaway
# module under .oracles/build, checked by its own version command, and skipped when .oracles/bin already
# holds that version. Go's module cache ($(go env GOMODCACHE)) and build cache ($(go env GOCACHE)) make a
# second run fast and offline (GOPROXY=off works once the caches are warm).
#
# Usage: scripts/oracles.sh [tool...]   (default: all; tools: kubeconform kustomize etcd kube-apiserver
#        kube-controller-manager kube-scheduler kwok source-controller kustomize-controller flux)
set -euo pipefail
cd "$(dirname "$0")/.."

KUBECONFORM_VERSION=v0.7.0
KUSTOMIZE_VERSION=v5.6.0 # the Kustomize that kubectl 1.33 carries
KUBERNETES_VERSION=v1.33.13 # kube-apiserver; the committed schemas are v1.33.0
ETCD_VERSION=v3.6.16
FLUX_VERSION=v2.9.5
KWOK_VERSION=v0.8.0
# The controllers Flux v2.9.5 ships (v1.10 needs Go 1.27).
SOURCE_CONTROLLER_VERSION=v1.9.6
KUSTOMIZE_CONTROLLER_VERSION=v1.9.6

ROOT=$PWD
# ORACLES_DIR moves the output (default .oracles; e.g. to time a cold build with empty GOCACHE/GOMODCACHE).
OUT=${ORACLES_DIR:-$ROOT/.oracles}
BIN=$OUT/bin
WORK=$OUT/build
mkdir -p "$BIN" "$WORK"

if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then PATH=$PATH:/usr/local/go/bin; else
    echo "oracles: Go is not on PATH (https://go.dev/dl/; CI uses actions/setup-go)" >&2; exit 2
  fi
fi

export CGO_ENABLED=0 GOFLAGS="-trimpath -buildvcs=false" GOMAXPROCS=${GOMAXPROCS:-2}
LDFLAGS="-s -w"

# have NAME WANT CMD...: true when .oracles/bin/NAME exists and CMD's output contains WANT.
have() {
  local name=$1 want=$2; shift 2
  [ -x "$BIN/$name" ] || return 1
  local out; out=$("$@" 2>&1) || return 1 # whole output first: grep -q in a pipe could SIGPIPE the tool
  grep -qF -- "$want" <<<"$out"
}

# check NAME WANT CMD...: after a build, the version command must name the pinned version.
check() {
  local name=$1 want=$2; shift 2
  local out; out=$("$@" 2>&1) || true
  out=$(head -3 <<<"$out" | tr '\n' ' ')
  if ! grep -qF -- "$want" <<<"$out"; then
    echo "oracles: $name reports '$out', expected $want" >&2; exit 1
  fi
  echo "oracles: $name ok: $out($(du -h "$BIN/$name" | cut -f1))"
  BUILT=1
}

# quiet CMD...: run CMD, show its output only when it fails.
quiet() {
  local out
  if ! out=$("$@" 2>&1); then echo "$out" >&2; return 1; fi
}

timed() {
  local name=$1; shift
  local t0=$SECONDS
  BUILT=0
  "$@"
  [ "$BUILT" = 0 ] || echo "oracles: $name built in $((SECONDS - t0)) s"
}

# A throwaway module in .oracles/build/NAME that requires MODULE@VERSION, for builds that need replace
# directives or -ldflags -X; go.sum comes from the checksum database through the proxy.
throwaway_module() {
  local dir=$1 module=$2 version=$3
  rm -rf "$dir"; mkdir -p "$dir"
  printf 'module oracles/%s\n\ngo 1.24\n\nrequire %s %s\n' "$(basename "$dir")" "$module" "$version" >"$dir/go.mod"
}

build_kubeconform() {
  have kubeconform "$KUBECONFORM_VERSION" "$BIN/kubeconform" -v && { echo "oracles: kubeconform $KUBECONFORM_VERSION present"; return; }
  # kubeconform's -v prints main.version, which its release builds set through -ldflags.
  local dir=$WORK/kubeconform
  throwaway_module "$dir" github.com/yannh/kubeconform "$KUBECONFORM_VERSION"
  (cd "$dir" && quiet go get github.com/yannh/kubeconform/cmd/kubeconform@"$KUBECONFORM_VERSION" &&
    go build -p 2 -ldflags "$LDFLAGS -X main.version=$KUBECONFORM_VERSION" -o "$BIN/kubeconform" github.com/yannh/kubeconform/cmd/kubeconform)
  check kubeconform "$KUBECONFORM_VERSION" "$BIN/kubeconform" -v
}

build_kustomize() {
  have kustomize "$KUSTOMIZE_VERSION" "$BIN/kustomize" version && { echo "oracles: kustomize $KUSTOMIZE_VERSION present"; return; }
  # `kustomize version` prints provenance.version, which release builds set through -ldflags. A throwaway
  # module rather than `go install pkg@version`, which asks the proxy about deprecations even when cached.
  local dir=$WORK/kustomize
  throwaway_module "$dir" sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
  (cd "$dir" && quiet go get sigs.k8s.io/kustomize/kustomize/v5@"$KUSTOMIZE_VERSION" &&
    go build -p 2 -ldflags "$LDFLAGS -X sigs.k8s.io/kustomize/api/provenance.version=$KUSTOMIZE_VERSION" \
      -o "$BIN/kustomize" sigs.k8s.io/kustomize/kustomize/v5)
  check kustomize "$KUSTOMIZE_VERSION" "$BIN/kustomize" version
}

build_etcd() {
  local want=${ETCD_VERSION#v}
  have etcd "etcd Version: $want" "$BIN/etcd" --version && { echo "oracles: etcd $ETCD_VERSION present"; return; }
  # The etcd binary is the main package at the root of go.etcd.io/etcd/server/v3; its go.mod has replace
  # directives, which `go install pkg@version` refuses, so it is built from a throwaway module.
  local dir=$WORK/etcd
  throwaway_module "$dir" go.etcd.io/etcd/server/v3 "$ETCD_VERSION"
  (cd "$dir" && quiet go get go.etcd.io/etcd/server/v3@"$ETCD_VERSION" &&
    go build -p 2 -ldflags "$LDFLAGS" -o "$BIN/etcd" go.etcd.io/etcd/server/v3)
  check etcd "etcd Version: $want" "$BIN/etcd" --version
}

# build_kube NAME: a Kubernetes component (cmd/NAME) at KUBERNETES_VERSION. All share one throwaway module, so the
# second and third reuse the first one's build cache.
build_kube() {
  local name=$1
  have "$name" "Kubernetes $KUBERNETES_VERSION" "$BIN/$name" --version && { echo "oracles: $name $KUBERNETES_VERSION present"; return; }
  # k8s.io/kubernetes requires its staging modules (k8s.io/api, k8s.io/apiserver, ...) at v0.0.0 and
  # replaces them with ./staging/src/...; a module that requires k8s.io/kubernetes must replace each of
  # them with its published version, v0.X.Y for Kubernetes v1.X.Y.
  local dir=$WORK/kubernetes staging=v0.${KUBERNETES_VERSION#v1.}
  if ! grep -qF "k8s.io/kubernetes $KUBERNETES_VERSION" "$dir/go.mod" 2>/dev/null; then
    throwaway_module "$dir" k8s.io/kubernetes "$KUBERNETES_VERSION"
    local gomod; gomod=$(cd "$dir" && go mod download -json k8s.io/kubernetes@"$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    {
      echo; echo 'replace ('
      sed -n 's#^\s*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/.*#\t\1 => \1 '"$staging"'#p' "$gomod"
      echo ')'
    } >>"$dir/go.mod"
  fi
  local v=k8s.io/component-base/version
  local x="-X $v.gitVersion=$KUBERNETES_VERSION -X $v.gitMajor=1 -X $v.gitMinor=$(cut -d. -f2 <<<"$KUBERNETES_VERSION") -X $v.gitTreeState=clean"
  (cd "$dir" && quiet go get k8s.io/kubernetes/cmd/"$name"@"$KUBERNETES_VERSION" &&
    go build -p 2 -ldflags "$LDFLAGS $x" -o "$BIN/$name" k8s.io/kubernetes/cmd/"$name")
  check "$name" "Kubernetes $KUBERNETES_VERSION" "$BIN/$name" --version
}

# KWOK simulates nodes and their pods for the sync suite; it needs stages to act at all ("no stages found"):
# its own kustomize/stage/fast stages, copied from the module next to the binary.
build_kwok() {
  have kwok "$KWOK_VERSION" "$BIN/kwok" --version && [ -d "$OUT/kwok-stages" ] && { echo "oracles: kwok $KWOK_VERSION present"; return; }
  local dir=$WORK/kwok
  throwaway_module "$dir" sigs.k8s.io/kwok "$KWOK_VERSION"
  (cd "$dir" && quiet go get sigs.k8s.io/kwok/cmd/kwok@"$KWOK_VERSION" &&
    go build -p 2 -ldflags "$LDFLAGS -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v}" -o "$BIN/kwok" sigs.k8s.io/kwok/cmd/kwok)
  local src; src=$(cd "$dir" && go mod download -json sigs.k8s.io/kwok@"$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  rm -rf "$OUT/kwok-stages"; mkdir -p "$OUT/kwok-stages"
  local f
  for f in "$src"/kustomize/stage/node/fast/*.yaml "$src"/kustomize/stage/pod/fast/*.yaml; do
    [ "$(basename "$f")" = kustomization.yaml ] || cp "$f" "$OUT/kwok-stages/"
  done
  chmod -R u+w "$OUT/kwok-stages"
  check kwok "${KWOK_VERSION#v}" "$BIN/kwok" --version
}

# A Flux controller (NAME is source-controller or kustomize-controller) at VERSION, run outside the cluster by
# the sync suite, with its CRDs copied from the module's config/crd/bases. The module's own go.mod replaces
# ./api, a nested module the module zip lacks: a throwaway module ignores that replace and requires the
# published api module at the same version instead.
build_flux_controller() {
  local name=$1 version=$2
  have "$name" "$version" cat "$OUT/flux-$name.version" && [ -x "$BIN/$name" ] && { echo "oracles: $name $version present"; return; }
  local dir=$WORK/$name
  throwaway_module "$dir" github.com/fluxcd/"$name" "$version"
  # The controller's own replace directives apply only in its own module: carry them over (all but ./api),
  # e.g. source-controller's go-digest with BLAKE3.
  local gomod; gomod=$(cd "$dir" && go mod download -json github.com/fluxcd/"$name"@"$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  { echo; grep -E '^replace [^(]+ => [^.]' "$gomod" || true; } >>"$dir/go.mod"
  # source-controller v1.9.6 requires github.com/fluxcd/pkg/artifact v0.18.3, whose zip the module proxy
  # refuses; v0.18.1 builds.
  if [ "$name" = source-controller ]; then printf '\nreplace github.com/fluxcd/pkg/artifact => github.com/fluxcd/pkg/artifact v0.18.1\n' >>"$dir/go.mod"; fi
  (cd "$dir" && quiet go get github.com/fluxcd/"$name"@"$version" github.com/fluxcd/"$name"/api@"$version" &&
    go build -p 2 -ldflags "$LDFLAGS" -o "$BIN/$name" github.com/fluxcd/"$name")
  local src; src=$(cd "$dir" && go mod download -json github.com/fluxcd/"$name"@"$version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  mkdir -p "$OUT/flux-crds"
  cp "$src"/config/crd/bases/*.yaml "$OUT/flux-crds/"
  chmod u+w "$OUT"/flux-crds/*.yaml
  # The controllers print no version: the pinned one is recorded beside them once the build succeeded.
  echo "$version" >"$OUT/flux-$name.version"
  check "$name" "$version" cat "$OUT/flux-$name.version"
}

build_flux() {
  # Not buildable from the module proxy: cmd/flux embeds manifests/*.yaml (//go:embed), which flux2's
  # Makefile generates at build time from the controllers' release manifests on GitHub; the module zip
  # holds no such files, so `go build` stops with "pattern manifests/*.yaml: no matching files found".
  echo "oracles: flux $FLUX_VERSION cannot be built from its Go module (cmd/flux embeds manifests that flux2's Makefile downloads from GitHub at build time)" >&2
  return 1
}

tools=("$@")
# The default: the judges of `npm run test:oracles` and the simulated cluster of `npm run test:sync`.
SYNC_TOOLS=(kube-controller-manager kube-scheduler kwok source-controller kustomize-controller)
[ ${#tools[@]} -gt 0 ] || tools=(kubeconform kustomize etcd kube-apiserver "${SYNC_TOOLS[@]}")
[ "${tools[0]}" != sync ] || tools=(etcd kube-apiserver "${SYNC_TOOLS[@]}")
for t in "${tools[@]}"; do
  case $t in
    kubeconform) timed kubeconform build_kubeconform ;;
    kustomize) timed kustomize build_kustomize ;;
    etcd) timed etcd build_etcd ;;
    kube-apiserver | kube-controller-manager | kube-scheduler) timed "$t" build_kube "$t" ;;
    kwok) timed kwok build_kwok ;;
    source-controller) timed "$t" build_flux_controller "$t" "$SOURCE_CONTROLLER_VERSION" ;;
    kustomize-controller) timed "$t" build_flux_controller "$t" "$KUSTOMIZE_CONTROLLER_VERSION" ;;
    flux) timed flux build_flux ;;
    *) echo "oracles: unknown tool $t" >&2; exit 2 ;;
  esac
done
