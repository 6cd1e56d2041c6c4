#!/usr/bin/env bash
#
# The bastion's TFTP server against dnsmasq's and atftpd, in the same run on this machine.
#
# Each server serves the same 64 MiB file from its own address on loopback (port 69 for dnsmasq,
# which cannot move its TFTP port; the bastion and atftpd on other addresses of 127/8), and curl
# downloads it at blksize 512, 1468 and 65464, RUNS times each, alternating the servers. Figures are
# medians in MB/s; the ratio is the bastion's over dnsmasq's (goal: >= 2 at each size). curl
# negotiates no windowsize, so below 65464 every server waits one client round trip per block; a
# second table has atftp download the same file asking for windowsize 16.
# dnsmasq-base and atftpd come from Debian's packages (installed when missing).
#
# usage: bench/bastion/tftp.sh    (as root: dnsmasq binds port 69; build first: mvn -pl bundles/bastion install)
#   RUNS=3 SIZE_MB=64
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
RUNS=${RUNS:-3}
SIZE_MB=${SIZE_MB:-64}
DATA=$(mktemp -d /tmp/labctl-tftp-bench-XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$DATA"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || { echo "tftp.sh: run as root (dnsmasq serves TFTP on port 69 only)" >&2; exit 1; }
missing=()
command -v dnsmasq >/dev/null 2>&1 || missing+=(dnsmasq-base)
[ -x /usr/sbin/atftpd ] || missing+=(atftpd)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    systemctl disable --now atftpd >/dev/null 2>&1 || true
fi
CLASSES=$ROOT/bundles/bastion/target/classes
[ -d "$CLASSES/org/labctl/bastion/internal/tftp" ] || { echo "build first: mvn -B -pl bundles/bastion install" >&2; exit 1; }
SLF4J=$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar | tail -1)

mkdir -p "$DATA/root"
head -c "${SIZE_MB}M" /dev/urandom > "$DATA/root/image.bin"
SUM=$(sha256sum < "$DATA/root/image.bin" | cut -d' ' -f1)
echo ready > "$DATA/root/probe.txt"
# atftpd drops to user nobody: the files must be readable by anyone
chmod 0755 "$DATA" "$DATA/root"
chmod 0644 "$DATA/root/image.bin" "$DATA/root/probe.txt"

java -cp "$CLASSES:$SLF4J" "$ROOT/bench/bastion/TftpServe.java" "$DATA/root" 127.0.0.3 6969 > "$DATA/bastion.log" 2>&1 &
PIDS+=($!)
dnsmasq --no-daemon --port=0 --enable-tftp --tftp-root="$DATA/root" --listen-address=127.0.0.2 --bind-interfaces \
    --pid-file="$DATA/dnsmasq.pid" --log-facility="$DATA/dnsmasq.log" > /dev/null 2>&1 &
PIDS+=($!)
/usr/sbin/atftpd --daemon --no-fork --port 6970 --bind-address 127.0.0.4 --logfile /dev/null "$DATA/root" > /dev/null 2>&1 &
PIDS+=($!)
declare -A URL=([bastion]=tftp://127.0.0.3:6969/image.bin [dnsmasq]=tftp://127.0.0.2/image.bin [atftpd]=tftp://127.0.0.4:6970/image.bin)
for server in bastion dnsmasq atftpd; do   # each answers before the runs start
    probe=${URL[$server]%image.bin}probe.txt
    for _ in $(seq 50); do curl -s -o /dev/null --max-time 2 "$probe" && break; sleep 0.2; done
done

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
echo "bastion TFTP $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?'), $(dnsmasq --version | head -1 | cut -d' ' -f1-3), atftpd $(dpkg-query -W -f '${Version}' atftpd), $(nproc) cores, ${SIZE_MB} MiB, curl"
for blksize in 512 1468 65464; do
    for server in bastion dnsmasq atftpd; do : > "$DATA/$server.ms"; done
    for _ in $(seq "$RUNS"); do
        for server in bastion dnsmasq atftpd; do
            t=$(now_ms)
            curl -sS --tftp-blksize "$blksize" -o "$DATA/out.bin" "${URL[$server]}"
            echo $(( $(now_ms) - t )) >> "$DATA/$server.ms"
            [ "$(sha256sum < "$DATA/out.bin" | cut -d' ' -f1)" = "$SUM" ] || { echo "$server sent a different file" >&2; exit 1; }
        done
    done
    B=$(median < "$DATA/bastion.ms"); D=$(median < "$DATA/dnsmasq.ms"); A=$(median < "$DATA/atftpd.ms")
    rate() { awk -v ms="$1" -v mb="$SIZE_MB" 'BEGIN {printf "%.1f", mb * 1.048576 / (ms / 1000)}'; }
    printf 'blksize %5d:  bastion %7s MB/s   dnsmasq %7s MB/s   atftpd %7s MB/s   bastion/dnsmasq %s (goal >= 2)\n' \
        "$blksize" "$(rate "$B")" "$(rate "$D")" "$(rate "$A")" "$(awk -v b="$B" -v d="$D" 'BEGIN {printf "%.2f", d / b}')"
done

# the same with atftp asking for windowsize 16 (RFC 7440, which UEFI firmware's TFTP also sends):
# a server that honours it sends 16 blocks per acknowledgement, one that ignores it stays in lock-step
declare -A HOST=([bastion]="127.0.0.3 6969" [dnsmasq]="127.0.0.2 69" [atftpd]="127.0.0.4 6970")
echo "atftp --option 'windowsize 16':"
for blksize in 512 1468 65464; do
    for server in bastion dnsmasq atftpd; do : > "$DATA/$server.ms"; done
    for _ in $(seq "$RUNS"); do
        for server in bastion dnsmasq atftpd; do
            rm -f "$DATA/out.bin"
            t=$(now_ms)
            # shellcheck disable=SC2086 # HOST is "address port"
            atftp --option "blksize $blksize" --option "windowsize 16" -g -r image.bin -l "$DATA/out.bin" ${HOST[$server]} \
                > /dev/null 2>&1 || true
            echo $(( $(now_ms) - t )) >> "$DATA/$server.ms"
            [ "$(sha256sum < "$DATA/out.bin" | cut -d' ' -f1)" = "$SUM" ] || { echo "$server sent a different file to atftp" >&2; exit 1; }
        done
    done
    B=$(median < "$DATA/bastion.ms"); D=$(median < "$DATA/dnsmasq.ms"); A=$(median < "$DATA/atftpd.ms")
    printf 'blksize %5d:  bastion %7s MB/s   dnsmasq %7s MB/s   atftpd %7s MB/s   bastion/dnsmasq %s (goal >= 2)\n' \
        "$blksize" "$(rate "$B")" "$(rate "$D")" "$(rate "$A")" "$(awk -v b="$B" -v d="$D" 'BEGIN {printf "%.2f", d / b}')"
done
