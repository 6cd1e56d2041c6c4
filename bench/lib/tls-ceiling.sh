# shellcheck shell=bash
#
# The ceiling of labctl's design on this machine (bench/lib/TlsCeiling.java): a fresh JVM, with the
# flags bin/labctl gives a single exec or logs stream, receives 1 GiB over the JDK's TLS 1.3 from a
# warm JVM on loopback: directly; through a JVM that only decrypts and encrypts again (as labd must,
# between the agent's connection and labctl's); and through a JVM that only copies the encrypted
# bytes (a relay that left TLS to the two ends, which labctl's design does not have: what the most
# a different design could reach). Nothing else runs: labctl cannot pass these.
#
# usage: source bench/lib/tls-ceiling.sh; tls_ceiling DIR PORT SSH_MS
#   prints one line: the three ceilings in MB/s and as ratios to ssh's time for 1 GiB (SSH_MS); the
#   caller's cleanup kills $CEILING_PIDS should it stop half-way
export CEILING_PIDS=

tls_ceiling() {
    local dir=$1 port=$2 ssh_ms=$3 lib serve relay splice keys
    lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    mkdir -p "$dir"
    keys=$dir/keys.p12
    keytool -genkeypair -alias ceiling -keyalg EC -groupname secp256r1 -dname CN=localhost -ext san=ip:127.0.0.1 \
        -validity 2 -keystore "$keys" -storepass ceiling -storetype PKCS12 >/dev/null 2>&1
    javac -d "$dir" "$lib/TlsCeiling.java"
    java -cp "$dir" TlsCeiling serve "$keys" "$port" 2>"$dir/serve.err" & serve=$!
    java -cp "$dir" TlsCeiling relay "$keys" $(( port + 1 )) "$port" 2>"$dir/relay.err" & relay=$!
    java -cp "$dir" TlsCeiling splice "$keys" $(( port + 2 )) "$port" 2>"$dir/splice.err" & splice=$!
    local pids=("$serve" "$relay" "$splice")
    CEILING_PIDS="${pids[*]}"
    local tries=0
    until java -cp "$dir" TlsCeiling receive "$keys" $(( port + 1 )) 8 >/dev/null 2>&1; do
        tries=$(( tries + 1 ))
        [ "$tries" -lt 50 ] || { echo "tls_ceiling: the ceiling's server did not start" >&2; kill "${pids[@]}"; return 1; }
        sleep 0.2
    done
    tries=0
    until java -cp "$dir" TlsCeiling receive "$keys" $(( port + 2 )) 8 >/dev/null 2>&1; do
        tries=$(( tries + 1 ))
        [ "$tries" -lt 50 ] || { echo "tls_ceiling: the splice did not start" >&2; kill "${pids[@]}"; return 1; }
        sleep 0.2
    done
    # bin/labctl's flags for a single stream (C2 included), without its class archive, and with the
    # JDK's compile thresholds rather than bin/labctl's tripled C2 thresholds, which trade about 5 %
    # of a stream's throughput for a faster short command: the most the design allows
    local flags=(-XX:+UseSerialGC -XX:-UsePerfData -Xss512k -XX:TieredStopAtLevel=4 -XX:CICompilerCount=2)
    java "${flags[@]}" -cp "$dir" TlsCeiling receive "$keys" "$port" 1024 >/dev/null          # warm the sender
    java "${flags[@]}" -cp "$dir" TlsCeiling receive "$keys" $(( port + 1 )) 1024 >/dev/null  # and the relay
    java "${flags[@]}" -cp "$dir" TlsCeiling receive "$keys" $(( port + 2 )) 1024 >/dev/null  # and the splice
    : > "$dir/direct"; : > "$dir/relayed"; : > "$dir/spliced"
    for _ in 1 2 3; do
        java "${flags[@]}" -cp "$dir" TlsCeiling receive "$keys" "$port" 1024 >> "$dir/direct"
        java "${flags[@]}" -cp "$dir" TlsCeiling receive "$keys" $(( port + 1 )) 1024 >> "$dir/relayed"
        java "${flags[@]}" -cp "$dir" TlsCeiling receive "$keys" $(( port + 2 )) 1024 >> "$dir/spliced"
    done
    kill "${pids[@]}" 2>/dev/null || true
    local direct relayed spliced ssh_mbps
    direct=$(median < "$dir/direct"); relayed=$(median < "$dir/relayed"); spliced=$(median < "$dir/spliced")
    ssh_mbps=$(awk -v ms="$ssh_ms" 'BEGIN {printf "%.0f", 1073.741824 / (ms / 1000)}')
    printf '   ceiling, JDK TLS alone (bench/lib/TlsCeiling.java): direct %s MB/s (%s x ssh), through a re-encrypting relay %s MB/s (%s x ssh), through a relay that only copies the encrypted bytes %s MB/s (%s x ssh)\n' \
        "$direct" "$(ratio "$direct" "$ssh_mbps")" "$relayed" "$(ratio "$relayed" "$ssh_mbps")" "$spliced" "$(ratio "$spliced" "$ssh_mbps")"
}
