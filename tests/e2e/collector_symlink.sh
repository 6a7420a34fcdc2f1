# Symbolic links that an input's globs match are skipped, said once and
# counted, unless the input says follow-symlinks yes: a link planted in
# a log directory (to /etc/shadow, for a daemon started as root) is not
# read, under the followed names nor under the rotated ones.  With
# follow-symlinks yes, the file it points to is read.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
PATHGLOB="$L/*.log" ccfg
mkdir -p "$T/elsewhere"
hits 1001 1010 "$T/elsewhere/secret"
hits 2001 2010 "$T/elsewhere/old"
ln -s "$T/elsewhere/secret" "$L/evil.log"
start
hits 1 10 "$L/good.log"
wait_for 10 seen_at_least 10 || fail "good file: $(seen) of 10"
logged "evil.log: a symbolic link: skipped" || fail "link not reported"
ln -s "$T/elsewhere/old" "$L/good.log.1"	# under a rotated name
hits 11 20 "$L/other.log"			# a scan after it
wait_for 10 seen_at_least 20 || fail "new file: $(seen) of 20"
wait_for 10 logged "good.log.1: a symbolic link: skipped" ||
    fail "rotated link not reported"
hits 21 30 "$L/third.log"			# and another scan
wait_for 10 seen_at_least 30 || fail "third file: $(seen) of 30"
[ "$(grep -c "evil.log: a symbolic link" "$T/d.log")" -eq 1 ] ||
    fail "link reported more than once"
kill -USR1 "$pid"
S="$T/state/stats.json"
wait_for 10 test -s "$S" || fail "no stats.json"
[ "$(jq -r '.inputs[0].files.symlinks_skipped' "$S")" = 2 ] ||
    fail "links skipped: $(jq -r '.inputs[0].files.symlinks_skipped' "$S")"
stop
grep -q "2 symbolic links skipped" "$T/d.log" || fail "count not logged"
ips | grep -q "^10\.0\.[37]\." && fail "a line read through a link"

# follow-symlinks yes: the link is a file to follow like any other (new
# since the last run: read from its start).
PATHGLOB="$L/*.log" ccfg "follow-symlinks yes"
"$D" -n -f "$C" > /dev/null 2>&1 || fail "follow-symlinks yes refused"
start
wait_for 10 seen_at_least 40 || fail "followed link: $(seen) of 40"
stop
expect_lines 1001 1010
echo ok
