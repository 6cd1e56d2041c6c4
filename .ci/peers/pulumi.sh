#!/usr/bin/env bash
#
# Builds the infrastructure-as-code test peers from Go modules through the Go module proxy (CI has
# no Docker and cannot download release binaries): the pulumi engine (CLI), its Java language host,
# the Kubernetes resource provider, and helm (the baseline `apps install` is compared with). They go
# to a cache outside the repository:
#
#   ${LABCTL_PEERS:-$HOME/.cache/labctl-peers}/pulumi-<version>/bin/{pulumi,pulumi-language-java,pulumi-resource-kubernetes,helm}
#
# The tests need the engine, the language host and the provider; helm only the benchmark (bench/pulumi):
# `pulumi.sh` builds the first three, `pulumi.sh --with-helm` helm too. The pulumi version is the one
# tests/pom.xml names (<pulumi.peers.version>), so the script and the tests agree.
#
# Idempotent: when all of them are there it does nothing. Each binary is built in a throwaway module
# of its own that requires it and copies the replace lines of its go.mod that do not point into its
# own repository (`go install M@V` refuses a module with replace lines), so each gets the
# dependencies its release was tested with.
#
# Versions: the newest the proxy serves here. The Java language host moved to the root module
# github.com/pulumi/pulumi-java after v1.22.0, and no version of that module is served; the
# Kubernetes provider module has one version served, a pseudo-version of 2026-01-15 (v4.25.0).
#
set -euo pipefail
# the whole script is one function, read before it runs: editing this file during a build is harmless
main() {
repo=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
pulumi_version=$(sed -n 's:.*<pulumi.peers.version>\(v[0-9.]*\)</pulumi.peers.version>.*:\1:p' "$repo/tests/pom.xml")
[ -n "$pulumi_version" ] || { echo "pulumi peers: no <pulumi.peers.version> in tests/pom.xml" >&2; exit 1; }
with_helm=false
[ "${1:-}" = --with-helm ] && with_helm=true
java_host_version=v1.22.0
provider_module=github.com/pulumi/pulumi-kubernetes/provider/v4
provider_pseudo=v4.0.0-20260115033456-f47bc2d6f199
provider_version=4.25.0
helm_version=v4.3.2

dest="${LABCTL_PEERS:-$HOME/.cache/labctl-peers}/pulumi-${pulumi_version}"
peers=(pulumi pulumi-language-java pulumi-resource-kubernetes)
$with_helm && peers+=(helm)
have_all() {
    for p in "${peers[@]}"; do [ -x "$dest/bin/$p" ] || return 1; done
}
if have_all; then
    echo "pulumi peers: ${pulumi_version} in $dest/bin"
    exit 0
fi

command -v go >/dev/null 2>&1 || { echo "pulumi peers: need Go 1.26 or newer on PATH (Debian 12's golang is too old)" >&2; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "pulumi peers: need python3 (to stamp the provider's schema)" >&2; exit 1; }
export GOFLAGS="${GOFLAGS:-} -p=${PULUMI_PEERS_JOBS:-2} -trimpath -buildvcs=false"
export CGO_ENABLED=0
nice_cmd=(nice -n "${PULUMI_PEERS_NICE:-10}")

work=$(mktemp -d "${TMPDIR:-/tmp}/labctl-pulumi-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
# what is built already stays: a second call with --with-helm builds helm alone
if [ -d "$dest/bin" ]; then cp -a "$dest/bin/." "$work/bin/"; fi
started=$(date +%s)
step() { echo "pulumi peers: $*"; }
quiet() { grep -v '^go: \(downloading\|added\|upgraded\|finding\)' || true; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

# module_file MODULE@VERSION FIELD: a field of `go mod download -json` (GoMod, Dir)
module_file() {
    go mod download -json "$1" | sed -n "s/^[[:space:]]*\"$2\": \"\(.*\)\",\$/\1/p"
}
# wrapper NAME MODULE@VERSION: a module in $work/NAME requiring MODULE@VERSION, with the replace
# lines of its go.mod that name another module (not ../sdk and the like)
wrapper() {
    local dir=$work/$1 gomod
    gomod=$(module_file "$2" GoMod)
    [ -f "$gomod" ] || { echo "pulumi peers: could not download $2" >&2; exit 1; }
    mkdir -p "$dir"
    (
        cd "$dir"
        go mod init "labctl.test/$1" >/dev/null 2>&1
        go mod edit -go="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
        # "replace A => B vX" alone or in a block; a target starting with . or / is the module's own tree
        sed -n 's/^\(replace[[:space:]]\+\)\?[[:space:]]*\([^[:space:]()]\+\)\( [^[:space:]]\+\)\? => \([^./[:space:]][^[:space:]]*\) \(v[^[:space:]]\+\)$/\2=\4@\5/p' "$gomod" |
            while read -r line; do go mod edit -replace "$line"; done
    )
}
build() {
    local name=$1 dir=$2; shift 2
    local t; t=$(date +%s)
    step "building ${name} ..."
    (cd "$dir" && "${nice_cmd[@]}" go build "$@")
    step "built ${name} in $(elapsed "$t")"
}

missing() { [ ! -x "$work/bin/$1" ]; }
step "resolving pulumi ${pulumi_version}, pulumi-java ${java_host_version}, kubernetes provider ${provider_version}$($with_helm && echo ", helm ${helm_version}")"
if missing pulumi; then
    wrapper pulumi "github.com/pulumi/pulumi/pkg/v3@${pulumi_version}"
    (cd "$work/pulumi" && go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@${pulumi_version}" 2>&1 | quiet)
fi
if missing pulumi-language-java; then
    wrapper java "github.com/pulumi/pulumi-java/pkg@${java_host_version}"
    (cd "$work/java" && go get "github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java@${java_host_version}" 2>&1 | quiet)
fi

if missing pulumi-resource-kubernetes; then
# the provider's own main package embeds two files its go:generate step writes, which its module
# does not carry: the same main here, with those files made as generate.go makes them
wrapper provider "${provider_module}@${provider_pseudo}"
provider_dir=$(module_file "${provider_module}@${provider_pseudo}" Dir)
cat > "$work/provider/main.go" <<'EOF'
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
EOF
python3 - "$provider_dir/cmd/pulumi-resource-kubernetes" "$work/provider" "$provider_version" <<'EOF'
import json, sys
source, target, version = sys.argv[1:]
schema = json.load(open(source + "/schema.json"))
schema["version"] = version
json.dump(schema, open(target + "/schema-embed.json", "w"), separators=(",", ":"))
json.dump(json.load(open(source + "/terraform-mapping.json")), open(target + "/terraform-mapping-embed.json", "w"),
          separators=(",", ":"))
EOF
(cd "$work/provider" && go get "${provider_module}@${provider_pseudo}" 2>&1 | quiet && go mod tidy 2>&1 | quiet)
fi
step "resolved in $(elapsed "$started")"

missing pulumi && build pulumi "$work/pulumi" -ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${pulumi_version}" \
    -o "$work/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
missing pulumi-language-java && build pulumi-language-java "$work/java" -ldflags="-s -w -X github.com/pulumi/pulumi-java/pkg/version.Version=${java_host_version#v}" \
    -o "$work/bin/pulumi-language-java" github.com/pulumi/pulumi-java/pkg/cmd/pulumi-language-java
missing pulumi-resource-kubernetes && build pulumi-resource-kubernetes "$work/provider" \
    -ldflags="-s -w -X ${provider_module}/pkg/version.Version=${provider_version}" -o "$work/bin/pulumi-resource-kubernetes" .
if $with_helm && missing helm; then
    t=$(date +%s)
    step "building helm ..."
    GOBIN="$work/bin" "${nice_cmd[@]}" go install -ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=${helm_version}" \
        "helm.sh/helm/v4/cmd/helm@${helm_version}"
    step "built helm in $(elapsed "$t")"
fi

"$work/bin/pulumi" version >/dev/null
if $with_helm; then "$work/bin/helm" version >/dev/null; fi
printf 'pulumi %s\npulumi-language-java %s\npulumi-resource-kubernetes %s (%s)\nhelm %s\n' "$pulumi_version" \
    "$java_host_version" "$provider_version" "$provider_pseudo" "$helm_version" > "$work/bin/VERSIONS"
mkdir -p "$dest"
rm -rf "$dest/bin.new" && mv "$work/bin" "$dest/bin.new"
rm -rf "$dest/bin" && mv "$dest/bin.new" "$dest/bin"
step "${pulumi_version} ready in $dest/bin after $(elapsed "$started")"
}
main "$@"
