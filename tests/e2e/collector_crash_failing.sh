# Killed with SIGKILL while the outputs fail: nothing is lost.  The file
# output is a link to /dev/full (every write fails), so the alerts are
# held and the inputs pause; the webhook's receiver answers 503, so its
# alerts wait in the spool.  Killed then, with no chance to save
# anything, the daemon must have committed no offset past the last
# alert written: at the next start, with the disk and the receiver
# back, every line's alert reaches the file, and the webhook gets every
# alert the file has.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
echo fail > "$T/ctl"
"$B/tests/tools/httpsink" -P "$T/port" -o "$T/recv.json" -c "$T/ctl" \
    -l "$T/req.log" &
sink=$!
trap 'cleanup; kill $sink 2>/dev/null' EXIT
wait_for 5 test -s "$T/port" || fail "httpsink did not start"
ccfg "" "output ticketing {
	type webhook
	url \"http://127.0.0.1:$(cat "$T/port")/alerts\"
	timeout 500ms
	retry-min 50ms
	retry-max 200ms
	drain-timeout 300ms
}"
OUT="$T/out.json"
ln -s "$OUT" "$A"
: > "$L/access.log"
start
hits 1 40 "$L/access.log"
wait_for 10 seen_at_least 40 || fail "before: $(seen) of 40"
wait_for 10 grep -q "^503" "$T/req.log" || fail "receiver not tried"

# The disk fills: the alerts of lines 41.. cannot be written.
rm "$A"
ln -s /dev/full "$A"
kill -USR2 "$pid"
fill_until_paused 1 41 60 "$OUT"
hits "$k" 80 "$L/access.log"
sleep 1		# ten state-intervals: a wrong offset would be saved by now
crash

# Space and the receiver back: every line, and the spool delivered.
rm "$A"
ln -s "$OUT" "$A"
echo ok > "$T/ctl"
start
wait_for 15 seen_at_least 80 || fail "after the crash: $(seen) of 80"
wait_for 10 eval '[ "$(grep -c "qakbot" "$T/recv.json" 2>/dev/null)" -ge \
    "$(grep -c "qakbot" "$OUT")" ]' || fail "webhook: spool not delivered"
stop
expect_lines 1 80
# Every alert the file has reached the receiver (repeats allowed: at
# least once), and nothing else.
jq -r '.event.id' "$OUT" | sort -u > "$T/file.ids"
jq -r '.event.id' "$T/recv.json" | sort -u > "$T/recv.ids"
cmp -s "$T/file.ids" "$T/recv.ids" || fail "webhook and file differ"
validate "$OUT" "$T/recv.json"
echo ok
