# Copytruncate, the faults that lost or repeated lines: a writer without
# O_APPEND (it goes on at its old offset, so the file starts with NUL
# bytes after the first truncation and its first bytes no longer tell a
# second one), truncated while the daemon is stopped (SIGSTOP) as in the
# report, twice; the same with an O_APPEND writer, two truncations while
# stopped; two truncations while running whose copies are found only
# after both (every pending truncation remembered); and a pause between
# the copy and the truncation.  Every line exactly once.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
ccfg
start

truncations() { grep -c "access.log: truncated" "$T/d.log"; }
truncated_n() { [ "$(truncations)" -ge "$1" ]; }
# exactly N: lines 1..N analysed once each.
exactly() {
	wait_for 20 seen_at_least "$1" || fail "$2: $(seen) of $1"
	expect_lines 1 "$1"
	[ "$(alerts)" -eq "$1" ] || fail "$2: $(alerts) alerts for $1 lines"
}

# The report's case, a writer without O_APPEND (fd 3 keeps its offset).
exec 3<> "$L/access.log"
lines 1 2000 >&3
wait_for 20 seen_at_least 2000 || fail "first lines: $(seen) of 2000"
for cycle in 1 2; do
	b=$((cycle * 2000))
	kill -STOP "$pid"
	lines $((b + 1)) $((b + 1000)) >&3
	shift_logs
	cp "$L/access.log" "$L/access.log.1"
	truncate -s 0 "$L/access.log"
	lines $((b + 1001)) $((b + 2000)) >&3
	kill -CONT "$pid"
	exactly $((b + 2000)) "plain writer, truncation $cycle"
done
exec 3>&-

# An O_APPEND writer, two truncations while stopped.
exec 4>> "$L/access.log"
kill -STOP "$pid"
lines 6001 6500 >&4
shift_logs
cp "$L/access.log" "$L/access.log.1"
truncate -s 0 "$L/access.log"
lines 6501 7000 >&4
shift_logs
cp "$L/access.log" "$L/access.log.1"
truncate -s 0 "$L/access.log"
lines 7001 7500 >&4
kill -CONT "$pid"
exactly 7500 "two truncations while stopped"

# Two truncations while running, their copies made where the daemon
# does not look (logrotate's olddir) and moved in after both were seen.
n=$(truncations)
lines 7501 8000 >&4
wait_for 20 seen_at_least 8000 || fail "before: $(seen) of 8000"
mkdir -p "$T/old"
cp "$L/access.log" "$T/old/c1"
lines 8001 8100 >> "$T/old/c1"		# written between read and copy
truncate -s 0 "$L/access.log"
lines 8101 8200 >&4
wait_for 20 truncated_n $((n + 1)) || fail "first truncation not seen"
wait_for 20 seen_at_least 8100 || fail "after the first: $(seen)"
cp "$L/access.log" "$T/old/c2"
lines 8201 8300 >> "$T/old/c2"
truncate -s 0 "$L/access.log"
lines 8301 8400 >&4
wait_for 20 truncated_n $((n + 2)) || fail "second truncation not seen"
shift_logs
mv "$T/old/c1" "$L/access.log.2"
mv "$T/old/c2" "$L/access.log.1"
exactly 8400 "two truncations while running"

# A pause between the copy and the truncation: the copy is seen while
# the file it copies is still whole, and the daemon had not read it all.
copies() { grep -c "access.log.1 is a copy" "$T/d.log"; }
copied_n() { [ "$(copies)" -ge "$1" ]; }
n=$(copies)
kill -STOP "$pid"
lines 8401 8500 >&4
shift_logs
cp "$L/access.log" "$L/access.log.1"
touch -d "@$(($(date +%s) - 10))" "$L/access.log.1"	# quiet already
kill -CONT "$pid"
wait_for 20 copied_n $((n + 1)) || fail "copy not seen"
lines 8501 8600 >&4
wait_for 20 seen_at_least 8600 || fail "before truncating: $(seen)"
truncate -s 0 "$L/access.log"
lines 8601 8700 >&4
exactly 8700 "pause between copy and truncation"
exec 4>&-
stop
expect_lines 1 8700
[ "$(lines_read)" -eq 8700 ] || fail "read $(lines_read) lines, want 8700"
echo ok
