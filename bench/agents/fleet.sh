#!/usr/bin/env bash
#
# N lab-agents on one labd started for the run (./lab up in a temporary directory), all simulated by
# one load process (FleetBench.java on bench/lib/Fleet.java) with the real protocol: each enrolls with
# a reusable join token (one shared CSR, a certificate and a server of its own), keeps its own mutual-TLS
# WebSocket to wss://labd/agent and sends lab-agent's heartbeat every 10 s, the N agents spread evenly over the
# interval. Steady state: labd's CPU, heap and RSS over a window with every agent Ready. Then a
# reconnect storm: labd stopped (SIGTERM, what ./lab down sends; the local agent of ./lab up keeps
# running) and started again (./lab up, same data), every agent reconnects with lab-agent's jittered
# backoff (1 s doubling to 60 s); time until all are Ready again and the latency of /api/v1/health
# meanwhile. Goal: 1,000 agents with labd under 10% CPU and heap under 512 MB.
#
# usage: bench/agents/fleet.sh [N] [WINDOW_SECONDS]    (build first: ./lab build)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
N=${1:-1000}
WINDOW=${2:-60}
PORT=${PORT:-18640}
DATA=$(mktemp -d /tmp/labd-fleet-bench-XXXXXX)
trap '"$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT
export LAB_NO_BUILD=1

"$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null
CONFIG=$DATA/admin.labctl.yaml
# one key pair and CSR for every simulated agent; labd issues each its own certificate
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DATA/fleet.key" \
    -subj /CN=fleet -out "$DATA/fleet.csr" 2>/dev/null
TOKEN=$("$ROOT/bin/labctl" --config "$CONFIG" create token --reusable --ttl 2h --description "fleet benchmark" 2>/dev/null)

TARBALL=$(ls "$ROOT"/assembly/target/org.labctl.assembly-*.tar.gz | head -1)
echo "labd $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?') (built $(date -r "$TARBALL" '+%F %R')), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
# one JVM for all agents: a java.net.http client per connection (each has a selector thread), small stacks;
# the simulated agents are bench/lib/Fleet.java's, compiled on the class path
javac -d "$DATA/classes" "$ROOT/bench/lib/Fleet.java"
java -Xss512k -Xmx1g -XX:+UseSerialGC -cp "$DATA/classes" "$(dirname "$0")/FleetBench.java" \
    "$ROOT" "$DATA" "$PORT" "$N" "$DATA/fleet.csr" "$DATA/fleet.key" "$TOKEN" "$WINDOW"
