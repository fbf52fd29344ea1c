#!/usr/bin/env bash
# Run a command with the test daemons up: pcscd (with the vsmartcard vpcd driver) and cupsd
# (with a cups-pdf queue named KioskTestPDF).
#
#   bash tests/daemons.sh CMD [ARGS...]
#
# Exits with CMD's status. Works without systemd; needs root (pcscd and cupsd use /run).
#
# Daemons that are already running (started by the system or by hand) are used and never
# stopped. Daemons this script starts are recorded in $STATE and stopped when the last
# daemons.sh that uses them exits, so two runs side by side do not pull a daemon from under
# each other, and a daemon orphaned by a kill -9 of this script is stopped by the next run.
# Stale sockets and pid files left by a kill -9 of a daemon are removed before starting it.
#
# CMD gets: KIOSK_TEST_DAEMONS=1 KIOSK_TEST_CUPS_QUEUE KIOSK_TEST_CUPS_OUT KIOSK_TEST_VPCD_PORT
#           QT_QPA_PLATFORM=offscreen
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: bash tests/daemons.sh CMD [ARGS...]" >&2
    exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOGDIR="$ROOT/out/daemons"
# cups-pdf output. cups-pdf writes as the job's user (root here, since the tests submit as
# root), so a directory inside the repo works. It would not for a job from an unprivileged
# user if the repo is under /root (mode 0700): such a user would need a dir like
# /var/spool/cups-pdf/<name> or /tmp/<name>; the 1777 mode below covers everything else.
CUPS_OUT="$LOGDIR/cups-pdf"
QUEUE=KioskTestPDF
VPCD_PORT=35963
PPD=lsb/usr/cups-pdf/CUPS-PDF_opt.ppd      # `lpinfo -m | grep -i pdf` lists it
CUPS_PDF_CONF=/etc/cups/cups-pdf.conf
STATE=/run/kiosk-test-daemons              # lock, leases, pids of the daemons we started
WAIT_TENTHS=100                            # 10 s for a daemon to come up

die() { echo "tests/daemons.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (pcscd and cupsd need /run); try sudo"
for tool in pcscd cupsd lpadmin lpstat cupsenable cupsaccept flock; do
    command -v "$tool" >/dev/null || die "$tool not found: run 'bash installer/install-deps.sh' first"
done
[ -e /usr/lib/cups/backend/cups-pdf ] || die "cups-pdf backend missing: run 'bash installer/install-deps.sh'"

mkdir -p "$LOGDIR" "$CUPS_OUT" "$STATE/leases"
chmod 1777 "$CUPS_OUT"

# pid of a live (non-zombie) process whose comm is exactly $1; fails when there is none.
# Reads /proc directly so it does not need procps.
find_proc() {
    local p comm state
    for p in /proc/[0-9]*; do
        { read -r comm <"$p/comm"; } 2>/dev/null || continue
        [ "$comm" = "$1" ] || continue
        state=$(awk '{print $3}' "$p/stat" 2>/dev/null) || continue
        [ "$state" = Z ] && continue
        echo "${p#/proc/}"
        return 0
    done
    return 1
}

# true when pid $1 is alive (not a zombie) and, if $2 is given, its comm is $2
is_proc() {
    local comm state
    { read -r comm <"/proc/$1/comm"; } 2>/dev/null || return 1
    [ -z "${2:-}" ] || [ "$comm" = "$2" ] || return 1
    state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
    [ "$state" != Z ]
}

# true when something listens on TCP port $1 (IPv4 or IPv6)
tcp_listening() {
    local hex
    hex=$(printf '%04X' "$1")
    awk -v port=":$hex" 'FNR > 1 && substr($2, length($2) - 4) == port && $4 == "0A" { found = 1 }
                         END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

pcscd_ready() { [ -S /run/pcscd/pcscd.comm ] && tcp_listening "$VPCD_PORT"; }
cupsd_ready() { [[ "$(lpstat -r 2>/dev/null)" == *"scheduler is running"* ]]; }

# start_daemon NAME READY_FUNC STALE_FILES... -- CMD...
start_daemon() {
    local name=$1 ready=$2 pid i
    shift 2
    local stale=()
    while [ "$1" != -- ]; do stale+=("$1"); shift; done
    shift
    if pid=$(find_proc "$name"); then
        # Running already (ours from an earlier run, or someone else's): wait until it is ready.
        :
    else
        rm -f "${stale[@]}"
        echo "--- $(date '+%F %T') started by tests/daemons.sh (pid $$)" >>"$LOGDIR/$name.log"
        # setsid: a Ctrl-C meant for one test run must not kill a daemon that others share.
        setsid "$@" 9>&- </dev/null >>"$LOGDIR/$name.log" 2>&1 &
        pid=$!
        echo "$pid" >"$STATE/$name.pid"
    fi
    for ((i = 0; i < WAIT_TENTHS; i++)); do
        "$ready" && return 0
        # (comm is not $name until setsid has exec'd, so only check that it is alive)
        is_proc "$pid" || { "$ready" && return 0; die "$name could not start (it exited); see $LOGDIR/$name.log"; }
        sleep 0.1
    done
    "$ready" && return 0
    die "$name did not get ready within $((WAIT_TENTHS / 10)) s; see $LOGDIR/$name.log"
}

# Stop the daemons recorded in $STATE, unless another daemons.sh still uses them.
# Called with the lock held.
stop_ours() {
    local lease name pid i
    for lease in "$STATE"/leases/*; do
        [ -e "$lease" ] || continue
        if [ -d "/proc/${lease##*/}" ]; then
            return 0                            # someone else still needs the daemons
        fi
        rm -f "$lease"                          # left by a kill -9 of daemons.sh
    done
    for name in pcscd cupsd; do
        [ -f "$STATE/$name.pid" ] || continue
        pid=$(cat "$STATE/$name.pid")
        rm -f "$STATE/$name.pid"
        is_proc "$pid" "$name" || continue
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            is_proc "$pid" "$name" || break
            sleep 0.1
        done
        if is_proc "$pid" "$name"; then
            echo "tests/daemons.sh: $name (pid $pid) ignored SIGTERM; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
}

CHILD=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
        kill -TERM "$CHILD" 2>/dev/null || true
        wait "$CHILD" 2>/dev/null || true
    fi
    exec 9>"$STATE/lock"
    flock -w 60 9 || echo "tests/daemons.sh: could not take $STATE/lock; daemons left running" >&2
    rm -f "$STATE/leases/$$"
    stop_ours
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Take the lock while registering and starting, so a run that is finishing does not stop a
# daemon this run is about to use.
exec 9>"$STATE/lock"
flock -w 120 9 || die "another tests/daemons.sh holds $STATE/lock for over 2 minutes"
touch "$STATE/leases/$$"

start_daemon pcscd pcscd_ready /run/pcscd/pcscd.comm /run/pcscd/pcscd.pid -- pcscd -f
start_daemon cupsd cupsd_ready /run/cups/cupsd.pid /run/cups/cups.sock -- cupsd -f

# cups-pdf reads its config per job, so no restart is needed after changing Out.
if ! grep -qxF "Out $CUPS_OUT" "$CUPS_PDF_CONF"; then
    if grep -q '^Out ' "$CUPS_PDF_CONF"; then
        sed -i "s|^Out .*|Out $CUPS_OUT|" "$CUPS_PDF_CONF"
    else
        echo "Out $CUPS_OUT" >>"$CUPS_PDF_CONF"
    fi
fi
if ! lpstat -v "$QUEUE" >/dev/null 2>&1; then
    lpadmin -p "$QUEUE" -E -v cups-pdf:/ -m "$PPD" 2>>"$LOGDIR/cupsd.log" \
        || die "lpadmin could not create $QUEUE; see $LOGDIR/cupsd.log and /var/log/cups/error_log"
fi
# A test may have paused the queue or made it reject jobs; start every run from a clean one.
{ cupsenable "$QUEUE" && cupsaccept "$QUEUE"; } || die "could not enable $QUEUE"
flock -u 9
exec 9>&-

export KIOSK_TEST_DAEMONS=1
export KIOSK_TEST_CUPS_QUEUE="$QUEUE"
export KIOSK_TEST_CUPS_OUT="$CUPS_OUT"
export KIOSK_TEST_VPCD_PORT="$VPCD_PORT"
export QT_QPA_PLATFORM=offscreen

# In the background with `wait`, so a SIGTERM to this script is handled at once (the EXIT
# trap passes it on to CMD). The explicit <&0 keeps CMD's stdin (bash would use /dev/null).
"$@" <&0 &
CHILD=$!
set +e
wait "$CHILD"
rc=$?
set -e
CHILD=
exit "$rc"
