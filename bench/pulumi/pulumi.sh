#!/usr/bin/env bash
#
# A no-op apply through labd against the same program run with the pulumi CLI by hand, in the same run (issue
# 19's goal: labd <= 1.1x the CLI). The program is tests/example-pulumi (component resources: no cloud needed);
# the engine, its Java language host and the program are the same in every case.
#
#   labd        labctl apply --yes: labctl's JVM, labd's bookkeeping, the engine on labd's copy of the stack
#   cli         pulumi up --yes --skip-preview in a project directory with a file backend, as a user would
#   cli+cds     the same with labd's java launcher (class data sharing, C1, serial GC) on its PATH: the engine's
#               own time as labd runs it, so labd - cli+cds is what labd itself adds
#
# Each round runs the three one after the other; medians over ROUNDS (after one warm-up of each).
#
# usage: bench/pulumi/pulumi.sh [ROUNDS]   (default 10; build first: ./lab build, mvn -o -q install -pl tests/example-pulumi)
#   PORT=18690
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
ROUNDS=${1:-10}
PORT=${PORT:-18690}
DATA=$(mktemp -d /tmp/labd-pulumi-bench-XXXXXX)
export LAB_NO_BUILD=1
cleanup() {
    "$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT

"$ROOT/.ci/peers/pulumi.sh" >&2
VERSION=$(sed -n 's:.*<pulumi.peers.version>\(.*\)</pulumi.peers.version>.*:\1:p' "$ROOT/tests/pom.xml")
BIN=${LABCTL_PEERS:-$HOME/.cache/labctl-peers}/pulumi-$VERSION/bin
JAR=$ROOT/tests/example-pulumi/target/example-pulumi.jar
[ -f "$JAR" ] || { echo "pulumi.sh: build the program first (mvn -o -q install -pl tests/example-pulumi)" >&2; exit 1; }

LABCTL_PULUMI_BIN=$BIN "$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null
export LABCTL_CONFIG=$DATA/admin.labctl.yaml
labctl=$ROOT/bin/labctl
$labctl create environment bench --cloud baremetal >/dev/null

# the CLI's own project: the same jar, a file backend, plugins from the same directory
project=$DATA/cli/project
mkdir -p "$project" "$DATA/cli/state" "$DATA/cli/home" "$DATA/cli/cds"
cp "$JAR" "$project/app.jar"
printf 'name: example-pulumi\nruntime:\n  name: java\n  options:\n    binary: app.jar\nplugins:\n  languages:\n    - name: java\n      path: %s\n  providers:\n    - name: kubernetes\n      path: %s\n' \
    "$BIN" "$BIN" > "$project/Pulumi.yaml"
cli_env=(env PATH="$BIN:$PATH" PULUMI_HOME="$DATA/cli/home" PULUMI_BACKEND_URL="file://$DATA/cli/state"
    PULUMI_CONFIG_PASSPHRASE=bench PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true)
launcher=$DATA/pulumi/java   # labd's data directory is DATA (./lab up)
cds_env=(env PATH="$launcher:$BIN:$PATH" PULUMI_HOME="$DATA/cli/home" PULUMI_BACKEND_URL="file://$DATA/cli/state"
    PULUMI_CONFIG_PASSPHRASE=bench PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
    LABD_JAVA="$(command -v java)" LABD_CDS_DIR="$DATA/cli/cds" LABD_PROGRAM=bench)
(cd "$project" && "${cli_env[@]}" pulumi stack init bench >/dev/null)

now() { date +%s%N; }
labd_apply() { $labctl apply -f "$JAR" --env bench --yes >/dev/null 2>&1; }
cli_up() { (cd "$project" && "${cli_env[@]}" pulumi up --yes --skip-preview --stack bench >/dev/null 2>&1); }
cds_up() { (cd "$project" && "${cds_env[@]}" pulumi up --yes --skip-preview --stack bench >/dev/null 2>&1); }
timed() { local t; t=$(now); "$@"; echo $(( ($(now) - t) / 1000000 )); }

# warm-up: the first apply creates the stack's resources; the second run of each fills the class data archives
for f in labd_apply cli_up cds_up labd_apply cds_up; do "$f"; done

labd_ms=(); cli_ms=(); cds_ms=()
for ((i = 0; i < ROUNDS; i++)); do
    labd_ms+=("$(timed labd_apply)")
    cli_ms+=("$(timed cli_up)")
    cds_ms+=("$(timed cds_up)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
m_labd=$(median "${labd_ms[@]}"); m_cli=$(median "${cli_ms[@]}"); m_cds=$(median "${cds_ms[@]}")
echo "no-op apply, median of $ROUNDS (ms): labd $m_labd, pulumi CLI $m_cli, pulumi CLI with labd's java launcher $m_cds"
awk -v l="$m_labd" -v c="$m_cli" -v d="$m_cds" 'BEGIN {
    printf "labd/cli %.2f (goal <= 1.1)   labd/cli+cds %.2f (what labd adds: %d ms)\n", l / c, l / d, l - d }'
echo "rounds (ms): labd ${labd_ms[*]} | cli ${cli_ms[*]} | cli+cds ${cds_ms[*]}"
