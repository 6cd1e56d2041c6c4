#!/usr/bin/env bash
#
# labd's kubectl proxy against the API server itself and `kubectl proxy`, in the same run (issue 18's goal:
# through labd, <= 1.2x the direct latency and >= 0.8x the direct list throughput). See ClustersBench.java for
# what is measured. labd is started for the run (./lab up in a temporary directory); etcd and kube-apiserver
# are the tests' peers (.ci/peers/kube.sh builds them once), started on loopback by the tests' harness.
#
# usage: bench/clusters/clusters.sh [PODS [ROUNDS [EVENTS]]]   (default 500 15 50; build first: ./lab build
#        and mvn -o -q test-compile -pl tests)
#   PORT=18670
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
PORT=${PORT:-18670}
DATA=$(mktemp -d /tmp/labd-clusters-bench-XXXXXX)
export LAB_NO_BUILD=1
cleanup() {
    "$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT

"$ROOT/.ci/peers/kube.sh" >&2
VERSION=$(sed -n 's:.*<kube.peers.version>\(.*\)</kube.peers.version>.*:\1:p' "$ROOT/tests/pom.xml")
PEERS=${LABCTL_PEERS:-$HOME/.cache/labctl-peers}/kube-$VERSION
[ -d "$ROOT/tests/target/test-classes/org/labctl/tests/harness" ] || { echo "clusters.sh: build the tests first (mvn -o -q test-compile -pl tests)" >&2; exit 1; }
(cd "$ROOT" && mvn -o -q dependency:build-classpath -pl tests -Dmdep.includeScope=test -Dmdep.outputFile="$DATA/classpath") >/dev/null

"$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null
java -Dlabctl.kube.bin="$PEERS/bin" -Dlabctl.work="$DATA/work" -Dlabctl.root="$ROOT" \
    -cp "$ROOT/tests/target/test-classes:$(cat "$DATA/classpath")" "$ROOT/bench/clusters/ClustersBench.java" \
    "$ROOT/bin/labctl" "$DATA/admin.labctl.yaml" "$@"
