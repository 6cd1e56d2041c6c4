#!/usr/bin/env bash
#
# Decision time of the RBAC policy engine (JMH, bench/rbac/src/main/java/.../DecisionBenchmark.java)
# with 10, 1,000 and 10,000 rules, next to a linear scan of the same rules. Goal: at most 1 µs
# median at 1,000 rules. Builds target/benchmarks.jar when it is missing or older than the sources,
# runs one fork with short settings and ends with a summary: average and median ns per decision.
#
# usage: bench/rbac/run.sh [JMH options...]   (default: -f 1 -wi 3 -i 5 -w 1s -r 1s; e.g. -p rules=1000)
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
JAR=$ROOT/bench/rbac/target/benchmarks.jar

newer=$(find "$ROOT/bench/rbac/src" "$ROOT/bench/rbac/pom.xml" "$ROOT/bundles/rbac/src/main" "$ROOT/bundles/api/src/main" \
    -newer "$JAR" -type f 2>/dev/null | head -1 || true)
if [[ ! -f $JAR || -n $newer ]]; then
    echo "building $JAR" >&2
    (cd "$ROOT" && flock /tmp/labctl-mvn.lock mvn -B -q -o -DskipTests -pl bundles/api,bundles/rbac,bench/rbac -am package) >&2
fi

RESULTS=$(mktemp /tmp/labctl-rbac-bench-XXXXXX.csv)
trap 'rm -f "$RESULTS"' EXIT
echo "rbac decision benchmark: $(cd "$ROOT" && git describe --always --dirty 2>/dev/null || echo '?'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
if [[ $# -eq 0 ]]; then
    set -- -f 1 -wi 3 -i 5 -w 1s -r 1s
fi
java -jar "$JAR" 'org.labctl.bench.rbac.DecisionBenchmark' "$@" -rf csv -rff "$RESULTS"

echo
echo "ns per decision"
awk -F, '
    NR == 1 { next }
    { gsub(/"/, ""); bench = $1; sub(/^.*DecisionBenchmark\./, "", bench); rules = $NF }
    $2 == "avgt" && bench == "decide"          { avg[rules] = $5; error[rules] = $6 }
    $2 == "avgt" && bench == "linearScan"      { scan[rules] = $5 }
    $2 == "sample" && bench == "decide:p0.50"  { median[rules] = $5 }
    $2 == "sample" && bench == "decide:p0.99"  { p99[rules] = $5 }
    !(rules in seen) { seen[rules] = 1; order[++n] = rules }
    END {
        printf "%8s %12s %12s %12s %16s\n", "rules", "average", "median", "p99", "linear scan avg"
        for (i = 1; i <= n; i++) {
            r = order[i]
            printf "%8s %12s %12s %12s %16s\n", r, fmt(avg[r], error[r]), fmt(median[r], ""), fmt(p99[r], ""), fmt(scan[r], "")
        }
    }
    function fmt(v, e) {
        if (v == "") return "-"
        return e == "" || e == "NaN" ? sprintf("%.1f", v) : sprintf("%.1f±%.1f", v, e)
    }
' "$RESULTS"
