# shellcheck shell=bash
#
# A private OpenSSH server on 127.0.0.1 for the benchmarks that compare labctl with ssh: its own
# config, host key and client key (key-only, MaxStartups raised), never the system's sshd.
# openssh-server is installed from Debian's packages when missing. Needs root (ssh root@127.0.0.1).
#
# usage: source bench/lib/private-sshd.sh; start_private_sshd DIR PORT
#   sets SSHD_PID (kill it when done), SSH_CMD (an array: "${SSH_CMD[@]}" COMMAND runs COMMAND there)
#   and SSH_CLIENT_KEY (the client's private key, for scp and other clients)

start_private_sshd() {
    local dir=$1 port=$2
    if [ ! -x /usr/sbin/sshd ]; then
        echo "installing openssh-server from Debian's packages" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openssh-server >/dev/null
        # the package starts the system sshd; the benchmarks do not need it
        systemctl disable --now ssh >/dev/null 2>&1 || true
    fi
    mkdir -p "$dir" /run/sshd
    ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/client_key"
    cp "$dir/client_key.pub" "$dir/authorized_keys"
    cat > "$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
MaxStartups 1000:30:2000
MaxSessions 1000
PrintMotd no
# scp (OpenSSH 9 speaks SFTP by default)
Subsystem sftp internal-sftp
CONF
    /usr/sbin/sshd -D -e -f "$dir/sshd_config" 2>"$dir/sshd.log" &
    SSHD_PID=$!
    SSH_CLIENT_KEY=$dir/client_key
    SSH_CMD=(ssh -q -i "$dir/client_key" -p "$port" -o BatchMode=yes -o StrictHostKeyChecking=no
             -o UserKnownHostsFile=/dev/null -o ControlMaster=no -o ControlPath=none root@127.0.0.1)
    for _ in $(seq 50); do "${SSH_CMD[@]}" true 2>/dev/null && return 0; sleep 0.1; done
    echo "the private sshd did not answer: $(cat "$dir/sshd.log")" >&2
    return 1
}

now_ms() { date +%s%3N; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# ssh_shell_startup_ms: the median time root's login shell takes to run `true` the way sshd starts
# it (Debian's bash reads ~/.bashrc when SSH_CLIENT is set), which every ssh command pays; a
# machine whose root has a heavy ~/.bashrc (pyenv, conda) makes ssh slower than on a clean server
ssh_shell_startup_ms() {
    local shell t times=()
    shell=$(getent passwd root | cut -d: -f7)
    for _ in 1 2 3 4 5; do
        t=$(now_ms)
        (cd /root && env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin "SSH_CLIENT=127.0.0.1 50000 22" SHLVL=0 "$shell" -c true) >/dev/null 2>&1
        times+=($(( $(now_ms) - t )))
    done
    printf '%s\n' "${times[@]}" | median
}

