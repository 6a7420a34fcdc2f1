# On a quiet log an aggregated alert's update is not held back: in the
# daemon, a window also closes by the wall clock once its length and
# aggregate-flush more have passed, though no later line moves event
# time.  With aggregate-flush off, only a later line (or exit) does.
. "$TOP/tests/e2e-lib.sh"
daemon_files
S="$T/state/stats.json"
sed -i 's|^max-line.*|&\npoll-interval 50ms\nstats-interval off\naggregate-window 2s\naggregate-flush 1s|' "$C"
"$D" -n -f "$C" > /dev/null 2>&1 || fail "aggregate-flush rejected"
: > "$LOG"
updates() { [ -f "$A" ] && [ "$(grep -c '"revision":2' "$A")" -ge "$1" ]; }
daemon_start
# Two hits of one rule, endpoint and destination: an alert, then folded.
squid_line 1773136001 10.20.1.1 http://qakbot-c2.example/a >> "$LOG"
squid_line 1773136001 10.20.1.1 http://qakbot-c2.example/b >> "$LOG"
wait_for 10 grep -q '"rule":{"id":"1000001"' "$A" 2>/dev/null || fail "no alert"
# Nothing else comes; 2s + 1s of wall clock later, the update goes out.
wait_for 10 updates 1 || fail "update held back on a quiet log"
grep '"revision":2' "$A" | jq -e '.incident.count == 2' > /dev/null ||
    fail "update count"
kill -USR1 $pid
wait_for 10 test -f "$S" || fail "no stats.json"
[ "$(jq -r .aggregate.flushed "$S")" = 1 ] || fail "flushed not counted"
kill -TERM $pid
wait $pid || fail "exit status $?"
trap - EXIT

# off: the window waits for event time (or exit).
sed -i 's|^aggregate-flush 1s|aggregate-flush off|' "$C"
rm -f "$A"
daemon_start
squid_line 1773136101 10.20.1.2 http://qakbot-c2.example/a >> "$LOG"
squid_line 1773136101 10.20.1.2 http://qakbot-c2.example/b >> "$LOG"
wait_for 10 grep -q '"rule":{"id":"1000001"' "$A" 2>/dev/null || fail "no alert"
sleep 4
updates 1 && fail "aggregate-flush off: update by the wall clock"
# A later line past the window's end closes it, as before.
squid_line 1773136110 10.20.1.3 http://www.example.com/ >> "$LOG"
wait_for 10 updates 1 || fail "update not sent on event time"
kill -TERM $pid
wait $pid || fail "exit status $?"
trap - EXIT
echo ok
