#!/usr/bin/env bash
#
# Enrollments per second against a real labd started for the run (./lab up in a temporary
# directory): sequential, then with 16 concurrent clients. One reusable join token, one CSR
# (openssl); each enrollment is the whole server-side path (token check and use, server and agent
# rows, certificate issued and recorded). Goal: at least 200/s.
#
# usage: bench/enroll/enroll.sh [SEQUENTIAL] [CONCURRENT] [CLIENTS]    (build first: ./lab build)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
SEQ=${1:-300}
CONC=${2:-1000}
CLIENTS=${3:-16}
PORT=${PORT:-18630}
DATA=$(mktemp -d /tmp/labd-enroll-bench-XXXXXX)
trap '"$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT
export LAB_NO_BUILD=1

"$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null
CONFIG=$DATA/admin.labctl.yaml
# the CA from the admin config labd wrote
awk '/^ca: \|/{f=1;next} /^[a-z]+:/{f=0} f{sub(/^  /,""); print}' "$CONFIG" > "$DATA/ca.pem"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DATA/bench.key" \
    -subj /CN=bench -out "$DATA/bench.csr" 2>/dev/null
TOKEN=$("$ROOT/bin/labctl" --config "$CONFIG" create token --reusable --ttl 1h --description "enrollment benchmark" 2>/dev/null)

echo "labd $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
java "$(dirname "$0")/EnrollBench.java" "https://127.0.0.1:$PORT" "$DATA/ca.pem" "$DATA/bench.csr" "$TOKEN" "$SEQ" "$CONC" "$CLIENTS"
