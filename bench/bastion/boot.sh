#!/usr/bin/env bash
#
# A VM's network boot with the bastion as its DHCP server (full mode) against the same boot with
# dnsmasq as its DHCP server, in the same run on this machine.
#
# The VM is PxeBootTest's: qemu (TCG by default) with Debian's iPXE ROM for virtio-net on a tap device,
# bridged in a network namespace to the server's namespace; iPXE gets an address and the URL of its
# boot script, loads Debian's kernel and a busybox initrd (bundles/bastion/src/test/boot/prepare.sh)
# whose init gets an address again (udhcpc), fetches its kickstart and calls back "installed". The
# HTTP side is the bastion's in every case (the test's BastionMain, a fresh state each boot); only
# the DHCP server differs:
#   bastion      dhcp = full in the bastion
#   dnsmasq      the bastion with dhcp = off, dnsmasq --no-ping giving the addresses and, to iPXE (user
#                class iPXE), the same boot script URL: the usual recipe
#   dnsmasq-175  the same, and dnsmasq also tells iPXE that no ProxyDHCP server will answer
#                (--dhcp-option=tag:ipxe,encap:175,176,1b), as the bastion does
# Router advertisements come from a helper dnsmasq (--enable-ra, ra-only) in all, as iPXE otherwise
# waits for IPv6 (DESIGN.md section 6). The boots alternate, RUNS each; times are from qemu's start to
# the bastion's event log lines (their own timestamps) and to the VM's console lines (timestamped as they
# come): the boot script (iPXE has its address), init (the kernel and initrd loaded over HTTP and the
# kernel booted: no DHCP in this step), the kickstart (the initrd's udhcpc has an address, a second
# lease from the same server) and the callback. Medians in
# seconds (every run in brackets); the ratios are the bastion's over each dnsmasq's (goal: <= 1.0).
#
# usage: bench/bastion/boot.sh    (as root; build first: mvn -B -pl bundles/bastion install -DskipTests,
#   which compiles the test classes too)
#   RUNS=5 ACCEL=tcg (kvm where /dev/kvm is usable)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
RUNS=${RUNS:-5}
ACCEL=${ACCEL:-tcg}
ID=$$
MAC=52:54:00:be:ef:42
DATA=$(mktemp -d /tmp/labctl-boot-bench-XXXXXX)
S=lbbb-$ID-s; C=lbbb-$ID-c; SL=lbbbs$ID; CL=lbbbc$ID
BASTION=10.98.0.1
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for ns in "$S" "$C"; do
        ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || true
    done
    rm -rf "$DATA"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "boot.sh: run as root (network namespaces, tap devices, port 67)" >&2; exit 1; }
missing=()
command -v dnsmasq >/dev/null 2>&1 || missing+=(dnsmasq-base)
command -v qemu-system-x86_64 >/dev/null 2>&1 || missing+=(qemu-system-x86)
[ -f /usr/lib/ipxe/qemu/efi-virtio.rom ] || missing+=(ipxe-qemu)
[ -f /usr/lib/ipxe/undionly.kpxe ] || missing+=(ipxe)
command -v cpio >/dev/null 2>&1 || missing+=(cpio)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
CLASSES=$ROOT/bundles/bastion/target/classes
TESTS=$ROOT/bundles/bastion/target/test-classes
[ -f "$TESTS/org/labctl/bastion/internal/BastionMain.class" ] \
    || { echo "build first: mvn -B -pl bundles/bastion install -DskipTests" >&2; exit 1; }
API=$ROOT/bundles/api/target/classes
SLF4J=$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar | tail -1)
sh "$ROOT/bundles/bastion/src/test/boot/prepare.sh" "$DATA/boot" >/dev/null

ip netns add "$S"; ip netns add "$C"
ip link add "$SL" type veth peer name "$CL"
ip link set "$SL" netns "$S"; ip link set "$CL" netns "$C"
ip -n "$S" addr add $BASTION/24 dev "$SL"
ip -n "$S" addr add fd98::1/64 dev "$SL" nodad
for side in "$S:$SL" "$C:$CL"; do ip -n "${side%%:*}" link set lo up; ip -n "${side%%:*}" link set "${side#*:}" up; done
ip -n "$C" link add br0 type bridge
ip -n "$C" link set "$CL" master br0
ip -n "$C" tuntap add tap0 mode tap
ip -n "$C" link set tap0 master br0
ip -n "$C" link set tap0 up
ip -n "$C" link set br0 up
ip netns exec "$S" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface="$SL" --bind-interfaces --enable-ra \
    --dhcp-range=fd98::,ra-only --pid-file= --dhcp-leasefile="$DATA/ra.leases" > "$DATA/ra.out" 2>&1 &
PIDS+=($!)

now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# seconds from START_NS (epoch nanoseconds) to the first event log line holding TEXT
since() {   # EVENTS START_NS TEXT
    local at; at=$(grep -m1 -F -- "$3" "$1" | cut -d' ' -f1)
    [ -n "$at" ] || { echo "no \"$3\" in $1:" >&2; cat "$1" >&2; exit 1; }
    awk -v a="$2" -v b="$(date -d "$at" +%s%N)" 'BEGIN {printf "%.2f\n", (b - a) / 1e9}'
}

boot() {   # SERVER: one boot with a fresh bastion; appends its times to DATA/SERVER.{script,kickstart,installed}
    local server=$1 dir=$DATA/run config bastion dnsmasq=0 start vm
    rm -rf "$dir"; mkdir -p "$dir"
    config=$dir/bastion.cfg
    {
        echo "environment = lab"
        echo "labd.url = https://labd.example.net:8443"
        echo "http.bind = $BASTION"
        echo "http.port = 8080"
        echo "boot.dir = $DATA/boot"
        echo "installer.repo = http://mirror.example/rocky/9/"
        echo "installer.args = console=ttyS0 panic=-1"
        if [ "$server" = bastion ]; then
            echo "dhcp = full"
            echo "dhcp.address = $BASTION"
            echo "dhcp.range = 10.98.0.100-10.98.0.120"
            echo "dhcp.router = $BASTION"
        else
            echo "dhcp = off"
        fi
    } > "$config"
    if [ "$server" != bastion ]; then
        local extra=()
        [ "$server" = dnsmasq-175 ] && extra=(--dhcp-option=tag:ipxe,encap:175,176,1b)
        ip netns exec "$S" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --no-ping --interface="$SL" --bind-interfaces \
            --dhcp-range=10.98.0.100,10.98.0.120,1h --dhcp-option=3,$BASTION --dhcp-userclass=set:ipxe,iPXE \
            --dhcp-boot=tag:ipxe,http://$BASTION:8080/boot/$MAC.ipxe --dhcp-leasefile="$dir/dnsmasq.leases" --pid-file= \
            "${extra[@]}" > "$dir/dnsmasq.out" 2>&1 &
        dnsmasq=$!
        PIDS+=($dnsmasq)
    fi
    # the bastion stops when its standard input closes: it reads a FIFO the script holds open
    mkfifo "$dir/stdin"
    ip netns exec "$S" java -cp "$CLASSES:$TESTS:$API:$SLF4J" org.labctl.bastion.internal.BastionMain "$config" install "$MAC" \
        boot-1 worker < "$dir/stdin" > "$dir/bastion.out" 2>&1 &
    bastion=$!
    PIDS+=($bastion)
    exec 9> "$dir/stdin"
    for _ in $(seq 300); do grep -q '^READY' "$dir/bastion.out" 2>/dev/null && break; sleep 0.1; done
    grep -q '^READY' "$dir/bastion.out" || { echo "the bastion did not start: $(cat "$dir/bastion.out")" >&2; exit 1; }
    [ "$server" = bastion ] || for _ in $(seq 100); do grep -q 'DHCP, IP range' "$dir/dnsmasq.out" && break; sleep 0.1; done

    start=$(now_ns)
    ip netns exec "$C" qemu-system-x86_64 -accel "$ACCEL" -m 512 -nographic -no-reboot \
        -netdev tap,id=n0,ifname=tap0,script=no,downscript=no -device virtio-net-pci,netdev=n0,mac=$MAC,bootindex=1 \
        < /dev/null 2>&1 | perl -MTime::HiRes=time -ne '$| = 1; printf "%.0f %s", time() * 1e9, $_' > "$dir/vm.out" &
    vm=$!
    for _ in $(seq 1200); do kill -0 "$vm" 2>/dev/null || break; sleep 0.1; done   # it powers off after its callback
    kill "$vm" 2>/dev/null || true
    grep -q 'LABCTL-BOOT callback installed' "$dir/vm.out" \
        || { echo "the $server boot did not finish:" >&2; tail -20 "$dir/vm.out" >&2; exit 1; }
    local events=$dir/state/events.log
    since "$events" "$start" "$MAC http boot script" >> "$DATA/$server.script"
    awk -v a="$start" '/LABCTL-BOOT init started/ {printf "%.2f\n", ($1 - a) / 1e9; exit}' "$dir/vm.out" >> "$DATA/$server.init"
    since "$events" "$start" "$MAC http kickstart served" >> "$DATA/$server.kickstart"
    since "$events" "$start" "$MAC http installed" >> "$DATA/$server.installed"
    exec 9>&-
    wait "$bastion" 2>/dev/null || true
    if [ "$dnsmasq" != 0 ]; then kill "$dnsmasq"; wait "$dnsmasq" 2>/dev/null || true; fi
}

echo "VM network boot $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?'), $(dnsmasq --version | head -1 | cut -d' ' -f1-3), $(qemu-system-x86_64 --version | head -1 | cut -d' ' -f1-4), accel $ACCEL, $(nproc) cores, $RUNS boots each, alternating"
SERVERS=(bastion dnsmasq dnsmasq-175)
STEPS=(script init kickstart installed)
for server in "${SERVERS[@]}"; do for step in "${STEPS[@]}"; do : > "$DATA/$server.$step"; done; done
for _ in $(seq "$RUNS"); do
    for server in "${SERVERS[@]}"; do boot "$server"; done
done
for step in "${STEPS[@]}"; do
    for server in "${SERVERS[@]}"; do
        printf '%-9s %-12s %6.2f s  (%s)\n' "$step" "$server" "$(median < "$DATA/$server.$step")" \
            "$(sort -n "$DATA/$server.$step" | paste -sd' ')"
    done
    B=$(median < "$DATA/bastion.$step")
    for server in dnsmasq dnsmasq-175; do
        printf '%-9s bastion/%-11s %s%s\n' "$step" "$server" "$(awk -v b="$B" -v d="$(median < "$DATA/$server.$step")" \
            'BEGIN {printf "%.2f", b / d}')" "$([ "$step" = kickstart ] && echo ' (goal <= 1.0)')"
    done
done
