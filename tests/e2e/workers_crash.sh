# workers 2 in the daemon (and workers 1: no thread at all): offsets
# move only once the worker threads' findings for the lines before them
# are written, so a SIGKILL while a writer appends loses no line (some
# may come twice); a SIGTERM loses none and repeats none; a reload
# (SIGHUP) gives the workers the new rules; the statistics file counts
# each event once in the match analyzer.  (workers_replay.sh: the same
# alerts as one thread.)
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
command -v jq > /dev/null || fail "jq is needed"
ccfg "" "workers 2"

# tasks: the daemon's threads.
tasks() { ls "/proc/$pid/task" | wc -l; }

# workers 1 starts no thread; workers 2 two.
sed -i 's/^workers 2$/workers 1/' "$C"
start
[ "$(tasks)" -eq 1 ] || fail "workers 1: $(tasks) threads"
stop
sed -i 's/^workers 1$/workers 2/' "$C"

# SIGKILL in the middle of the writes: nothing lost.
start
logged "2 worker threads started" || fail "no worker thread started: $(cat "$T/d.log")"
[ "$(tasks)" -eq 3 ] || fail "workers 2: $(tasks) threads"
writer 1 3000
wait_for 10 seen_at_least 400 || fail "writer: $(seen)"
crash
wait "$wpid"
start
wait_for 10 seen_at_least 3000 || fail "after SIGKILL: $(seen) of 3000"
expect_lines 1 3000
[ "$(alerts)" -ge 3000 ] || fail "SIGKILL: $(alerts) alerts"

# SIGTERM in the middle: every line exactly once.
stop
before=$(alerts)
start
writer 3001 5000
wait_for 10 seen_at_least 3300 || fail "writer: $(seen)"
stop
wait "$wpid"
start
wait_for 10 seen_at_least 5000 || fail "after SIGTERM: $(seen) of 5000"
stop
expect_lines 1 5000
[ $(($(alerts) - before)) -eq 2000 ] ||
    fail "SIGTERM: $(($(alerts) - before)) alerts for 2000 lines"

# One run on its own: its statistics count each of its events once.
start
hits 5001 5500 "$L/access.log"
wait_for 10 seen_at_least 5500 || fail "last run: $(seen) of 5500"
stop
[ "$(jq '.analyzers.match.events' "$T/state/stats.json")" -eq 500 ] ||
    fail "match events: $(jq -c '.analyzers.match' "$T/state/stats.json")"

# A reload: the workers take the new rules.  qakbot-c2.example taken
# off the C2 list, its lines give no alert; a line for a domain still
# listed, written after them, shows they were all read.
start
sed -i 's/^qakbot-c2\.example/# &/' "$T/etc/rules.d/lists/c2-domains.txt"
grep -q '^# qakbot-c2.example' "$T/etc/rules.d/lists/c2-domains.txt" ||
    fail "the test's list has no line qakbot-c2.example"
kill -HUP "$pid"
wait_for 10 logged "reloaded" || fail "no reload: $(tail -n 3 "$T/d.log")"
n=$(alerts)
hits 5501 5600 "$L/access.log"
lines 5601 5601 | sed 's/qakbot-c2\.example/update-check.badcdn.example/' \
    >> "$L/access.log"
wait_for 10 seen_at_least 5501 || fail "marker line: $(seen)"
stop
[ "$(alerts)" -eq $((n + 1)) ] ||
    fail "after reload: $(($(alerts) - n - 1)) alerts of the old list"
expect_lines 5601 5601
echo ok
