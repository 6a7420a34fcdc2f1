# sd_notify spoken over $NOTIFY_SOCKET without libsystemd: READY=1 once
# the daemon follows its inputs, WATCHDOG=1 at half of $WATCHDOG_USEC,
# RELOADING=1 then READY=1 on SIGHUP, STOPPING=1 on SIGTERM; with a
# socket path and with an abstract name ('@').
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
M="$T/notify.log"
sink=""
pid=""
trap 'kill $pid $sink 2>/dev/null' EXIT
said() { grep -qx "$1" "$M"; }
count() { grep -cx "$1" "$M" 2>/dev/null || true; }
at_least() { [ "$(count "$1")" -ge "$2" ]; }

run_once() {	# run_once SOCKET
	: > "$M"
	"$B/tests/tools/notifysink" "$1" "$M" &
	sink=$!
	# The sink binds before it reads: wait for the path (or give an
	# abstract name a moment).
	case "$1" in
	@*) sleep 0.2 ;;
	*) wait_for 5 test -S "$1" || fail "notifysink did not bind $1" ;;
	esac
	NOTIFY_SOCKET="$1" WATCHDOG_USEC=200000 "$D" -d -f "$C" \
	    2> "$T/daemon.log" &
	pid=$!
	wait_for 10 said "READY=1" || fail "no READY=1: $(cat "$T/daemon.log")"
	said "MAINPID=$pid" || fail "no MAINPID=$pid"
	grep -q "^STATUS=following 1 inputs" "$M" || fail "no STATUS line"
	# 200ms watchdog: a ping every 100ms.
	wait_for 5 at_least "WATCHDOG=1" 3 || fail "no WATCHDOG=1"
	kill -HUP $pid
	wait_for 10 said "RELOADING=1" || fail "no RELOADING=1"
	wait_for 10 at_least "READY=1" 2 || fail "no READY=1 after reload"
	[ "$(grep -n -x 'RELOADING=1' "$M" | head -n1 | cut -d: -f1)" -lt \
	    "$(grep -n -x 'READY=1' "$M" | tail -n1 | cut -d: -f1)" ] ||
	    fail "READY=1 before RELOADING=1"
	kill -TERM $pid
	wait $pid || fail "exit status $? on SIGTERM"
	pid=""
	wait_for 5 said "STOPPING=1" || fail "no STOPPING=1"
	kill $sink
	wait $sink 2>/dev/null
	sink=""
}

run_once "$T/notify.sock"
run_once "@detectd-test-$$-$(basename "$T")"

# Without NOTIFY_SOCKET nothing is sent and nothing fails.  The log is
# emptied first: the background job truncates it only once it runs, and
# the last run's "started" would let SIGTERM come before the handlers.
: > "$T/daemon.log"
"$D" -d -f "$C" 2> "$T/daemon.log" &
pid=$!
wait_for 10 grep -q "started, following" "$T/daemon.log" ||
    fail "no start without NOTIFY_SOCKET"
kill -TERM $pid
wait $pid || fail "exit status $? without NOTIFY_SOCKET"
pid=""
grep -q "notify" "$T/daemon.log" && fail "notify errors without a socket"
trap - EXIT
echo ok
