#!/usr/bin/env bash
#
# A module rolled out to N servers through labd, against what a user would do without it, in the same
# run: an ssh loop (scp the bundle, then ssh to install and check it, host after host) and parallel ssh
# (the same for N hosts at once, xargs -P N). Goal (issue 17): 500 servers in under 30 s through labd.
#
# labd and its local lab-agent are started for the run (./lab up in a temporary directory). For each N
# (ascending), the servers are the local lab-agent (a real one: it installs the module's bundle in its
# OSGi runtime and runs it) and N-1 lab-agents simulated by one load process (ModulesBench.java on
# bench/lib/Fleet.java: enrollment, mutual-TLS WebSocket, heartbeat every 10 s at a phase of its own,
# and the modules contract of agent/modules: generation in acks and notices, GET /api/v1/agent/modules
# with the agent's certificate, each bundle downloaded from its url and checked against its SHA-256,
# the state reported with the next heartbeat). Timed from the start of `labctl modules add DIR` (one
# agent bundle of BUNDLE_KB, default 512 KiB, targeting every server by a label) until GET
# /api/v1/module-status shows all N ready (polled every 250 ms); then the upgrade (version 1.1.0
# added) and `labctl modules remove`, with labd's CPU and RSS meanwhile.
#
# The ssh side: a private sshd on 127.0.0.1 (bench/lib/private-sshd.sh); each "host" is a directory on
# this machine, so N hosts are 2 N connections to one local sshd (bench/modules/ssh-rollout.sh).
#
# usage: bench/modules/modules.sh [N...]    (default 1 50 500; build first: ./lab build; as root)
#   BUNDLE_KB=512 PORT=18660 SSH_PORT=18662
#   SSH=0: labd only;  LABD_JFR=FILE: a JFR recording (profile settings) of labd during the add to the most servers
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
HERE=$ROOT/bench/modules
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1 50 500)
BUNDLE_KB=${BUNDLE_KB:-512}
PORT=${PORT:-18660}
SSH_PORT=${SSH_PORT:-18662}
DATA=$(mktemp -d /tmp/labd-modules-bench-XXXXXX)
export LAB_NO_BUILD=1
SSHD_PID=

cleanup() {
    [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null || true
    "$ROOT/lab" down --data "$DATA" >/dev/null 2>&1 || true
    rm -rf "$DATA"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "modules.sh: run as root (the private sshd and ssh root@127.0.0.1)" >&2; exit 1; }
# shellcheck source=../lib/private-sshd.sh
source "$ROOT/bench/lib/private-sshd.sh"
start_private_sshd "$DATA/ssh" "$SSH_PORT"
export SSH_CLIENT_KEY SSH_PORT

"$ROOT/lab" up --data "$DATA" --port "$PORT" >/dev/null
CONFIG=$DATA/admin.labctl.yaml
labctl() { "$ROOT/bin/labctl" --config "$CONFIG" "$@"; }
LOCAL=$(hostname | tr 'A-Z_' 'a-z-')
labctl label "server/$LOCAL" bench=modules >/dev/null

# --- the module, twice: a real bundle (its Module service registered by its activator) with a payload
# of random bytes that gives it its size, compiled against the agent's own API and framework jars
AGENT_LIB=$DATA/lab-agent/lib
javac --release 17 -d "$DATA/module-classes" \
    -cp "$(ls "$AGENT_LIB"/org.labctl.api-*.jar):$(ls "$AGENT_LIB"/org.apache.felix.framework-*.jar)" \
    "$HERE/module/org/labctl/bench/module/BenchModule.java"
for version in 1.0.0 1.1.0; do
    dir=$DATA/module-$version
    mkdir -p "$dir/payload"
    head -c "${BUNDLE_KB}K" /dev/urandom > "$dir/payload/payload.bin"
    cat > "$dir/MANIFEST.MF" <<MF
Bundle-ManifestVersion: 2
Bundle-SymbolicName: org.labctl.bench.module
Bundle-Version: $version
Bundle-Activator: org.labctl.bench.module.BenchModule
Import-Package: org.labctl.api.module;version="[1.0,2)",org.osgi.framework
Bench-Module: bench
MF
    mkdir -p "$dir/module"
    jar --create --file "$dir/module/bench-agent-$version.jar" --manifest "$dir/MANIFEST.MF" \
        -C "$DATA/module-classes" . -C "$dir/payload" payload.bin
    cat > "$dir/module/module.yaml" <<YAML
name: bench
version: $version
description: bench/modules' module, one agent bundle of ${BUNDLE_KB} KiB
targets:
  labels:
    bench: modules
agent:
  bundles: [bench-agent-$version.jar]
YAML
done
BUNDLE=$DATA/module-1.0.0/module/bench-agent-1.0.0.jar

# --- the simulated agents: one key pair and CSR for all, a certificate and server each
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$DATA/fleet.key" \
    -subj /CN=fleet -out "$DATA/fleet.csr" 2>/dev/null
TOKEN=$(labctl create token --reusable --ttl 2h --label bench=modules --description "modules benchmark" 2>/dev/null)

TARBALL=$(ls "$ROOT"/assembly/target/org.labctl.assembly-*.tar.gz | head -1)
echo "labd $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?') (built $(date -r "$TARBALL" '+%F %R')), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo), $(ssh -V 2>&1 | cut -d, -f1); bundle $(stat -c %s "$BUNDLE") bytes"
echo "== through labd: labctl modules add / add v2 / remove, until GET /api/v1/module-status shows every server"
javac -d "$DATA/classes" "$ROOT/bench/lib/Fleet.java"
# one JVM for all simulated agents: a java.net.http client per agent (each has a selector thread), small stacks
java -Xss512k -Xmx1g -XX:+UseSerialGC -cp "$DATA/classes" "$HERE/ModulesBench.java" \
    "$ROOT" "$DATA" "$PORT" "$DATA/fleet.csr" "$DATA/fleet.key" "$TOKEN" "$LOCAL" \
    "$DATA/module-1.0.0/module" "$DATA/module-1.1.0/module" "$DATA/results" "${SIZES[@]}"
# what ran short in labd meanwhile: a request that waits longer than its timeout for a database connection fails (503)
LABD_LOGS=("$DATA"/labd/data/log/karaf.log*)
echo "   labd's log: $(cat "${LABD_LOGS[@]}" | grep -c 'Connection is not available') requests found no database connection in time"

if [ "${SSH:-1}" = 0 ]; then exit 0; fi
# --- the same bundle over ssh, with the machine quiet again (the simulated agents are gone; labd idles)
echo "== over ssh: scp + ssh install -D -m644 && sha256sum -c per host, to one sshd on 127.0.0.1"
ssh_run() {  # MODE N: seconds, after checking that every host has the file
    local mode=$1 n=$2 t
    rm -rf "$DATA/hosts-ssh"
    for i in $(seq "$n"); do mkdir -p "$DATA/hosts-ssh/host-$i/tmp"; done
    t=$(now_ms)
    "$HERE/ssh-rollout.sh" "$mode" "$n" "$BUNDLE" "$DATA/hosts-ssh" || { echo "ssh $mode to $n hosts failed" >&2; exit 1; }
    t=$(( $(now_ms) - t ))
    local installed
    installed=$(find "$DATA/hosts-ssh" -path '*/opt/modules/bench/*.jar' | wc -l)
    [ "$installed" -eq "$n" ] || { echo "ssh $mode: $installed of $n hosts have the bundle" >&2; exit 1; }
    awk -v ms="$t" 'BEGIN {printf "%.2f", ms / 1000}'
}
printf '   (root'"'"'s login shell, which sshd starts for every command, takes %s ms to run `true` here)\n' "$(ssh_shell_startup_ms)"
printf '%6s  %10s %10s %10s  %14s  %10s %13s  %12s %12s\n' servers "labd add" upgrade remove "(real agent)" "ssh loop" "ssh parallel" "labd/loop" "labd/parallel"
while read -r n add upgrade remove local; do
    loop=$(ssh_run loop "$n" < /dev/null)    # ssh would read the results file
    parallel=$(ssh_run parallel "$n" < /dev/null)
    printf '%6d  %8.1f s %8.1f s %8.1f s  %12.1f s  %8.1f s %11.1f s  %12s %12s\n' "$n" "$add" "$upgrade" "$remove" "$local" \
        "$loop" "$parallel" "$(ratio "$add" "$loop")" "$(ratio "$add" "$parallel")"
done < "$DATA/results"
