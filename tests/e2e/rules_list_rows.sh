# A feed update with bad rows does not stop the daemon: the rows are
# skipped, counted and logged with file:line (a few, then a count), the
# good ones still alert, and -n, -d and a reload all go on.  Only a list
# with no usable row fails, unless it says allow-empty.
. "$TOP/tests/e2e-lib.sh"
daemon_files
L="$T/etc/rules.d/lists/c2-domains.txt"
n=$(wc -l < "$L")
printf 'bad..x\tbroken row of the feed\n' >> "$L"

"$D" -n -f "$C" > "$T/out" 2> "$T/err" ||
    fail "-n exited $? on one bad row: $(cat "$T/err")"
grep -q "configuration OK" "$T/out" || fail "no 'configuration OK'"
grep -q "c2-domains.txt:$((n + 1)):1: bad domain indicator \"bad..x\"" \
    "$T/err" || fail "bad row not told with file:line: $(cat "$T/err")"
grep -q "c2-domains.txt: list c2-domains: 1 bad rows skipped" "$T/err" ||
    fail "bad rows not counted: $(cat "$T/err")"

# The good rows of that list still alert, in a replay and in -d.
squid_line 1773136001 10.20.1.2 http://qakbot-c2.example/x > "$T/one.log"
"$D" -f "$C" -r "squid:$T/one.log" -o "$T/r.json" 2> /dev/null ||
    fail "replay exited $?"
grep -q '"rule":{"id":"1000001"' "$T/r.json" || fail "no alert in replay"
sed -i 's|^max-line.*|&\npoll-interval 50ms|' "$C"
: > "$LOG"
daemon_start
logged() { grep -q "$1" "$T/daemon.log"; }
grep -q "c2-domains.txt:$((n + 1)):1: " "$T/daemon.log" ||
    fail "-d did not log the bad row"
squid_line 1773136002 10.20.1.3 http://qakbot-c2.example/x >> "$LOG"
c2_alert() { [ -f "$A" ] && grep -q '"rule":{"id":"1000001"' "$A"; }
wait_for 10 c2_alert || fail "no alert from -d"

# A feed of 10000 bad rows: a reload keeps going, and the log gets a
# few lines for it, then the count.
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "bad%d..example\n", i }' \
    >> "$L"
kill -HUP $pid
wait_for 10 logged "10001 bad rows skipped" ||
    fail "reload did not count the bad rows: $(tail -5 "$T/daemon.log")"
kill -0 $pid || fail "daemon died on the reload"
logged "keeping the running configuration" && fail "reload refused"
told=$(grep -c "c2-domains.txt:" "$T/daemon.log")
[ "$told" -le 14 ] || fail "$told lines for the bad rows"
kill $pid
wait $pid
trap - EXIT

# With workers, each loads the same lists again; only the reading
# thread tells their bad rows, at start and on each reload.
grep -q '^workers' "$C" || echo "workers 2" >> "$C"
daemon_start
at_start=$(grep -c "c2-domains.txt:" "$T/daemon.log")
[ "$at_start" -le 14 ] || fail "workers: $at_start lines at start"
kill -HUP $pid
both() { [ "$(grep -c "10001 bad rows skipped" "$T/daemon.log")" -ge 2 ]; }
wait_for 10 both || fail "workers: reload did not count the bad rows"
sleep 0.5
told=$(grep -c "c2-domains.txt:" "$T/daemon.log")
[ "$told" -eq $((2 * at_start)) ] ||
    fail "workers: $told lines after a reload, $at_start at start"
kill $pid
wait $pid
trap - EXIT

# Nothing usable: an error naming the list; allow-empty lets it load.
grep -v '^[a-z]' "$L" > "$T/l" && grep '\.\.' "$L" >> "$T/l" && cp "$T/l" "$L"
"$D" -n -f "$C" > /dev/null 2> "$T/err" && fail "a list of bad rows loaded"
grep -q "list c2-domains: no indicators in .*: every row is bad" \
    "$T/err" || fail "no error for the bad list: $(tail -3 "$T/err")"
sed -i 's|^\tfile "lists/c2-domains.txt"|&\n\tallow-empty yes|' \
    "$T/etc/rules.d/proxy-blacklist.rules"
"$D" -n -f "$C" > /dev/null 2> "$T/err" ||
    fail "allow-empty list refused: $(tail -3 "$T/err")"
: > "$L"
"$D" -n -f "$C" > /dev/null 2> "$T/err" ||
    fail "empty allow-empty list refused: $(tail -3 "$T/err")"
echo ok
