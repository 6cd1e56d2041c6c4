#!/usr/bin/env bash
# Measures the start-up of `labctl version --client` in each JVM set-up bin/labctl could use,
# the launcher itself, and `kubectl version --client` for comparison; prints mean and minimum
# wall time and the ratio to kubectl. Not run by the tests.
#
#   bench/cli/startup.sh            # after mvn -B -DskipTests install
#   RUNS=50 bench/cli/startup.sh
#
# Uses hyperfine when installed (apt-get install hyperfine), else a loop timed with bash's
# EPOCHREALTIME. Other work on the machine (a Maven build) inflates the means: compare minima.
# JAVA17_HOME and JAVA25_HOME pick the runtimes; a missing one skips its rows.
set -euo pipefail

root=$(readlink -f -- "$(dirname -- "${BASH_SOURCE[0]}")/../..")
jar=$root/cli/target/labctl.jar
runs=${RUNS:-20}
warmup=${WARMUP:-3}
java17_home=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
java25_home=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# the flags bin/labctl uses: C1 only, Serial GC, no perf-data file, a smaller stack
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss512k -XX:CICompilerCount=1"
args="version --client"

if [[ ! -f $jar ]]; then
    echo "labctl is not built: run mvn -B -DskipTests install" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

# names must not hold commas: they end up in a CSV file
names=() commands=()
add() { names+=("$1"); commands+=("$2"); }

# the same jar with picocli's own Java 5 class files, to show what compiling picocli for 17 gains
shipped_jar=''
picocli_version=$(sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' "$root/pom.xml")
picocli_jar=$HOME/.m2/repository/info/picocli/picocli/$picocli_version/picocli-$picocli_version.jar
if [[ -f $picocli_jar && -x $java17_home/bin/jar ]]; then
    shipped_jar=$work/labctl-shipped-picocli.jar
    cp "$jar" "$shipped_jar"
    mkdir "$work/picocli"
    (cd "$work/picocli" && "$java17_home/bin/jar" xf "$picocli_jar" picocli && "$java17_home/bin/jar" uf "$shipped_jar" picocli)
fi

# train NAME JAVA CREATE-OPTION JAR: makes the archive bin/labctl would make, with the same
# training run, and prints its path; fails when the JVM made none
train() {
    # shellcheck disable=SC2086
    "$2" $flags "$3$work/$1" -cp "$4" org.labctl.cli.StartupTraining >/dev/null 2>&1 || true
    [[ -s $work/$1 ]] && echo "$work/$1"
}

if [[ -x $java17_home/bin/java ]]; then
    j=$java17_home/bin/java
    add "java 17 defaults" "$j -jar $jar $args"
    add "java 17 + flags" "$j $flags -jar $jar $args"
    if [[ -n $shipped_jar ]]; then
        if cds=$(train shipped17.jsa "$j" -XX:ArchiveClassesAtExit= "$shipped_jar"); then
            add "java 17 + flags + AppCDS (picocli as shipped)" "$j $flags -XX:SharedArchiveFile=$cds -jar $shipped_jar $args"
        fi
    fi
    if cds=$(train labctl17.jsa "$j" -XX:ArchiveClassesAtExit= "$jar"); then
        add "java 17 + flags + AppCDS" "$j $flags -XX:SharedArchiveFile=$cds -jar $jar $args"
    fi
fi
if [[ -x $java25_home/bin/java ]]; then
    j=$java25_home/bin/java
    add "java 25 defaults" "$j -jar $jar $args"
    add "java 25 + flags" "$j $flags -jar $jar $args"
    if [[ -n $shipped_jar ]]; then
        if aot=$(train shipped25.aot "$j" -XX:AOTCacheOutput= "$shipped_jar"); then
            add "java 25 + flags + AOT cache (picocli as shipped)" "$j $flags -XX:AOTCache=$aot -jar $shipped_jar $args"
        fi
    fi
    if aot=$(train labctl25.aot "$j" -XX:AOTCacheOutput= "$jar"); then
        add "java 25 + flags + AOT cache" "$j $flags -XX:AOTCache=$aot -jar $jar $args"
    fi
fi
"$root/bin/labctl" version --client >/dev/null # makes the launcher's own archive before it is timed
add "bin/labctl (what it picks)" "$root/bin/labctl $args"
kubectl=$(command -v kubectl || true)
if [[ -n $kubectl ]]; then
    add "kubectl version --client" "$kubectl version --client"
fi

means=() minima=()
if command -v hyperfine >/dev/null; then
    timer=hyperfine
    hyperfine_args=(-N --warmup "$warmup" --runs "$runs" --export-csv "$work/times.csv" --style none)
    for i in "${!names[@]}"; do
        hyperfine_args+=(-n "${names[$i]}" "${commands[$i]}")
    done
    hyperfine "${hyperfine_args[@]}" >/dev/null
    # columns: command,mean,stddev,median,user,system,min,max (seconds)
    while IFS=, read -r _ mean _ _ _ _ min _; do
        means+=("$(awk -v s="$mean" 'BEGIN { printf "%.1f", s * 1000 }')")
        minima+=("$(awk -v s="$min" 'BEGIN { printf "%.1f", s * 1000 }')")
    done < <(tail -n +2 "$work/times.csv")
else
    timer="bash loop (hyperfine not installed)"
    for i in "${!names[@]}"; do
        read -r -a command <<<"${commands[$i]}"
        for ((w = 0; w < warmup; w++)); do "${command[@]}" >/dev/null 2>&1; done
        total=0 min=''
        for ((r = 0; r < runs; r++)); do
            start=$EPOCHREALTIME
            "${command[@]}" >/dev/null 2>&1
            end=$EPOCHREALTIME
            us=$((${end/./} - ${start/./}))
            total=$((total + us))
            if [[ -z $min ]] || ((us < min)); then min=$us; fi
        done
        means+=("$(awk -v t="$total" -v n="$runs" 'BEGIN { printf "%.1f", t / n / 1000 }')")
        minima+=("$(awk -v t="$min" 'BEGIN { printf "%.1f", t / 1000 }')")
    done
fi

kubectl_mean=''
if [[ -n $kubectl ]]; then
    kubectl_mean=${means[${#means[@]} - 1]}
fi
echo "labctl start-up: '$args', $runs runs after $warmup warm-ups, timed by $timer"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)${kubectl:+, kubectl: $(readlink -f -- "$kubectl")}"
printf '%-48s %9s %9s %12s\n' "variant" "mean ms" "min ms" "mean/kubectl"
for i in "${!names[@]}"; do
    ratio=n/a
    if [[ -n $kubectl_mean ]]; then
        ratio=$(awk -v a="${means[$i]}" -v b="$kubectl_mean" 'BEGIN { printf "%.2fx", a / b }')
    fi
    printf '%-48s %9s %9s %12s\n' "${names[$i]}" "${means[$i]}" "${minima[$i]}" "$ratio"
done
if [[ -z $kubectl ]]; then
    echo "kubectl is not installed: no comparison"
fi
