# Suppressions are counted per entry: in the replay summary (-v), in
# stats.json and in the reload log.  An entry already expired is said
# once per load, not once per rule set built.  (And the foreground
# daemon's log lines carry their time.)
. "$TOP/tests/e2e-lib.sh"
unset JOURNAL_STREAM	# the journal would stamp lines itself
daemon_files
S="$T/state/stats.json"
sed -i 's|^max-line.*|&\npoll-interval 50ms\nstats-interval off|' "$C"
cat > "$T/etc/rules.d/zz-local.rules" <<'RULES'
suppress {
	rules 1000001
	endpoint 10.20.1.1
	until 2099-01-01
	reason "sinkhole test, ticket SEC-7"
}
suppress {
	rules 1000001
	endpoint 10.20.1.3
	until 2020-01-01
}
RULES
"$D" -n -f "$C" > "$T/out" 2>&1 || fail "rules rejected: $(cat "$T/out")"
[ "$(grep -c 'expired' "$T/out")" -eq 1 ] ||
    fail "-n: the expired entry not said once: $(cat "$T/out")"
grep -q "zz-local.rules:7: suppression, expired 2020-01-02" "$T/out" ||
    fail "-n: no file:line for the expired entry: $(cat "$T/out")"

for i in 1 2 3; do
	squid_line $((1773136000 + i)) 10.20.1.1 "http://qakbot-c2.example/$i"
done > "$T/replay.log"
squid_line 1773136010 10.20.1.2 http://qakbot-c2.example/x >> "$T/replay.log"
"$D" -v -f "$C" -r "squid:$T/replay.log" -o "$T/replay.json" 2> "$T/err" ||
    fail "replay exited $?: $(cat "$T/err")"
grep -q "zz-local.rules:1: suppression: 3 hits, until 2099-01-02.* -- sinkhole test, ticket SEC-7" "$T/err" ||
    fail "replay -v: no count for the first entry: $(cat "$T/err")"
grep -q "zz-local.rules:7: suppression: 0 hits, expired 2020-01-02" "$T/err" ||
    fail "replay -v: no count for the expired entry"
[ "$(grep -c 'expired' "$T/err")" -eq 2 ] ||
    fail "replay: the expired entry said more than at load and summary"
[ "$(grep -c '"rule":{"id":"1000001"' "$T/replay.json")" -eq 1 ] ||
    fail "replay: suppressed hits alerted"

: > "$LOG"
daemon_start
squid_line 1773136001 10.20.1.1 http://qakbot-c2.example/a >> "$LOG"
squid_line 1773136002 10.20.1.1 http://qakbot-c2.example/b >> "$LOG"
squid_line 1773136003 10.20.1.2 http://qakbot-c2.example/c >> "$LOG"
wait_for 10 grep -q '"rule":{"id":"1000001"' "$A" 2>/dev/null ||
    fail "no alert"
kill -USR1 $pid
wait_for 10 test -f "$S" || fail "no stats.json on SIGUSR1"
q() { jq -r "$1" "$S"; }
[ "$(q '.suppressions | length')" = 2 ] || fail "stats: entries"
[ "$(q '.suppressions[0].hits')" = 2 ] ||
    fail "stats: hits $(q '.suppressions[0].hits')"
[ "$(q '.suppressions[0].line')" = 1 ] || fail "stats: line"
[ "$(q '.suppressions[0].rules[0]')" = 1000001 ] || fail "stats: rules"
[ "$(q '.suppressions[0].reason')" = "sinkhole test, ticket SEC-7" ] ||
    fail "stats: reason"
[ "$(q '.suppressions[0].expired')" = false ] || fail "stats: expired"
[ "$(q '.suppressions[1].expired')" = true ] || fail "stats: not expired"
[ "$(q '.suppressions[1].hits')" = 0 ] || fail "stats: expired hits"
kill -HUP $pid
wait_for 10 grep -q "reloaded" "$T/daemon.log" || fail "no reload"
grep -q "reload: .*zz-local.rules:1: suppression: 2 hits" "$T/daemon.log" ||
    fail "reload log: no count: $(cat "$T/daemon.log")"
[ "$(grep -c 'suppression, expired' "$T/daemon.log")" -eq 2 ] ||
    fail "expired entry not said once per load: $(cat "$T/daemon.log")"
kill -TERM $pid
wait $pid || fail "exit status $?"
trap - EXIT
# -d logs carry the wall-clock time; replay and -n do not.
grep -Eq '^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z detectd: started, following 1 inputs$' \
    "$T/daemon.log" || fail "-d log lines without a time: $(head -n 3 "$T/daemon.log")"
grep -q '^detectd: ' "$T/err" || fail "replay log lines with a time"
echo ok
