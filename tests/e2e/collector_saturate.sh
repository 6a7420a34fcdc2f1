# A saturated input: a 32 MB file replayed live, every line a finding.
# Reading is bounded in time per turn of the event loop, so that the
# state file keeps state-interval (moved offsets wait at most twice it,
# and it is written at least every other interval) and SIGUSR1 writes
# the statistics at once, while the file is still being read.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
ccfg "start-at beginning"
sed -i 's/^state-interval .*/state-interval 500ms/' "$C"
N=320000
awk -v n=$N 'BEGIN { for (i = 0; i < n; i++)
	printf "%d.000 10 10.9.0.%d TCP_MISS/200 10 GET " \
	    "http://qakbot-c2.example/x - HIER_DIRECT/203.0.113.5 -\n",
	    1773136000 + int(i / 100), i % 8 }' > "$L/access.log"
S="$T/state/stats.json"
q() { jq -r "$1" "$S"; }

# usr1: SIGUSR1, and how long stats.json took to say so (ms).
usr1() {
	rm -f "$S"
	_sent=$(date +%s%3N)
	kill -USR1 "$pid"
	wait_for 30 test -s "$S" || fail "no stats.json on SIGUSR1"
	lat=$(($(q .time_ms) - _sent))
	echo "SIGUSR1: stats after $lat ms, $(q .state.saves) saves," \
	    "$(q '.inputs[0].files.lines') lines read"
	# Within a few turns: 3 s leaves room for a loaded machine and the
	# sanitizer build, where other tests share the cores; a loop that
	# read the whole file in one turn would answer only at its end.
	[ "$lat" -le 3000 ] || fail "SIGUSR1 answered after $lat ms"
}
reading() { [ -s "$T/state/collector.state" ]; }

start
wait_for 10 reading || fail "not reading"
usr1
t1=$(q .time_ms)
s1=$(q .state.saves)
sleep 2.5		# the window the saves are counted in
usr1
t2=$(q .time_ms)
s2=$(q .state.saves)
[ "$(q '.inputs[0].files.lines')" -lt "$N" ] ||
    fail "the file was read whole before the end: not saturated"
# At least one save every other interval, and none waited longer.
[ $(((s2 - s1) * 1000)) -ge $(((t2 - t1) - 500)) ] ||
    fail "$((s2 - s1)) saves in $((t2 - t1)) ms, state-interval 500ms"
[ "$(q .state.unsaved_max_ms)" -le 1000 ] ||
    fail "offsets unsaved for $(q .state.unsaved_max_ms) ms"
stop
grep -q "state file: [0-9]* saves, 0 errors" "$T/d.log" ||
    fail "state file statistics not logged"
echo ok
