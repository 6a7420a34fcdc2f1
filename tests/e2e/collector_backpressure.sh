# A full disk on the output: simulated by an output path that is a link
# to /dev/full (every write fails with ENOSPC), then pointed at a real
# file and reopened with SIGUSR2, as if space came back.  The inputs
# pause while the alerts cannot be written, nothing is dropped, and they
# resume; stopped while the disk is full, the offsets saved are those of
# the last alerts written, so the restart reads those lines again.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
ccfg
OUT="$T/out.json"
ln -s /dev/full "$A"
: > "$L/access.log"
start
hits 1 50 "$L/access.log"
wait_for 10 logged "inputs paused" || fail "inputs not paused"
hits 51 100 "$L/access.log"
sleep 1		# a negative check: what a paused input must not read
kill -USR1 "$pid"
wait_for 10 logged "files open" || fail "no statistics"
grep -q "file $L/access.log: .*(committed 0)" "$T/d.log" ||
    fail "offset committed while nothing was written"
grep -q "inputs: paused" "$T/d.log" || fail "pause not in the statistics"
read=$(grep -Eo "file $L/access.log: followed, offset [0-9]+" "$T/d.log" |
    awk '{ print $NF }')
[ "$read" -lt "$(wc -c < "$L/access.log")" ] ||
    fail "read on while paused: offset $read"

# Space again: everything held and everything not yet read comes out.
rm "$A"
ln -s "$OUT" "$A"
kill -USR2 "$pid"
wait_for 10 logged "inputs resumed" || fail "inputs not resumed"
wait_for 10 seen_at_least 100 || fail "after resuming: $(seen) of 100"

# Full again, then stopped: exit status 1, and the lines whose alerts
# were not written are read again at the next start.
rm "$A"
ln -s /dev/full "$A"
kill -USR2 "$pid"
# The signal and the lines race: a line whose alert still reached the
# old file shows the reopen had not happened yet; write another.
fill_until_paused 2 101 120 "$OUT"
hits "$k" 150 "$L/access.log"
kill -TERM "$pid"
wait "$pid" && fail "exit status 0 with alerts not written"
pid=
rm "$A"
ln -s "$OUT" "$A"
start
wait_for 10 seen_at_least 150 || fail "after restart: $(seen) of 150"
stop
expect_lines 1 150
[ "$(alerts)" -eq 150 ] || fail "$(alerts) alerts for 150 lines"
echo ok
