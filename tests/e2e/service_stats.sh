# SIGUSR1 writes stats.json in the state directory, a JSON object with
# the counts of what was read, parsed, found, aggregated and written;
# stats-interval writes it on its own; the exit summary is logged.
. "$TOP/tests/e2e-lib.sh"
daemon_files
S="$T/state/stats.json"
sed -i 's|^max-line.*|&\npoll-interval 50ms\nstats-interval off|' "$C"
hit() {	# EPOCH ENDPOINT DOMAIN
	squid_line "$1" "10.20.1.$2" "http://$3/x" >> "$LOG"
}
: > "$LOG"
"$D" -d -f "$C" 2> "$T/daemon.log" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
wait_for 10 grep -q "started, following 1 inputs" "$T/daemon.log" ||
    fail "daemon did not start: $(cat "$T/daemon.log")"
hit 1773136001 1 qakbot-c2.example
hit 1773136002 1 qakbot-c2.example	# same rule, endpoint, destination
hit 1773136003 2 www.example.com
hit 1773136004 3 qakbot-c2.example
echo "not a squid line" >> "$LOG"
c2() { [ -f "$A" ] && [ "$(grep -c '"rule":{"id":"1000001"' "$A")" -ge 2 ]; }
wait_for 10 c2 || fail "no alerts"
sleep 0.3
[ -f "$S" ] && fail "stats.json written with stats-interval off"
kill -USR1 $pid
wait_for 10 test -f "$S" || fail "no stats.json on SIGUSR1"
jq -e . "$S" > /dev/null || fail "stats.json is not JSON"
q() { jq -r "$1" "$S"; }
alerts=$(wc -l < "$A")
[ "$(q '.inputs[0].name')" = proxy ] || fail "input name"
[ "$(q '.inputs[0].format')" = squid ] || fail "input format"
[ "$(q '.inputs[0].files.lines')" = 5 ] || fail "lines read: $(q '.inputs[0].files.lines')"
[ "$(q '.inputs[0].files.open')" = 1 ] || fail "files open"
[ "$(q '.inputs[0].parsed.events')" = 4 ] ||
    fail "parsed events of the open file: $(q '.inputs[0].parsed.events')"
[ "$(q '.inputs[0].parsed.parse_errors')" = 1 ] || fail "parse errors"
[ "$(q '.pipeline.events')" = 4 ] || fail "events: $(q .pipeline.events)"
[ "$(q '.pipeline.alerts_lost')" = 0 ] || fail "alerts lost"
[ "$(q '.analyzers.match.events')" = 4 ] || fail "match events"
[ "$(q '.analyzers.match.hits')" -ge 3 ] || fail "match hits"
[ "$(q '.aggregate.suppressed')" -ge 1 ] || fail "aggregate suppressed"
# Per rule: every finding of rule 1000001 either alerted or was folded.
f=$(q '.rules["1000001"].findings')
[ "$f" -ge 3 ] || fail "rule findings: $f"
[ $(( $(q '.rules["1000001"].alerts') + $(q '.rules["1000001"].aggregated') )) -eq "$f" ] ||
    fail "rule alerts + aggregated != findings"
[ "$(q '.outputs[0].name')" = alerts ] || fail "output name"
[ "$(q '.outputs[0].records')" = "$alerts" ] ||
    fail "output records $(q '.outputs[0].records') != $alerts lines"
[ "$(q '.outputs[0].errors')" = 0 ] || fail "output errors"
[ "$(q '.memory.maxrss_kb')" -gt 0 ] || fail "memory"
[ "$(q '.formats.squid.inputs')" = 1 ] || fail "formats"
[ "$(q '.hostname')" = sensor-test ] || fail "hostname"
ls "$T/state" | grep -q '\.tmp$' && fail "temporary file left"
kill -TERM $pid
wait $pid || fail "exit status $? on SIGTERM"
trap - EXIT
grep -q "aggregation: .* repeats folded" "$T/daemon.log" || fail "no exit summary"
grep -q "memory: " "$T/daemon.log" || fail "no memory in the summary"
# At exit the file holds the last counts.
[ "$(q '.pipeline.events')" = 4 ] || fail "events at exit"

# stats-interval: written without a signal.
rm -f "$S"
sed -i 's|^stats-interval off|stats-interval 1s|' "$C"
"$D" -d -f "$C" 2> "$T/daemon.log" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
wait_for 10 test -f "$S" || fail "stats-interval did not write stats.json"
jq -e '.pipeline' "$S" > /dev/null || fail "interval stats not JSON"
kill -TERM $pid
wait $pid || fail "exit status $?"
trap - EXIT
echo "stats-interval 0s" >> "$C"
"$D" -n -f "$C" > "$T/out" 2>&1 && fail "stats-interval 0s accepted"
grep -q "stats-interval" "$T/out" || fail "no message for a bad stats-interval"
echo ok
