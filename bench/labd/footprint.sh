#!/usr/bin/env bash
#
# labd start-up and footprint: time from `./lab up` to a healthy labd with its local agent Ready
# (first start with initdb and enrollment, then a warm restart), and the idle memory of labd (JVM),
# its embedded PostgreSQL and the local lab-agent runtime.
#
# usage: bench/labd/footprint.sh [--port N]     (builds nothing: run ./lab build first)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
PORT=18600
[ "${1:-}" = --port ] && PORT=$2
DATA=$(mktemp -d /tmp/labd-bench-XXXXXX)
trap '"$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT
export LAB_NO_BUILD=1

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# proportional set size: shared memory (shared_buffers) counted once across PostgreSQL's processes
pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup"; }
pg_pss_kb() {
    local pg=$1 total=0 pid
    for pid in $pg $(pgrep -P "$pg"); do total=$(( total + $(pss_kb "$pid") )); done
    echo "$total"
}

t=$(date +%s%N); "$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null 2>&1; first=$(ms "$t")
"$ROOT/lab" down --data "$DATA" >/dev/null 2>&1
t=$(date +%s%N); "$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null 2>&1; warm=$(ms "$t")

# idle: let start-up work settle, then read RSS a few times and keep the last
for _ in 1 2 3; do "$ROOT/bin/labctl" --config "$DATA/admin.labctl.yaml" status >/dev/null || true; done
sleep 20
pid=$(cat "$DATA/labd.pid")
agent=$(cat "$DATA/agent.pid" 2>/dev/null || echo "")
pg=$(head -1 "$DATA/postgres/data/postmaster.pid")
printf '%-40s %8s\n' "measure" "value"
printf '%-40s %6s ms\n' "./lab up, first start (initdb)" "$first"
printf '%-40s %6s ms\n' "./lab up, warm restart" "$warm"
printf '%-40s %6s MB\n' "labd JVM idle RSS" "$(( $(rss_kb "$pid") / 1024 ))"
printf '%-40s %6s MB\n' "embedded PostgreSQL PSS (all processes)" "$(( $(pg_pss_kb "$pg") / 1024 ))"
[ -n "$agent" ] && printf '%-40s %6s MB\n' "lab-agent runtime idle RSS" "$(( $(rss_kb "$agent") / 1024 ))"
printf '%-40s %s\n' "JVM options" "${EXTRA_JAVA_OPTS:-(bin/setenv defaults)}"
