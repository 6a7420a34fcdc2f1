# Files that are not log lines: a 10 MB line (cut at max-line, counted,
# still analysed, the lines after it intact), a file of NUL bytes (skipped
# at its start, no busy loop), and files that cannot be read (a FIFO and
# a directory that match the glob; a mode 000 file when not root): one
# clear error each, the other files keep flowing.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
PATHGLOB="$L/*.log" ccfg
mkfifo "$L/fifo.log"
mkdir "$L/dir.log"
if [ "$(id -u)" -ne 0 ]; then
	: > "$L/secret.log"
	chmod 000 "$L/secret.log"
fi
start
hits 1 10 "$L/good.log"
wait_for 10 seen_at_least 10 || fail "good file: $(seen) of 10"
logged "fifo.log: not a regular file" || fail "FIFO not reported"
logged "dir.log: not a regular file" || fail "directory not reported"
[ "$(id -u)" -eq 0 ] || logged "secret.log: Permission denied" ||
    fail "unreadable file not reported"

# A 10 MB line between good ones.
hits 11 11 "$L/good.log"
head -c 10485760 /dev/zero | tr '\0' 'A' >> "$L/good.log"
printf '\n' >> "$L/good.log"
hits 12 20 "$L/good.log"
wait_for 10 seen_at_least 20 || fail "after the long line: $(seen) of 20"

# A file of 10 MB of NUL bytes, then lines: the NULs are skipped.
head -c 10485760 /dev/zero > "$L/nul.log"
hits 21 30 "$L/nul.log"
wait_for 10 seen_at_least 30 || fail "after NUL bytes: $(seen) of 30"

# And a NUL-only file appears: no busy loop while it sits there.  The
# daemon's CPU time over a second of idling stays small.
head -c 1048576 /dev/zero > "$L/zeros.log"
hits 31 31 "$L/good.log"
wait_for 10 seen_at_least 31 || fail "after the NUL file"
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
if [ -r "/proc/$pid/stat" ]; then
	c0=$(cpu)
	sleep 1		# measuring idle CPU: a busy loop would take ~100
	c1=$(cpu)
	[ $((c1 - c0)) -le 20 ] || fail "busy while idle: $((c1 - c0)) ticks"
fi

# New files (each a rescan) do not repeat the complaints.
hits 32 40 "$L/late.log"
wait_for 10 seen_at_least 40 || fail "late file: $(seen) of 40"
kill -USR1 "$pid"
wait_for 10 logged "files open" || fail "no statistics on SIGUSR1"
stop
[ "$(grep -c "fifo.log: not a regular file" "$T/d.log")" -eq 1 ] ||
    fail "FIFO reported more than once"
expect_lines 1 40
[ "$(alerts)" -eq 40 ] || fail "$(alerts) alerts for 40 lines"
grep -Eq "proxy: .* 1 truncated" "$T/d.log" || fail "cut line not counted"
grep -Eq "1[0-9]{7} NUL bytes skipped" "$T/d.log" || fail "NULs not counted"
echo ok
