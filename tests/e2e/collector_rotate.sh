# Rotation: rename and create several times in quick succession (the
# way logrotate shifts access.log.N), a writer still appending to the
# renamed file, copytruncate with writes racing the truncation (the
# daemon stopped with SIGSTOP while the file is copied, emptied and
# written past its old size), and a writer without O_APPEND that leaves
# a run of NUL bytes.  Every line exactly once.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
ccfg
start
hits 1 100 "$L/access.log"		# created after the start: from 0
wait_for 10 seen_at_least 100 || fail "new file: $(seen) of 100"

# Five rotations without waiting for the daemon: files it may never see
# under the path are found under their rotated names.
n=100
for r in 1 2 3 4 5; do
	hits $((n + 1)) $((n + 50)) "$L/access.log"
	n=$((n + 50))
	shift_logs
	mv "$L/access.log" "$L/access.log.1"
	: > "$L/access.log"
done
hits 351 360 "$L/access.log.1"		# the writer had it open still
hits 361 400 "$L/access.log"
wait_for 15 seen_at_least 400 || fail "quick rotations: $(seen) of 400"
expect_lines 1 400

# Copytruncate, the daemon stopped meanwhile: the copy holds the lines
# it had not read; the file starts anew and grows past the old offset
# before the daemon looks again (only its head tells the truncation).
hits 401 450 "$L/access.log"
wait_for 10 seen_at_least 450 || fail "before copytruncate"
kill -STOP "$pid"
hits 451 500 "$L/access.log"
shift_logs
cp "$L/access.log" "$L/access.log.1"
: > "$L/access.log"
hits 501 700 "$L/access.log"
kill -CONT "$pid"
wait_for 15 seen_at_least 700 || fail "copytruncate: $(seen) of 700"
logged "access.log: truncated" || fail "truncation not reported"

# A writer without O_APPEND goes on at its old offset: NUL bytes before.
size=$(wc -c < "$L/access.log")
kill -STOP "$pid"
: > "$L/access.log"
hits 701 720 "$T/more"
dd if="$T/more" of="$L/access.log" bs=1 seek="$size" conv=notrunc \
    2>/dev/null
kill -CONT "$pid"
wait_for 10 seen_at_least 720 || fail "after NUL bytes: $(seen) of 720"
stop
expect_lines 1 720
[ "$(alerts)" -eq 720 ] || fail "$(alerts) alerts for 720 lines: repeated"
[ "$(lines_read)" -eq 720 ] || fail "read $(lines_read) lines, want 720"
grep -Eq "[1-9][0-9]* NUL bytes skipped" "$T/d.log" || fail "NUL count"
echo ok
