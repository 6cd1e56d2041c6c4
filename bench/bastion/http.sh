#!/usr/bin/env bash
#
# The bastion's HTTP endpoint against nginx, in the same run on this machine: a 256 MiB boot
# artifact (what an initrd or installer image weighs) downloaded with curl over loopback, RUNS
# times from each, alternating. Figures are medians in MB/s; the ratio is the bastion's over
# nginx's (goal: >= 0.8). nginx comes from Debian's package (installed when missing) and runs with
# its own configuration on another loopback address, sendfile on, as Debian ships it.
#
# usage: bench/bastion/http.sh    (as root to install nginx; build first: mvn -B -pl bundles/bastion install)
#   RUNS=5 SIZE_MB=256
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
RUNS=${RUNS:-5}
SIZE_MB=${SIZE_MB:-256}
DATA=$(mktemp -d /tmp/labctl-http-bench-XXXXXX)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$DATA"
}
trap cleanup EXIT

if ! [ -x /usr/sbin/nginx ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null 2>&1 \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
    systemctl disable --now nginx >/dev/null 2>&1 || true
fi
CLASSES=$ROOT/bundles/bastion/target/classes
[ -d "$CLASSES/org/labctl/bastion/internal/http" ] || { echo "build first: mvn -B -pl bundles/bastion install" >&2; exit 1; }
API=$ROOT/bundles/api/target/classes
SLF4J=$(ls ~/.m2/repository/org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar | tail -1)

mkdir -p "$DATA/boot" "$DATA/state" "$DATA/nginx"
head -c "${SIZE_MB}M" /dev/urandom > "$DATA/boot/image.img"
SUM=$(sha256sum < "$DATA/boot/image.img" | cut -d' ' -f1)
chmod 0755 "$DATA" "$DATA/boot"; chmod 0644 "$DATA/boot/image.img"
cat > "$DATA/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $DATA/nginx/nginx.pid;
error_log $DATA/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $DATA/nginx;
    proxy_temp_path $DATA/nginx;
    fastcgi_temp_path $DATA/nginx;
    uwsgi_temp_path $DATA/nginx;
    scgi_temp_path $DATA/nginx;
    server { listen 127.0.0.2:8082; location /boot/ { alias $DATA/boot/; } }
}
CONF
/usr/sbin/nginx -c "$DATA/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
java -cp "$CLASSES:$API:$SLF4J" "$ROOT/bench/bastion/HttpServe.java" "$DATA/boot" 127.0.0.3 8083 "$DATA/state" > "$DATA/bastion.out" 2>&1 &
PIDS+=($!)
declare -A URL=([bastion]=http://127.0.0.3:8083/boot/image.img [nginx]=http://127.0.0.2:8082/boot/image.img)
for server in bastion nginx; do
    for _ in $(seq 100); do curl -s -o /dev/null --max-time 2 -r 0-0 "${URL[$server]}" && break; sleep 0.1; done
done

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
echo "bastion HTTP $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?'), $(/usr/sbin/nginx -v 2>&1 | cut -d' ' -f3), $(nproc) cores, ${SIZE_MB} MiB, curl over loopback"
for server in bastion nginx; do : > "$DATA/$server.rate"; done
for _ in $(seq "$RUNS"); do
    for server in bastion nginx; do
        curl -sS -o "$DATA/out.img" -w '%{speed_download}\n' "${URL[$server]}" >> "$DATA/$server.rate"
        [ "$(sha256sum < "$DATA/out.img" | cut -d' ' -f1)" = "$SUM" ] || { echo "$server sent a different file" >&2; exit 1; }
    done
done
B=$(median < "$DATA/bastion.rate"); N=$(median < "$DATA/nginx.rate")
printf '%d MiB: bastion %7.1f MB/s   nginx %7.1f MB/s   bastion/nginx %s (goal >= 0.8)\n' "$SIZE_MB" \
    "$(awk -v r="$B" 'BEGIN {print r / 1e6}')" "$(awk -v r="$N" 'BEGIN {print r / 1e6}')" \
    "$(awk -v b="$B" -v n="$N" 'BEGIN {printf "%.2f", b / n}')"
