#!/usr/bin/env bash
#
# What auditing costs: requests per second of a cheap authorized GET (GET /api/v1/servers/<the
# local agent> as admin: the permission is checked against the server's placement and one audit
# row is committed before the answer) with CLIENTS concurrent clients, first with the audit log on
# (labd's only mode in production), then with it off (org.labctl.core.audit enabled=false, which
# exists for this measurement), against the same labd and database.
#
# usage: bench/audit/audit.sh [CLIENTS] [SECONDS]      (build first: ./lab build)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
CLIENTS=${1:-8}
SECONDS_PER_RUN=${2:-15}
PORT=${PORT:-18650}
DATA=$(mktemp -d /tmp/labd-audit-bench-XXXXXX)
trap '"$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT
export LAB_NO_BUILD=1

"$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null 2>&1
CONFIG=$DATA/admin.labctl.yaml
pem() { awk -v k="$1" '$0 ~ "^"k": \\|"{f=1;next} /^[a-z]+:/{f=0} f{sub(/^  /,""); print}' "$CONFIG"; }
pem ca > "$DATA/ca.pem"; pem cert > "$DATA/cert.pem"; pem key > "$DATA/key.pem"
SERVER=$("$ROOT/bin/labctl" --config "$CONFIG" get servers -o json | sed -n 's/.*"name" *: *"\([^"]*\)".*/\1/p' | head -1)
bench() { java "$(dirname "$0")/AuditBench.java" "https://127.0.0.1:$PORT" "$DATA/ca.pem" "$DATA/cert.pem" "$DATA/key.pem" \
    "/api/v1/servers/$SERVER" "$CLIENTS" "$SECONDS_PER_RUN"; }

echo "labd $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $CLIENTS clients, ${SECONDS_PER_RUN} s per run"
on=$(bench)
echo "audit on:  $on"
echo "enabled = false" > "$DATA/labd/etc/org.labctl.core.audit.cfg"
"$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 && "$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null 2>&1
off=$(bench)
echo "audit off: $off"
r_on=$(echo "$on" | sed -n 's/.*: \([0-9]*\) req\/s.*/\1/p'); r_off=$(echo "$off" | sed -n 's/.*: \([0-9]*\) req\/s.*/\1/p')
awk -v a="$r_on" -v b="$r_off" 'BEGIN { printf "audited throughput is %.2f of unaudited (%.0f%% cost)\n", a / b, (1 - a / b) * 100 }'
