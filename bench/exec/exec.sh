#!/usr/bin/env bash
#
# labctl exec against OpenSSH, both in the same run on this machine.
#
# labd and a local agent are started for the run (./lab up in a temporary directory); a private
# sshd listens on 127.0.0.1 with its own config, host key and client key (key-only, MaxStartups
# raised), never touching the system's sshd. openssh-server is installed from Debian's packages
# when missing. Each figure is the median of RUNS runs, and the ratio is labctl / ssh:
#   1. latency: `labctl exec server/<local> -- true` vs `ssh -p PORT root@127.0.0.1 true`, a new
#      connection each time (goal: <= 0.75x ssh), output to a pipe, then to a terminal (script(1));
#   2. throughput: `-- head -c 1G /dev/zero > /dev/null` (goal: >= 1.3x ssh);
#   3. fan-out of `true` to N real lab-agents (each its own process, labelled fan=1) with
#      `labctl exec -l fan=1` vs N parallel ssh sessions (goal: <= 0.1x ssh); N = 50, then 200 when
#      the machine has the memory (FANOUT="50 200"); first with labd as the run started it, then
#      after FAN_WARMUP more fan-outs (100), as a labd that has served its fleet for a while: the
#      JIT compiler of a fresh labd still spends about 100 ms of CPU per fan-out after 40 of them,
#      on the same two cores (ssh, a process per session, has no such state: its median is reused);
#   4. memory with a slow reader: `-- head -c 2G /dev/zero` read at 8 MB/s for 10 s; RSS of labd
#      and the agent before and at the end.
#
# usage: bench/exec/exec.sh    (build first: ./lab build; runs as root for the private sshd)
#   RUNS=15 FANOUT="50 200" FAN_WARMUP=100 PORT=18650 SSH_PORT=18622
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
RUNS=${RUNS:-15}
FANOUT=${FANOUT:-50 200}
FAN_WARMUP=${FAN_WARMUP:-100}
PORT=${PORT:-18650}
SSH_PORT=${SSH_PORT:-18622}
DATA=$(mktemp -d /tmp/labd-exec-bench-XXXXXX)
export LAB_NO_BUILD=1
AGENT_PIDS=()
SSHD_PID=

cleanup() {
    # shellcheck disable=SC2086 # two PIDs, or none
    if [ -n "${CEILING_PIDS:-}" ]; then kill $CEILING_PIDS 2>/dev/null || true; fi
    for pid in "${AGENT_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null || true
    "$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "exec.sh: run as root (the private sshd and ssh root@127.0.0.1)" >&2; exit 1; }
# shellcheck source=../lib/private-sshd.sh
source "$ROOT/bench/lib/private-sshd.sh"
# shellcheck source=../lib/tls-ceiling.sh
source "$ROOT/bench/lib/tls-ceiling.sh"
start_private_sshd "$DATA/ssh" "$SSH_PORT"

# --- labd and the local agent
"$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null
CONFIG=$DATA/admin.labctl.yaml
labctl() { "$ROOT/bin/labctl" --config "$CONFIG" "$@"; }
LOCAL=$(hostname | tr 'A-Z_' 'a-z-')
labctl exec "server/$LOCAL" -- true   # warm up labd's paths once

TARBALL=$(ls "$ROOT"/assembly/target/org.labctl.assembly-*.tar.gz | head -1)
echo "labd $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?') (built $(date -r "$TARBALL" '+%F %R')), $(nproc) cores, $(ssh -V 2>&1)"


# 1. latency, alternating the two tools: output to a pipe, as a script has it (labctl then turns on
# C2 for a possible large output), and to a terminal, a pty from script(1) for both (C1 only)
: > "$DATA/lat.labctl"; : > "$DATA/lat.ssh"; : > "$DATA/tty.labctl"; : > "$DATA/tty.ssh"
LABCTL_LINE="$(printf '%q ' "$ROOT/bin/labctl" --config "$CONFIG" exec "server/$LOCAL" -- true)"
SSH_LINE="$(printf '%q ' "${SSH_CMD[@]}" true)"
for _ in $(seq "$RUNS"); do
    t=$(now_ms); labctl exec "server/$LOCAL" -- true | cat; echo $(( $(now_ms) - t )) >> "$DATA/lat.labctl"
    t=$(now_ms); "${SSH_CMD[@]}" true | cat; echo $(( $(now_ms) - t )) >> "$DATA/lat.ssh"
    t=$(now_ms); script -qec "$LABCTL_LINE" /dev/null > /dev/null; echo $(( $(now_ms) - t )) >> "$DATA/tty.labctl"
    t=$(now_ms); script -qec "$SSH_LINE" /dev/null > /dev/null; echo $(( $(now_ms) - t )) >> "$DATA/tty.ssh"
done
L=$(median < "$DATA/lat.labctl"); S=$(median < "$DATA/lat.ssh")
printf '1. exec true, new connection:   labctl %6s ms   ssh %6s ms   ratio %s (goal <= 0.75)\n' "$L" "$S" "$(ratio "$L" "$S")"
TL=$(median < "$DATA/tty.labctl"); TS=$(median < "$DATA/tty.ssh")
printf '   the same to a terminal:      labctl %6s ms   ssh %6s ms   ratio %s\n' "$TL" "$TS" "$(ratio "$TL" "$TS")"
RC=$(ssh_shell_startup_ms)
printf '   (of ssh'"'"'s %s ms, root'"'"'s shell startup takes %s ms here; without it: ratio %s, to a terminal %s)\n' \
    "$S" "$RC" "$(ratio "$L" "$(( S - RC ))")" "$(ratio "$TL" "$(( TS - RC ))")"

# 2. throughput of 1 GiB
: > "$DATA/tp.labctl"; : > "$DATA/tp.ssh"
for _ in $(seq 3); do
    t=$(now_ms); labctl exec "server/$LOCAL" -- head -c 1G /dev/zero > /dev/null; echo $(( $(now_ms) - t )) >> "$DATA/tp.labctl"
    t=$(now_ms); "${SSH_CMD[@]}" head -c 1G /dev/zero > /dev/null; echo $(( $(now_ms) - t )) >> "$DATA/tp.ssh"
done
L=$(median < "$DATA/tp.labctl"); S=$(median < "$DATA/tp.ssh")
printf '2. 1 GiB stdout:                labctl %6s MB/s ssh %6s MB/s ratio %s (goal >= 1.3)\n' \
    "$(awk -v ms="$L" 'BEGIN {printf "%.0f", 1073.741824 / (ms / 1000)}')" \
    "$(awk -v ms="$S" 'BEGIN {printf "%.0f", 1073.741824 / (ms / 1000)}')" "$(ratio "$S" "$L")"
tls_ceiling "$DATA/ceiling" $(( PORT + 40 )) "$S"

# 3. fan-out to N real agents
AGENT_HOME=$DATA/lab-agent
TOKEN=$(labctl create token --reusable --ttl 2h --label fan=1 --description "exec fan-out benchmark")
started=0
for n in $FANOUT; do
    need_kb=$(( (n - started) * 100 * 1024 ))
    avail_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
    if [ "$need_kb" -gt "$avail_kb" ]; then
        echo "3. fan-out to $n agents: skipped, $(( avail_kb / 1024 )) MiB available and $n agents need about $(( need_kb / 1024 )) MiB more"
        continue
    fi
    while [ "$started" -lt "$n" ]; do
        started=$((started + 1))
        name=fan-$started
        "$AGENT_HOME/bin/lab-agent" enroll --server "https://127.0.0.1:$PORT" --token "$TOKEN" --name "$name" \
            --data "$DATA/agents/$name" >/dev/null 2>&1
        # the fan-out agents only run `true`: the small C1-only profile lets 200 of them fit in memory
        LAB_AGENT_JAVA_OPTS="-Xms8m -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=48m -Xss256k" \
            "$AGENT_HOME/bin/lab-agent" run --data "$DATA/agents/$name" --heartbeat 30 > "$DATA/agents/$name.log" 2>&1 < /dev/null &
        AGENT_PIDS+=($!)
    done
    deadline=$(( $(date +%s) + 600 ))
    until [ "$(labctl get servers -l fan=1 -o json | grep -o '"status" *: *"Ready"' | wc -l)" -ge "$n" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "fan-out agents not Ready after 10 min" >&2; exit 1; }
        sleep 2
    done
    : > "$DATA/fan.labctl"; : > "$DATA/fan.ssh"
    for _ in $(seq 5); do
        t=$(now_ms); labctl exec -l fan=1 --parallel 256 -o json -- true > "$DATA/fan.out"; echo $(( $(now_ms) - t )) >> "$DATA/fan.labctl"
        ok=$(grep -c '"state":"succeeded"' "$DATA/fan.out" || true)
        [ "$ok" -eq "$n" ] || { echo "fan-out: $ok of $n succeeded" >&2; cat "$DATA/fan.out" >&2; exit 1; }
        t=$(now_ms)
        ssh_pids=()
        for _ in $(seq "$n"); do "${SSH_CMD[@]}" true & ssh_pids+=($!); done
        failed=0
        for pid in "${ssh_pids[@]}"; do wait "$pid" || failed=$((failed + 1)); done
        echo $(( $(now_ms) - t )) >> "$DATA/fan.ssh"
        [ "$failed" -eq 0 ] || echo "   ($failed of $n ssh sessions failed)" >&2
    done
    L=$(median < "$DATA/fan.labctl"); S=$(median < "$DATA/fan.ssh")
    printf '3. fan-out true to %3d agents:  labctl %6s ms   ssh %6s ms   ratio %s (goal <= 0.1)\n' "$n" "$L" "$S" "$(ratio "$L" "$S")"
    for _ in $(seq "$FAN_WARMUP"); do labctl exec -l fan=1 --parallel 256 -o json -- true > /dev/null; done
    : > "$DATA/fan.warm"
    for _ in $(seq 5); do
        t=$(now_ms); labctl exec -l fan=1 --parallel 256 -o json -- true > "$DATA/fan.out"; echo $(( $(now_ms) - t )) >> "$DATA/fan.warm"
        ok=$(grep -c '"state":"succeeded"' "$DATA/fan.out" || true)
        [ "$ok" -eq "$n" ] || { echo "fan-out: $ok of $n succeeded" >&2; cat "$DATA/fan.out" >&2; exit 1; }
    done
    W=$(median < "$DATA/fan.warm")
    printf '   the same, labd warm (%d fan-outs later): labctl %6s ms   ratio %s\n' "$FAN_WARMUP" "$W" "$(ratio "$W" "$S")"
done

# 4. memory with a slow reader
labd_pid=$(cat "$DATA/labd.pid" 2>/dev/null || pgrep -f "karaf.*$DATA" | head -1)
agent_pid=$(pgrep -f "org.labctl.agent.internal.Main run --data $DATA/agent" | head -1)
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
labd_before=$(rss "$labd_pid"); agent_before=$(rss "$agent_pid")
labctl exec "server/$LOCAL" -- head -c 2G /dev/zero | timeout 10 sh -c 'while :; do head -c 65536 > /dev/null; sleep 0.008; done' || true
printf '4. 2 GiB read slowly for 10 s:  labd RSS %s -> %s MiB, agent RSS %s -> %s MiB\n' \
    "$labd_before" "$(rss "$labd_pid")" "$agent_before" "$(rss "$agent_pid")"
