#!/usr/bin/env bash
#
# Builds the Kubernetes test peers: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
# kubectl of one Kubernetes release, and kwok (the simulated node that runs pods without a kubelet),
# from Go modules through the Go module proxy (CI has no Docker and cannot download release
# binaries). They go to a cache outside the repository, where the tests find them (tests/pom.xml,
# labctl.kube.bin):
#
#   ${LABCTL_PEERS:-$HOME/.cache/labctl-peers}/kube-<version>/bin/{etcd,kube-*,kubectl,kwok}
#   ${LABCTL_PEERS:-$HOME/.cache/labctl-peers}/kube-<version>/share/kwok-stages.yaml
#
# Idempotent: when all of them are there it does nothing. The release is the one tests/pom.xml
# names (kube.peers.version), so the script and the tests cannot disagree.
#
set -euo pipefail
# the whole script is one function, read before it runs: editing this file during a build is harmless
main() {
repo="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"

kube_version=$(sed -n 's:.*<kube.peers.version>\(v[0-9.]*\)</kube.peers.version>.*:\1:p' "$repo/tests/pom.xml")
[ -n "$kube_version" ] || { echo "kube peers: no <kube.peers.version> in tests/pom.xml" >&2; exit 1; }
# the k8s.io/* staging modules of release v1.X.Y are tagged v0.X.Y
staging_version="v0.${kube_version#v1.}"
# kwok, the simulated node: a client of the API server, built on this release's k8s.io libraries
kwok_version=v0.8.0

dest="${LABCTL_PEERS:-$HOME/.cache/labctl-peers}/kube-${kube_version}"
peers=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok)

have_all() {
    for p in "${peers[@]}"; do [ -x "$dest/bin/$p" ] || return 1; done
    [ -f "$dest/share/kwok-stages.yaml" ]
}
if have_all; then
    echo "kube peers: ${kube_version} in $dest/bin"
    exit 0
fi

command -v go >/dev/null 2>&1 || { echo "kube peers: need Go 1.26 or newer on PATH (Debian 12's golang is too old)" >&2; exit 1; }
# a shared machine: build at low priority and with at most two packages at once
export GOFLAGS="${GOFLAGS:-} -p=${KUBE_PEERS_JOBS:-2} -trimpath"
export CGO_ENABLED=0
nice_cmd=(nice -n "${KUBE_PEERS_NICE:-10}")

work=$(mktemp -d "${TMPDIR:-/tmp}/labctl-kube-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/mod/etcd" "$work/bin"
cd "$work/mod"

started=$(date +%s)
step() { echo "kube peers: $*"; }
# go get's list of what it downloads and adds, without hiding its errors
quiet() { grep -v '^go: \(downloading\|added\|upgraded\|finding\)' || true; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# One module that requires k8s.io/kubernetes and points every staging module its go.mod replaces
# with ./staging/src/k8s.io/X at k8s.io/X of the same release (kubernetes' go.mod requires them as
# v0.0.0, which no proxy serves). The replace lines are derived from that go.mod, not typed here.
step "resolving k8s.io/kubernetes@${kube_version}"
t=$(date +%s)
kube_mod=$(go mod download -json "k8s.io/kubernetes@${kube_version}" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
[ -f "$kube_mod" ] || { echo "kube peers: could not download k8s.io/kubernetes@${kube_version}" >&2; exit 1; }
gomod() {
    echo "module $1"
    echo
    echo "go $(sed -n 's/^go \([0-9.]*\)$/\1/p' "$kube_mod")"
    echo
    echo "require $2"
    echo
    echo "replace ("
    sed -n "s:^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/src/k8s.io/[a-z0-9-]*\$:\t\1 => \1 ${staging_version}:p" "$kube_mod"
    echo ")"
}
gomod labctl.test/kubepeers "k8s.io/kubernetes ${kube_version}" > go.mod
mkdir -p "$work/kwok"
gomod labctl.test/kwokpeer "sigs.k8s.io/kwok ${kwok_version}" > "$work/kwok/go.mod"
# etcd's own main package is in the root module go.etcd.io/etcd/v3, which only calls etcdmain.Main;
# building it here takes etcd at the version Kubernetes itself is tested with (its go.mod's server/v3)
cat > etcd/main.go <<'EOF'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
etcd_version=$(sed -n 's:^[[:space:]]*go.etcd.io/etcd/server/v3 \(v[0-9.]*\).*:\1:p' "$kube_mod")
[ -n "$etcd_version" ] || { echo "kube peers: k8s.io/kubernetes@${kube_version} names no etcd server version" >&2; exit 1; }
"${nice_cmd[@]}" go get "k8s.io/kubernetes/cmd/kube-apiserver@${kube_version}" "k8s.io/kubernetes/cmd/kubectl@${kube_version}" \
    "k8s.io/kubernetes/cmd/kube-controller-manager@${kube_version}" "k8s.io/kubernetes/cmd/kube-scheduler@${kube_version}" \
    "go.etcd.io/etcd/server/v3/etcdmain@${etcd_version}" 2>&1 | quiet
step "resolved in $(elapsed "$t"): kubernetes ${kube_version}, etcd ${etcd_version}, kwok ${kwok_version}"

# the version the binaries report (kubectl version, /version), as Kubernetes' own build stamps it
minor=${kube_version#v1.}; minor=${minor%%.*}
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    stamp+=" -X ${pkg}.gitVersion=${kube_version} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor}"
    stamp+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=1970-01-01T00:00:00Z"
done

build() {
    local name=$1; shift
    local t; t=$(date +%s)
    step "building ${name} ..."
    "${nice_cmd[@]}" go build "$@"
    step "built ${name} in $(elapsed "$t")"
}
build kube-apiserver -ldflags="-s -w${stamp}" -o "$work/bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
build kubectl -ldflags="-s -w${stamp}" -o "$work/bin/kubectl" k8s.io/kubernetes/cmd/kubectl
# controllers (Deployments make pods, namespaces get deleted) and the scheduler (pods get a node):
# about a quarter of the whole build's time, for a cluster that behaves as a real one
build kube-controller-manager -ldflags="-s -w${stamp}" -o "$work/bin/kube-controller-manager" k8s.io/kubernetes/cmd/kube-controller-manager
build kube-scheduler -ldflags="-s -w${stamp}" -o "$work/bin/kube-scheduler" k8s.io/kubernetes/cmd/kube-scheduler
build etcd -ldflags="-s -w" -o "$work/bin/etcd" ./etcd
# kwok: its own module, which takes the k8s.io libraries of the same release through the same
# replace lines, so that it talks to this API server with its client and reuses what was compiled
# above (built apart on its own go.mod it took three times as long); the Kubernetes binaries keep
# exactly the versions Kubernetes' go.mod names
(cd "$work/kwok" && "${nice_cmd[@]}" go get "sigs.k8s.io/kwok/cmd/kwok@${kwok_version}" 2>&1 | quiet)
(cd "$work/kwok" && build kwok \
    -ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${kwok_version} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${kube_version}" \
    -o "$work/bin/kwok" sigs.k8s.io/kwok/cmd/kwok)
# the kwok binary brings no stages (what a simulated node and its pods go through): kwokctl embeds
# these from kwok's module, so take them from there, as it does
kwok_dir=$(go mod download -json "sigs.k8s.io/kwok@${kwok_version}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
mkdir -p "$work/share"
for stage in node/fast/node-initialize node/heartbeat/node-heartbeat pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    echo "---"
    cat "$kwok_dir/kustomize/stage/$stage.yaml"
done > "$work/share/kwok-stages.yaml"

printf 'kubernetes %s\netcd %s\nkwok %s\n' "$kube_version" "$etcd_version" "$kwok_version" > "$work/VERSIONS"
"$work/bin/kubectl" version --client >/dev/null
"$work/bin/etcd" --version >/dev/null
mkdir -p "$dest"
rm -rf "$dest/bin.new" "$dest/share" && mv "$work/bin" "$dest/bin.new"
mv "$work/VERSIONS" "$dest/VERSIONS" && mv "$work/share" "$dest/share"
rm -rf "$dest/bin" && mv "$dest/bin.new" "$dest/bin"
step "${kube_version} ready in $dest/bin after $(elapsed "$started")"
}
main "$@"
