# Restarts: stopped with SIGTERM while a writer appends (every line
# exactly once), killed with SIGKILL (every line at least once), a
# rotation while stopped with the rotated file still there (its tail
# first, then the new file), a rotated file gzip'd while stopped
# (catch-up-gzip), and a file replaced while stopped under the same name
# (inode reused, or rewritten in place): read again from its start.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
ccfg "catch-up-gzip yes"

start
writer 1 2000
wait_for 10 seen_at_least 300 || fail "writer: $(seen)"
stop					# in the middle of the writes
wait "$wpid"
start
wait_for 10 seen_at_least 2000 || fail "after SIGTERM: $(seen) of 2000"
stop
expect_lines 1 2000
[ "$(alerts)" -eq 2000 ] || fail "SIGTERM: $(alerts) alerts for 2000 lines"
[ "$(lines_read)" -eq 2000 ] || fail "SIGTERM: read $(lines_read) lines"

# SIGKILL in the middle: nothing lost, some lines may come twice.
start
writer 2001 4000
wait_for 10 seen_at_least 2300 || fail "writer: $(seen)"
crash
wait "$wpid"
start
wait_for 10 seen_at_least 4000 || fail "after SIGKILL: $(seen) of 4000"
expect_lines 1 4000
[ "$(alerts)" -ge 4000 ] || fail "SIGKILL: $(alerts) alerts"

# Rotation while stopped: the rotated file's unread tail, then the new
# file, in that order.
stop
hits 4001 4100 "$L/access.log"
mv "$L/access.log" "$L/access.log.1"
hits 4101 4200 "$L/access.log"
start
wait_for 10 seen_at_least 4200 || fail "stopped rotation: $(seen) of 4200"
logged "access.log.1 was rotated while detectd was stopped" ||
    fail "catch-up not reported"
ips > "$T/order"
last_old=$(grep -n "^$(ip 4100)\$" "$T/order" | tail -n 1 | cut -d: -f1)
first_new=$(grep -n "^$(ip 4101)\$" "$T/order" | head -n 1 | cut -d: -f1)
[ "$last_old" -lt "$first_new" ] || fail "new file read before the old tail"

# Rotated and compressed while stopped.
stop
hits 4201 4300 "$L/access.log"
rm -f "$L/access.log.1"
mv "$L/access.log" "$L/access.log.1"
gzip "$L/access.log.1"
hits 4301 4400 "$L/access.log"
start
wait_for 10 seen_at_least 4400 || fail "gzip catch-up: $(seen) of 4400"
logged "access.log.1.gz was rotated and compressed" || fail "gz not reported"

# Replaced while stopped: same name, another file (the inode may be
# reused), longer than the saved offset.  Then rewritten in place.
stop
rm "$L/access.log"
hits 4401 4600 "$L/access.log"
start
wait_for 10 seen_at_least 4600 || fail "replaced file: $(seen) of 4600"
stop
hits 4601 4610 "$T/new"
hits 4611 4800 "$T/new"
cat "$T/new" > "$L/access.log"		# same inode, another head
start
wait_for 10 seen_at_least 4800 || fail "rewritten file: $(seen) of 4800"
logged "access.log is not the file detectd left there" ||
    fail "rewrite not reported"
stop
expect_lines 1 4800
# Exactly once everywhere but around the SIGKILL.
dups=$(ips | sort | uniq -d | awk -F. '{ n = $2 * 65536 + $3 * 256 + $4;
    if (n <= 2000 || n > 4000) print }' | wc -l)
[ "$dups" -eq 0 ] || fail "$dups lines repeated after a clean stop"
echo ok
