#!/usr/bin/env bash
# Run a command with the test daemons up: pcscd (with the vsmartcard vpcd driver), cupsd
# (with a cups-pdf queue named KioskTestPDF) and a private PostgreSQL cluster for the platform's
# tests (in out/daemons/postgres, on a Unix socket only, trust auth, fsync on).
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
# PostgreSQL is told apart from any other cluster on the machine by its data directory, so the
# system's own cluster (or another checkout's) is neither used nor stopped by this checkout's.
#
# CMD gets: KIOSK_TEST_DAEMONS=1 KIOSK_TEST_CUPS_QUEUE KIOSK_TEST_CUPS_OUT KIOSK_TEST_VPCD_PORT
#           KIOSK_TEST_POSTGRES_URL (SQLAlchemy URL of the database kiosk_test, as a role that
#           may CREATE DATABASE) QT_QPA_PLATFORM=offscreen
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: bash tests/daemons.sh CMD [ARGS...]" >&2
    exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOGDIR="$ROOT/out/daemons"
# cups-pdf output: one folder for every checkout on the machine, since cups-pdf has one `Out`
# and two checkouts' runs side by side must not point it away from each other. Outside the
# checkout, so cups-pdf can write there wherever the project is cloned (/root, a 0700 folder);
# tests find their own file by job id. PDFs older than a day are removed at start.
CUPS_OUT=/var/tmp/kiosk-test-cups-pdf
QUEUE=KioskTestPDF
VPCD_PORT=35963
PPD=lsb/usr/cups-pdf/CUPS-PDF_opt.ppd      # `lpinfo -m | grep -i pdf` lists it
CUPS_PDF_CONF=/etc/cups/cups-pdf.conf
STATE=/run/kiosk-test-daemons              # lock, leases, pids of the daemons we started
WAIT_TENTHS=100                            # 10 s for a daemon to come up
PG_PORT=55432                              # only names the socket: the cluster has no TCP
PG_DB=kiosk_test
PG_STOP_TENTHS=300                         # 30 s for a fast shutdown (it ends with a checkpoint)

die() { echo "tests/daemons.sh: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (pcscd and cupsd need /run); try sudo"
for tool in pcscd cupsd lpadmin lpstat cupsenable cupsaccept flock runuser; do
    command -v "$tool" >/dev/null || die "$tool not found: run 'bash installer/install-deps.sh' first"
done
[ -e /usr/lib/cups/backend/cups-pdf ] || die "cups-pdf backend missing: run 'bash installer/install-deps.sh'"
# The newest PostgreSQL from Debian's packages (postgresql-NN and postgresql-client-NN).
PG_BIN=
for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
    [ -x "$dir/pg_ctl" ] && [ -x "$dir/pg_isready" ] && [ -x "$dir/psql" ] && PG_BIN=$dir
done
[ -n "$PG_BIN" ] || die "PostgreSQL not found in /usr/lib/postgresql: run 'bash installer/install-deps.sh' first"
id -u postgres >/dev/null 2>&1 || die "no postgres user (the postgresql package makes it): reinstall postgresql"

mkdir -p "$LOGDIR" "$CUPS_OUT" "$STATE/leases"
chmod 1777 "$CUPS_OUT"
find "$CUPS_OUT" -maxdepth 1 -type f -name '*.pdf' -mtime +0 -delete 2>/dev/null || true

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

# stop_pid NAME PID SIGNAL TENTHS: signal the process, give it TENTHS/10 s to exit, then SIGKILL it
stop_pid() {
    local name=$1 pid=$2 sig=$3 tenths=$4 i
    is_proc "$pid" "$name" || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < tenths; i++)); do
        is_proc "$pid" "$name" || return 0
        sleep 0.1
    done
    echo "tests/daemons.sh: $name (pid $pid) ignored SIG$sig for $((tenths / 10)) s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
}

# Stop the daemons recorded in $STATE, unless another daemons.sh still uses them.
# Called with the lock held.
stop_ours() {
    local lease name pid file
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
        stop_pid "$name" "$pid" TERM 50
    done
    # One file per cluster (that is, per checkout). SIGINT is PostgreSQL's fast shutdown:
    # clients are disconnected, then a checkpoint; SIGTERM would wait for every client to leave.
    for file in "$STATE"/postgres-*.pid; do
        [ -f "$file" ] || continue
        pid=$(cat "$file")
        rm -f "$file"
        stop_pid postgres "$pid" INT "$PG_STOP_TENTHS"
    done
}

# -- PostgreSQL ------------------------------------------------------------------------------------

# The cluster lives in out/daemons/postgres, owned by postgres. When the postgres user cannot
# reach that (a checkout under /root, mode 0700), it lives in /var/tmp instead, one per checkout.
PG_KEY=$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)
PG_DIR="$LOGDIR/postgres"
mkdir -p "$PG_DIR"
if ! runuser -u postgres -- test -x "$PG_DIR" 2>/dev/null; then
    PG_DIR="/var/tmp/kiosk-test-postgres-$PG_KEY"
    mkdir -p "$PG_DIR"
fi
PG_DATA="$PG_DIR/data"
PG_SOCKET="$PG_DIR/socket"                  # mode 0700: only postgres and root can connect
# A Unix socket's path has at most 107 bytes.
[ "${#PG_SOCKET}" -le 90 ] || PG_SOCKET="$STATE/postgres-$PG_KEY.socket"
PG_LOG="$LOGDIR/postgres.log"
PG_STATE="$STATE/postgres-$PG_KEY.pid"

as_postgres() { (cd / && runuser -u postgres -- env LC_ALL=C.UTF-8 "$@"); }
pg_ready() { "$PG_BIN/pg_isready" -q -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d postgres; }
pg_sql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCKET" -p "$PG_PORT" -U postgres -d postgres "$@"; }

# pids of our cluster's processes, if any: PostgreSQL's processes work in their data directory
pg_procs() {
    local p comm
    for p in /proc/[0-9]*; do
        { read -r comm <"$p/comm"; } 2>/dev/null || continue
        [ "$comm" = postgres ] || continue
        [ "$(readlink "$p/cwd" 2>/dev/null)" = "$PG_DATA" ] && echo "${p#/proc/}"
    done
    return 0
}

# pid of our cluster's postmaster, from its postmaster.pid; fails when it does not run
pg_postmaster() {
    local pid
    { read -r pid <"$PG_DATA/postmaster.pid"; } 2>/dev/null || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] && is_proc "$pid" postgres \
        && [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$PG_DATA" ] && echo "$pid"
}

# $1 percent-encoded for a URL's query string
urlencode() {
    local s=$1 out= c i
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            [A-Za-z0-9/._~-]) out+=$c ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    echo "$out"
}

start_postgres() {
    local pid i left stale
    if pid=$(pg_postmaster); then
        :                                       # ours, from an earlier run: wait until it is ready
    else
        # Left by a kill -9 of the postmaster: its children notice and exit; wait for them
        # (PostgreSQL does not start while they hold its shared memory), then remove the stale
        # postmaster.pid and socket lock, whose pid may belong to another process by now.
        for ((i = 0; i < 50; i++)); do
            left=$(pg_procs)
            [ -z "$left" ] && break
            sleep 0.1
        done
        if [ -n "$left" ]; then
            # shellcheck disable=SC2086
            kill -KILL $left 2>/dev/null || true
            sleep 0.5
        fi
        rm -f "$PG_DATA/postmaster.pid" "$PG_SOCKET/.s.PGSQL.$PG_PORT" "$PG_SOCKET/.s.PGSQL.$PG_PORT.lock"
        chown postgres: "$PG_DIR"
        if [ "$(cat "$PG_DATA/PG_VERSION" 2>/dev/null)" != "$(basename "$(dirname "$PG_BIN")")" ]; then
            # No cluster yet, or one of another major version: make one. initdb works in a side
            # directory, so an interrupted initdb never leaves a half-made cluster behind.
            rm -rf "$PG_DATA" "$PG_DATA.new"
            echo "--- $(date '+%F %T') initdb by tests/daemons.sh (pid $$)" >>"$PG_LOG"
            as_postgres "$PG_BIN/initdb" -D "$PG_DATA.new" -U postgres --auth-local=trust --auth-host=reject \
                --encoding=UTF8 --locale=C.UTF-8 --no-instructions 9>&- </dev/null >>"$PG_LOG" 2>&1 \
                || die "initdb failed; see $PG_LOG"
            printf '%s\n' "" \
                "# tests/daemons.sh: a Unix socket in a private directory and no TCP; durable like production" \
                "listen_addresses = ''" \
                "port = $PG_PORT" \
                "unix_socket_directories = '$PG_SOCKET'" \
                "unix_socket_permissions = 0700" \
                "fsync = on" \
                "synchronous_commit = on" \
                "full_page_writes = on" >>"$PG_DATA.new/postgresql.conf"
            mv "$PG_DATA.new" "$PG_DATA"
        fi
        mkdir -p "$PG_SOCKET"
        chown postgres: "$PG_SOCKET"
        chmod 0700 "$PG_SOCKET"
        echo "--- $(date '+%F %T') started by tests/daemons.sh (pid $$)" >>"$PG_LOG"
        # pg_ctl puts the postmaster in a session of its own, so a Ctrl-C does not reach it. No -l:
        # the server writes to pg_ctl's standard output, the log that root opened here, since the
        # postgres user may not be able to enter out/ (a checkout under /root or in a 0700 folder).
        as_postgres "$PG_BIN/pg_ctl" start -D "$PG_DATA" -w -t "$((WAIT_TENTHS / 10))" -s \
            9>&- </dev/null >>"$PG_LOG" 2>&1 || die "PostgreSQL could not start; see $PG_LOG"
        pid=$(pg_postmaster) || die "PostgreSQL exited right after it started; see $PG_LOG"
        echo "$pid" >"$PG_STATE"
        # Databases of earlier test runs that were killed before they could drop them (only
        # now: while the cluster runs, another run may be using its test_ databases).
        for stale in $(pg_sql -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'test\_%'" \
            </dev/null 2>>"$PG_LOG" || true); do
            pg_sql -c "DROP DATABASE \"$stale\" WITH (FORCE)" </dev/null >>"$PG_LOG" 2>&1 || true
        done
    fi
    for ((i = 0; i < WAIT_TENTHS; i++)); do
        pg_ready && break
        is_proc "$pid" postgres || die "PostgreSQL exited; see $PG_LOG"
        sleep 0.1
    done
    pg_ready || die "PostgreSQL did not get ready within $((WAIT_TENTHS / 10)) s; see $PG_LOG"
    if [ "$(pg_sql -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" </dev/null 2>>"$PG_LOG")" != 1 ]; then
        pg_sql -c "CREATE DATABASE $PG_DB" </dev/null >>"$PG_LOG" 2>&1 || die "could not create database $PG_DB; see $PG_LOG"
    fi
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
start_postgres
flock -u 9
exec 9>&-

export KIOSK_TEST_DAEMONS=1
export KIOSK_TEST_CUPS_QUEUE="$QUEUE"
export KIOSK_TEST_CUPS_OUT="$CUPS_OUT"
export KIOSK_TEST_VPCD_PORT="$VPCD_PORT"
export KIOSK_TEST_POSTGRES_URL="postgresql+psycopg://postgres@/$PG_DB?host=$(urlencode "$PG_SOCKET")&port=$PG_PORT"
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
