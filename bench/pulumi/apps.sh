#!/usr/bin/env bash
#
# `labctl apps install` of the labd app against `helm install --wait` of the equivalent chart, on one
# kube-apiserver, in the same run (issue 19: report both times). See AppsBench.java for what is measured. labd is
# started for the run (./lab up in a temporary directory); etcd, kube-apiserver, its controllers and kwok are the
# tests' peers (.ci/peers/kube.sh), the engine and helm the ones .ci/peers/pulumi.sh --with-helm builds.
#
# usage: bench/pulumi/apps.sh [ROUNDS]   (default 5; build first: ./lab build, mvn -o -q install -f apps/pom.xml,
#        mvn -o -q test-compile -pl tests)
#   PORT=18691
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
ROUNDS=${1:-5}
PORT=${PORT:-18691}
DATA=$(mktemp -d /tmp/labd-apps-bench-XXXXXX)
export LAB_NO_BUILD=1
cleanup() {
    "$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT

"$ROOT/.ci/peers/kube.sh" >&2
"$ROOT/.ci/peers/pulumi.sh" --with-helm >&2
PEERS=${LABCTL_PEERS:-$HOME/.cache/labctl-peers}
KUBE=$PEERS/kube-$(sed -n 's:.*<kube.peers.version>\(.*\)</kube.peers.version>.*:\1:p' "$ROOT/tests/pom.xml")
BIN=$PEERS/pulumi-$(sed -n 's:.*<pulumi.peers.version>\(.*\)</pulumi.peers.version>.*:\1:p' "$ROOT/tests/pom.xml")/bin
JAR=$ROOT/apps/labd/target/labd-app.jar
[ -f "$JAR" ] || { echo "apps.sh: build the apps first (mvn -o -q install -f apps/pom.xml)" >&2; exit 1; }
[ -d "$ROOT/tests/target/test-classes/org/labctl/tests/harness" ] || { echo "apps.sh: build the tests first (mvn -o -q test-compile -pl tests)" >&2; exit 1; }
(cd "$ROOT" && mvn -o -q dependency:build-classpath -pl tests -Dmdep.includeScope=test -Dmdep.outputFile="$DATA/classpath") >/dev/null

LABCTL_PULUMI_BIN=$BIN "$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null
java -Dlabctl.kube.bin="$KUBE/bin" -Dlabctl.work="$DATA/work" -Dlabctl.root="$ROOT" \
    -cp "$ROOT/tests/target/test-classes:$(cat "$DATA/classpath")" "$ROOT/bench/pulumi/AppsBench.java" \
    "$ROOT/bin/labctl" "$DATA/admin.labctl.yaml" "$BIN/helm" "$ROOT/bench/pulumi/charts/labd" "$ROUNDS" "$JAR" "$BIN"
