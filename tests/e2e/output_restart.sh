# The webhook output in the daemon: alerts written while the receiver is
# down wait in the spool across a restart of detectd, and arrive once, in
# order, when it is back; the daemon delivers from its own event loop.
. "$TOP/tests/e2e-lib.sh"
daemon_files
hit() {	# N
	squid_line $((1773137000 + $1)) "10.31.0.$1" \
	    "http://qakbot-c2.example/r$1" >> "$LOG"
}
echo fail > "$T/ctl"
"$B/tests/tools/httpsink" -P "$T/port" -o "$T/recv.json" -c "$T/ctl" \
    -l "$T/req.log" &
sink=$!
pid=
trap 'kill $sink $pid 2>/dev/null' EXIT
wait_for 5 test -s "$T/port" || fail "httpsink did not start"
sed -i 's|^max-line.*|&\npoll-interval 50ms|' "$C"
cat >> "$C" <<EOF
output ticketing {
	type webhook
	url "http://127.0.0.1:$(cat "$T/port")/alerts"
	timeout 500ms
	retry-min 50ms
	retry-max 200ms
	drain-timeout 300ms
}
EOF
: > "$LOG"
started() { [ "$(grep -c "started, following" "$T/daemon.log")" -gt "$1" ]; }
start() {
	"$D" -d -f "$C" 2>> "$T/daemon.log" &
	pid=$!
	wait_for 10 started "$1" ||
	    fail "daemon did not start: $(cat "$T/daemon.log")"
}
stop() {
	kill -TERM $pid
	wait $pid || fail "exit status $? on SIGTERM"
	pid=
}
start 0
for i in 1 2 3 4 5; do hit $i; done
wait_for 10 lines_at_least "$A" 5 || fail "no alerts written"
wait_for 10 grep -q "^503" "$T/req.log" || fail "receiver not tried"
stop
[ ! -s "$T/recv.json" ] || fail "delivered while failing"
grep -q "wait in the spool for the next start" "$T/daemon.log" ||
    fail "spool not reported at exit"

start 1
grep -q "wait in the spool from before" "$T/daemon.log" ||
    fail "spool not found again"
for i in 6 7 8; do hit $i; done
wait_for 10 lines_at_least "$A" 8 || fail "no alerts after restart"
echo ok > "$T/ctl"
wait_for 10 lines_at_least "$T/recv.json" "$(wc -l < "$A")" ||
    fail "not delivered after recovery"
hit 9
wait_for 10 lines_at_least "$T/recv.json" "$(wc -l < "$A")" ||
    fail "not delivered while up"
# Stopped before it read the last answer, detectd would send that batch
# again at exit (the receiver dedups on event.id): wait for the spool,
# whose segments are all empty once every answer is in.
spool_empty() { ! find "$T/state/spool-ticketing" -name '*.seg' -size +0 |
    grep -q .; }
wait_for 10 spool_empty || fail "spool not emptied"
stop
expect_same "$A" "$T/recv.json"
[ "$(grep -c '"rule":{"id":"1000001"' "$T/recv.json")" -eq 9 ] ||
    fail "expected 9 alerts of rule 1000001"
validate "$T/recv.json"
echo ok
