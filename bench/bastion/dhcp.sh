#!/usr/bin/env bash
#
# The bastion's DHCP server (full mode) against dnsmasq --no-ping, in the same run on this machine.
#
# Each server gets a network of its own (two namespaces joined by a veth pair), both run at once,
# and the client takes a lease from one then the other, RUNS times, after WARMUP leases each: a
# fresh DISCOVER->OFFER->REQUEST->ACK each time (its lease file removed, its script /bin/true so
# that configuring the interface is not timed). Figures are
# medians in milliseconds from the client's start to its lease; the ratio is the bastion's over
# dnsmasq's (goal: <= 1.1 with dhclient). busybox udhcpc is measured too. Packages (dnsmasq-base,
# isc-dhcp-client, busybox) come from Debian (installed when missing).
#
# usage: bench/bastion/dhcp.sh    (as root; build first: mvn -B -pl bundles/bastion install)
#   CLASSES=PATH (the bastion's class path, default bundles/bastion/target/classes; put another build of
#   its dhcp package first to compare it)
#   RUNS=50 WARMUP=100 LEASE_DIR=DIR (where the bastion keeps its lease file, default a temporary directory:
#   before each ACK it appends one line to its lease journal and fdatasyncs it; a tmpfs here shows what
#   that costs)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
RUNS=${RUNS:-50}
ID=$$
DATA=$(mktemp -d /tmp/labctl-dhcp-bench-XXXXXX)
PIDS=()
# one network per server: SERVER side and CLIENT side namespaces joined by a veth pair
declare -A SNS=([bastion]=lbdb-$ID-bs [dnsmasq]=lbdb-$ID-ds) CNS=([bastion]=lbdb-$ID-bc [dnsmasq]=lbdb-$ID-dc)
declare -A SLINK=([bastion]=lbdbbs$ID [dnsmasq]=lbdbds$ID) CLINK=([bastion]=lbdbbc$ID [dnsmasq]=lbdbdc$ID)
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for server in bastion dnsmasq; do
        for ns in "${SNS[$server]}" "${CNS[$server]}"; do
            ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
            ip netns del "$ns" 2>/dev/null || true
        done
    done
    rm -rf "$DATA"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "dhcp.sh: run as root (network namespaces, port 67)" >&2; exit 1; }
missing=()
command -v dnsmasq >/dev/null 2>&1 || missing+=(dnsmasq-base)
command -v dhclient >/dev/null 2>&1 || missing+=(isc-dhcp-client)
command -v busybox >/dev/null 2>&1 || missing+=(busybox)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
CLASSES=${CLASSES:-$ROOT/bundles/bastion/target/classes}
[ -d "$ROOT/bundles/bastion/target/classes/org/labctl/bastion/internal/dhcp" ] \
    || { echo "build first: mvn -B -pl bundles/bastion install" >&2; exit 1; }
API=$ROOT/bundles/api/target/classes
SLF4J=$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar | tail -1)
LEASES=${LEASE_DIR:-$DATA/bastion}
SCAN_WAIT=${SCAN_WAIT:-4}
WARMUP=${WARMUP:-100}
mkdir -p "$LEASES"

for server in bastion dnsmasq; do
    S=${SNS[$server]}; C=${CNS[$server]}; SL=${SLINK[$server]}; CL=${CLINK[$server]}
    ip netns add "$S"; ip netns add "$C"
    ip link add "$SL" type veth peer name "$CL"
    ip link set "$SL" netns "$S"; ip link set "$CL" netns "$C"
    ip -n "$S" addr add 10.97.0.1/24 dev "$SL"
    for side in "$S:$SL" "$C:$CL"; do ip -n "${side%%:*}" link set lo up; ip -n "${side%%:*}" link set "${side#*:}" up; done
done

# both servers run at once, each on its own network, and the leases alternate between them
ip netns exec "${SNS[bastion]}" java -cp "$CLASSES:$API:$SLF4J" "$ROOT/bench/bastion/DhcpServe.java" 10.97.0.1 10.97.0.100 \
    10.97.0.200 "$LEASES" > "$DATA/bastion.out" 2>&1 &
PIDS+=($!)
ip netns exec "${SNS[dnsmasq]}" dnsmasq --no-daemon --port=0 --no-ping --interface="${SLINK[dnsmasq]}" --bind-interfaces \
    --dhcp-range=10.97.0.100,10.97.0.200,1h --dhcp-leasefile="$DATA/dnsmasq.leases" --pid-file= --log-facility=/dev/null \
    > "$DATA/dnsmasq.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q READY "$DATA/bastion.out" 2>/dev/null && break; sleep 0.1; done
grep -q READY "$DATA/bastion.out" || { echo "the bastion's DHCP server did not start: $(cat "$DATA/bastion.out")" >&2; exit 1; }
# the conflict scan the bastion starts with (a ping of each free address, 16 at a time, 0.5 s for
# those nobody answers) is let finish, so that the leases are timed alone
sleep "$SCAN_WAIT"

now_ms() { date +%s%N | awk '{printf "%.3f", $1 / 1e6}'; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
lease_dhclient() {   # SERVER
    local c=${CNS[$1]} l=${CLINK[$1]} t
    rm -f "$DATA/dhclient.leases"
    t=$(now_ms)
    # -1: one try; after the ACK dhclient forks into the background and its first process exits
    ip netns exec "$c" dhclient -1 -sf /bin/true -lf "$DATA/dhclient.leases" -pf "$DATA/dhclient.pid" "$l" 2>/dev/null
    awk -v a="$t" -v b="$(now_ms)" 'BEGIN {printf "%.2f\n", b - a}'
    [ -f "$DATA/dhclient.pid" ] && kill "$(cat "$DATA/dhclient.pid")" 2>/dev/null || true
    grep -q fixed-address "$DATA/dhclient.leases" || { echo "dhclient got no lease from $1" >&2; exit 1; }
}
lease_udhcpc() {   # SERVER
    local t; t=$(now_ms)
    ip netns exec "${CNS[$1]}" busybox udhcpc -q -n -f -i "${CLINK[$1]}" -s /bin/true -t 3 > /dev/null 2>&1 \
        || { echo "udhcpc got no lease from $1" >&2; exit 1; }
    awk -v a="$t" -v b="$(now_ms)" 'BEGIN {printf "%.2f\n", b - a}'
}

echo "bastion DHCP $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?'), $(dnsmasq --version | head -1 | cut -d' ' -f1-3), $(nproc) cores, a veth pair between namespaces for each server, $RUNS leases each, alternating"
for server in bastion dnsmasq; do : > "$DATA/$server.dhclient"; : > "$DATA/$server.udhcpc"; done
for _ in $(seq "$WARMUP"); do lease_dhclient bastion > /dev/null; lease_dhclient dnsmasq > /dev/null; done   # ARP, and the bastion's JIT
for _ in $(seq "$RUNS"); do
    for server in bastion dnsmasq; do
        lease_dhclient "$server" >> "$DATA/$server.dhclient"
        lease_udhcpc "$server" >> "$DATA/$server.udhcpc"
    done
done
for client in dhclient udhcpc; do
    B=$(median < "$DATA/bastion.$client"); D=$(median < "$DATA/dnsmasq.$client")
    printf '%-8s lease: bastion %6.1f ms   dnsmasq --no-ping %6.1f ms   bastion/dnsmasq %s%s\n' "$client" "$B" "$D" \
        "$(awk -v b="$B" -v d="$D" 'BEGIN {printf "%.2f", b / d}')" "$([ "$client" = dhclient ] && echo ' (goal <= 1.1)')"
done
