#!/usr/bin/env bash
#
# What a user does without labd to put a module's bundle on N servers: for each host, scp the file
# to its /tmp, then one ssh command that installs it (install -D -m644 into the module's directory)
# and checks it (sha256sum -c); one host after another (loop), or N at once (parallel, xargs -P).
# The "hosts" are directories HOSTS/host-I of this machine behind one sshd on loopback
# (bench/lib/private-sshd.sh): 2 N connections to one local sshd, not N machines.
#
# usage: ssh-rollout.sh loop N FILE HOSTS
#        ssh-rollout.sh parallel N FILE HOSTS [P]    (P concurrent hosts, default N)
#        ssh-rollout.sh host I FILE HOSTS            (one host: what both run)
#   SSH_CLIENT_KEY and SSH_PORT in the environment (modules.sh sets them)
set -euo pipefail
mode=$1 n=$2 file=$3 hosts=$4
name=$(basename "$file")
opts=(-q -i "$SSH_CLIENT_KEY" -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null
      -o ControlMaster=no -o ControlPath=none)

BUNDLE_SHA256=${BUNDLE_SHA256:-$(sha256sum "$file" | cut -d' ' -f1)}
export BUNDLE_SHA256

case $mode in
    host)
        host=$hosts/host-$n
        sha=${BUNDLE_SHA256:-$(sha256sum "$file" | cut -d' ' -f1)}
        scp "${opts[@]}" -P "$SSH_PORT" "$file" "root@127.0.0.1:$host/tmp/$name"
        ssh "${opts[@]}" -p "$SSH_PORT" root@127.0.0.1 \
            "install -D -m644 $host/tmp/$name $host/opt/modules/bench/$name && echo '$sha  $host/opt/modules/bench/$name' | sha256sum -c --quiet"
        ;;
    loop)
        for i in $(seq "$n"); do "$0" host "$i" "$file" "$hosts"; done
        ;;
    parallel)
        seq "$n" | xargs -P "${5:-$n}" -I{} "$0" host {} "$file" "$hosts"
        ;;
    *)
        echo "usage: $0 loop|parallel|host N FILE HOSTS [P]" >&2
        exit 2
        ;;
esac
