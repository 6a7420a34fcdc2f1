# The webhook output in replay mode, against a receiver that fails,
# stalls and recovers: every alert arrives once, in order, with the
# token; batches; a refused record is set aside, not retried forever.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
S="$B/tests/tools/httpsink"
printf 's3cret\n' > "$T/token"
chmod 600 "$T/token"
# squid LOGFILE FIRST LAST: one alert per line, each from its own endpoint.
squid() { squid_lines "$2" "$3" > "$1"; }
mode() { echo "$1" > "$T/ctl"; }
mode fail
"$S" -P "$T/port" -o "$T/recv.json" -c "$T/ctl" -a "Bearer s3cret" \
    -l "$T/req.log" &
sink=$!
trap 'kill $sink 2>/dev/null' EXIT
wait_for 5 test -s "$T/port" || fail "httpsink did not start"
cat >> "$C" <<EOF
output ticketing {
	type webhook
	url "http://127.0.0.1:$(cat "$T/port")/api/alert?src=detectd"
	token-file "$T/token"
	header X-Test "yes"
	timeout 300ms
	retry-min 20ms
	retry-max 100ms
	drain-timeout 800ms
}
EOF
"$D" -n -f "$C" > /dev/null || fail "config"
run() {
	"$D" -f "$C" -r "squid:$1" 2>> "$T/stderr" || fail "replay $1"
}

# Down: the alerts wait in the spool, detectd still exits 0.
squid "$T/a.log" 1 30
run "$T/a.log"
# (Other rules may add composite alerts: count this rule's.)
[ "$(grep -c '"rule":{"id":"1000001"' "$T/alerts.json")" -eq 30 ] ||
    fail "file output"
[ ! -s "$T/recv.json" ] || fail "delivered while failing"
grep -q "503" "$T/req.log" || fail "no request seen"
grep -q "alerts wait in the spool for the next start" "$T/stderr" ||
    fail "spool not reported"

# Stalled: no answer within the timeout, nothing taken.
mode stall
squid "$T/b.log" 31 40
run "$T/b.log"
[ ! -s "$T/recv.json" ] || fail "delivered while stalled"
[ "$(grep -c 'wait in the spool for the next start' "$T/stderr")" -eq 2 ] ||
    fail "spool after stall"

# Recovers while a run with nothing new to say drains the spool.
sed -i 's/drain-timeout 800ms/drain-timeout 10s/' "$C"
mode fail
(sleep 0.3; mode ok) &
flip=$!
# An empty file gives no events: exit 2, and the spool drains all the same.
: > "$T/empty.log"
"$D" -f "$C" -r "squid:$T/empty.log" 2>> "$T/stderr"
[ $? -eq 2 ] || fail "replay of an empty file did not exit 2"
wait $flip
expect_same "$T/alerts.json" "$T/recv.json"

# Batches of 4 as NDJSON: same records, in order, fewer requests.
sed -i 's|^\tretry-max 100ms|&\n\tbatch 4\n\tbatch-format ndjson|' "$C"
squid "$T/c.log" 41 50
: > "$T/req.log"
run "$T/c.log"
expect_same "$T/alerts.json" "$T/recv.json"
grep -q '^200 4$' "$T/req.log" && ! grep -q '^200 \([5-9]\|[0-9][0-9]\)' \
    "$T/req.log" || fail "not batched: $(cat "$T/req.log")"

# Batches as a JSON array.
sed -i 's|batch-format ndjson|batch-format array|' "$C"
squid "$T/d.log" 51 60
run "$T/d.log"
expect_same "$T/alerts.json" "$T/recv.json"

# Refused (400): kept aside once, the queue moves on.
mode reject
squid "$T/e.log" 61 62
n0=$(wc -l < "$T/alerts.json")
run "$T/e.log"
n1=$(wc -l < "$T/alerts.json")
[ "$(wc -l < "$T/state/spool-ticketing/rejected.json")" -eq $((n1 - n0)) ] ||
    fail "refused records not kept aside"
grep -q "refused" "$T/stderr" || fail "refusal not logged"
[ "$(grep -c 'wait in the spool for the next start' "$T/stderr")" -eq 2 ] ||
    fail "refused records left in the spool"
mode ok
squid "$T/f.log" 63 63
run "$T/f.log"
[ "$(wc -l < "$T/recv.json")" -eq $(($(wc -l < "$T/alerts.json") - n1 + n0)) ] ||
    fail "after refusal"
tail -n 1 "$T/alerts.json" > "$T/last.want"
tail -n 1 "$T/recv.json" > "$T/last.got"
expect_same "$T/last.want" "$T/last.got"
validate "$T/recv.json"
grep -v '^200 \|^503 \|^0 \|^400 ' "$T/req.log" && fail "unexpected answers"
echo ok
