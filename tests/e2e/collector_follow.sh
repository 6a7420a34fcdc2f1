# Following: lines appended while running, a glob that picks up new
# files, a partial last line analysed once after partial-wait, CRLF, a
# file deleted and created again; then the same with polling (inotify
# off).  Every line exactly once.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
PATHGLOB="$L/*.log" ccfg
hits 1 5 "$L/access.log"	# there at the first start: read from its end
start
hits 6 20 "$L/access.log"
wait_for 10 seen_at_least 15 || fail "appended lines: $(seen) of 15"

# A new file matching the glob is read from its start.
hits 21 30 "$L/other.log"
wait_for 10 seen_at_least 25 || fail "new file: $(seen) of 25"

# A partial last line waits for partial-wait (1s), then is analysed once;
# the rest of it, when it comes, is a line of its own (not a repeat).
hits 31 31 "$T/one"
tr -d '\n' < "$T/one" >> "$L/access.log"
wait_for 10 seen_at_least 26 || fail "partial line never analysed"
printf ' and the rest\n' >> "$L/access.log"
hits 32 32 "$L/access.log"
wait_for 10 seen_at_least 27 || fail "line after the partial one"

# CRLF line ends.
hits 33 34 "$T/crlf"
sed 's/$/\r/' "$T/crlf" >> "$L/access.log"
wait_for 10 seen_at_least 29 || fail "CRLF lines: $(seen) of 29"

# Deleted, then created again: the new file from its start.
rm "$L/access.log"
hits 35 40 "$L/access.log"
wait_for 10 seen_at_least 35 || fail "recreated file: $(seen) of 35"
stop
expect_lines 6 40
[ "$(alerts)" -eq 35 ] || fail "$(alerts) alerts for 35 lines: repeated"
grep -q "10.0.0.1\"" "$A" && fail "a line from before the first start"
[ "$(lines_read)" -eq 36 ] || fail "read $(lines_read) lines, want 36"

# Polling instead of inotify: the same, resuming where it stopped.
PATHGLOB="$L/*.log" ccfg "" "inotify no"
hits 41 50 "$L/access.log"		# while stopped: read at start
start
hits 51 60 "$L/other.log"
wait_for 10 seen_at_least 55 || fail "polling: $(seen) of 55"
mv "$L/access.log" "$L/access.log.1"
hits 61 70 "$L/access.log"
hits 71 72 "$L/access.log.1"		# late writer to the rotated file
wait_for 10 seen_at_least 67 || fail "polling rotation: $(seen) of 67"
stop
expect_lines 6 72
[ "$(alerts)" -eq 67 ] || fail "$(alerts) alerts for 67 lines: repeated"
echo ok
