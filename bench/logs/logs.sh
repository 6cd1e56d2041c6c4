#!/usr/bin/env bash
#
# labctl logs against OpenSSH, both in the same run on this machine.
#
# labd and a local agent are started for the run (./lab up in a temporary directory), with a
# private sshd on 127.0.0.1 (bench/lib/private-sshd.sh). The files live in /var/log/labctl-bench
# (the agent reads files under /var/log by default) and are removed at the end.
#   1. follow latency: a line appended to a file until labctl prints it, with
#      `labctl logs server/<local> --file F -f -n 0`, COUNT lines one every INTERVAL ms: p50 and p99
#      (goal p99 <= 50 ms on loopback); the same with `ssh … tail -F -n 0 F` for reference;
#   2. throughput: `labctl logs server/<local> --file BIG` (1 GiB) vs `ssh … cat BIG`, median of
#      RUNS runs each (goal >= 1.3x ssh).
#
# usage: bench/logs/logs.sh    (build first: ./lab build; runs as root for the private sshd)
#   COUNT=1000 INTERVAL=5 RUNS=3 PORT=18660 SSH_PORT=18632
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
COUNT=${COUNT:-1000}
INTERVAL=${INTERVAL:-5}
RUNS=${RUNS:-3}
PORT=${PORT:-18660}
SSH_PORT=${SSH_PORT:-18632}
DATA=$(mktemp -d /tmp/labd-logs-bench-XXXXXX)
FILES=/var/log/labctl-bench
export LAB_NO_BUILD=1
SSHD_PID=

cleanup() {
    # shellcheck disable=SC2086 # two PIDs, or none
    if [ -n "${CEILING_PIDS:-}" ]; then kill $CEILING_PIDS 2>/dev/null || true; fi
    [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null || true
    "$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true
    rm -rf "$DATA" "$FILES"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "logs.sh: run as root (the private sshd, ssh root@127.0.0.1 and /var/log)" >&2; exit 1; }
# shellcheck source=../lib/private-sshd.sh
source "$ROOT/bench/lib/private-sshd.sh"
# shellcheck source=../lib/tls-ceiling.sh
source "$ROOT/bench/lib/tls-ceiling.sh"
start_private_sshd "$DATA/ssh" "$SSH_PORT"

"$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null
CONFIG=$DATA/admin.labctl.yaml
labctl() { "$ROOT/bin/labctl" --config "$CONFIG" "$@"; }
LOCAL=$(hostname | tr 'A-Z_' 'a-z-')
mkdir -p "$FILES"
echo warm > "$FILES/warm.log"
labctl logs "server/$LOCAL" --file "$FILES/warm.log" > /dev/null   # warm up labd's paths once

TARBALL=$(ls "$ROOT"/assembly/target/org.labctl.assembly-*.tar.gz | head -1)
echo "labd $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?') (built $(date -r "$TARBALL" '+%F %R')), $(nproc) cores, $(ssh -V 2>&1)"
LATENCY="python3 $ROOT/bench/logs/latency.py"

# 1. follow latency: the reader exits after COUNT lines, which ends the follower (SIGPIPE)
follow_latency() { # $1: label, rest: the follow command
    local label=$1; shift
    : > "$FILES/follow.log"
    coproc READER { "$@" 2>/dev/null | $LATENCY read "$COUNT"; }
    # bash unsets READER_PID as soon as the pipeline ends, which it may before the wait below
    local reader=$READER_PID
    sleep 2   # the follower is connected and at the end of the empty file
    $LATENCY write "$FILES/follow.log" "$COUNT" "$INTERVAL"
    local result
    read -r result <&"${READER[0]}" || result="failed"
    # the follower writes nothing more, so no SIGPIPE ends it: stop it, then reap the pipeline
    pkill -f -- "--file $FILES/follow.log" 2>/dev/null || true
    pkill -f -- "tail -F -n 0 $FILES/follow.log" 2>/dev/null || true
    wait "$reader" 2>/dev/null || true
    echo "$label $result"
}
L=$(follow_latency labctl labctl logs "server/$LOCAL" --file "$FILES/follow.log" -f -n 0)
S=$(follow_latency ssh "${SSH_CMD[@]}" tail -F -n 0 "$FILES/follow.log")
read -r _ l50 l99 lmax <<< "$L"; read -r _ s50 s99 smax <<< "$S"
printf '1. follow latency over %d lines: labctl p50 %s ms p99 %s ms (max %s)   ssh tail -F p50 %s ms p99 %s ms (max %s)   (goal p99 <= 50 ms)\n' \
    "$COUNT" "$l50" "$l99" "$lmax" "$s50" "$s99" "$smax"

# 2. throughput of a 1 GiB file
# text lines of 121 bytes (base64 of random bytes); the last head closes the pipe early, hence || true
{ head -c 800M /dev/urandom | base64 -w 120 | head -c 1G > "$FILES/big.log"; } || true
[ "$(stat -c %s "$FILES/big.log")" -eq 1073741824 ] || { echo "could not write 1 GiB to $FILES/big.log" >&2; exit 1; }
: > "$DATA/tp.labctl"; : > "$DATA/tp.ssh"
for _ in $(seq "$RUNS"); do
    t=$(now_ms); labctl logs "server/$LOCAL" --file "$FILES/big.log" > /dev/null; echo $(( $(now_ms) - t )) >> "$DATA/tp.labctl"
    t=$(now_ms); "${SSH_CMD[@]}" cat "$FILES/big.log" > /dev/null; echo $(( $(now_ms) - t )) >> "$DATA/tp.ssh"
done
L=$(median < "$DATA/tp.labctl"); S=$(median < "$DATA/tp.ssh")
printf '2. 1 GiB file:   labctl %6s MB/s   ssh cat %6s MB/s   ratio %s (goal >= 1.3)\n' \
    "$(awk -v ms="$L" 'BEGIN {printf "%.0f", 1073.741824 / (ms / 1000)}')" \
    "$(awk -v ms="$S" 'BEGIN {printf "%.0f", 1073.741824 / (ms / 1000)}')" "$(ratio "$S" "$L")"
tls_ceiling "$DATA/ceiling" $(( PORT + 40 )) "$S"
