# The webhook against receivers that answer too much or too slowly, and
# its credentials: a body over max-response-body or headers over
# max-response-headers are cut off and the batch sent again (logged
# once); a receiver trickling its headers is given up at the deadline;
# a url with user:password@ is refused without echoing it, and a token
# from the environment (token-env) is sent but never shown.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
W="$B/tests/tools/slowhttp"
mode() { echo "$1" > "$T/ctl"; }
# squid LOGFILE FIRST LAST: one alert per line, each from its own endpoint.
squid() { squid_lines "$2" "$3" > "$1"; }
sent() {	# MODE: the most bytes one connection of MODE was sent
	awk -v m="$1" '$1 == m && $2 > n { n = $2 } END { print n + 0 }' \
	    "$T/conn.log"
}

# Credentials in the url: refused, and never echoed.
cp "$C" "$T/base.conf"
for u in "http://soc:pw-s3cret@127.0.0.1:9/x" \
    "https://soc:pw-s3cret@127.0.0.1:9/x"; do
	cp "$T/base.conf" "$C"
	printf 'output hook {\n\ttype webhook\n\turl "%s"\n}\n' "$u" >> "$C"
	"$D" -n -v -f "$C" > "$T/out" 2>&1 && fail "-n accepted $u"
	grep -q "pw-s3cret" "$T/out" && fail "-n echoed the password: $(cat "$T/out")"
	grep -q "credentials in the url are not sent: give the secret in token-file or token-env" \
	    "$T/out" || fail "no message for $u: $(cat "$T/out")"
done

# Answers too large: cut off, sent again, logged once.
mode bigbody
"$W" -P "$T/port" -l "$T/conn.log" -c "$T/ctl" -o "$T/recv.json" &
sink=$!
trap 'kill $sink $pid 2>/dev/null' EXIT
pid=
wait_for 5 test -s "$T/port" || fail "slowhttp did not start"
cp "$T/base.conf" "$C"
cat >> "$C" <<EOF
output hook {
	type webhook
	url "http://127.0.0.1:$(cat "$T/port")/alerts"
	timeout 5s
	retry-min 100ms
	retry-max 200ms
	drain-timeout 1500ms
}
EOF
squid "$T/a.log" 1 5
for m in bigbody bighead; do
	mode $m
	: > "$T/stderr"
	"$D" -f "$C" -r "squid:$T/a.log" 2> "$T/stderr" || fail "replay ($m)"
	[ "$(sent $m)" -gt 0 ] || fail "$m: no request seen"
	# 48 MB offered; a cut-off client takes 1 MB and what sockets hold.
	[ "$(sent $m)" -lt 25165824 ] ||
	    fail "$m: the whole answer was read ($(sent $m) bytes)"
	[ ! -s "$T/recv.json" ] || fail "$m: taken as delivered"
	[ "$(grep -c 'output hook: 127.0.0.1:[0-9]*: .*max-response-' "$T/stderr")" -eq 1 ] ||
	    fail "$m: not logged once: $(grep 'output hook' "$T/stderr")"
	grep -q "alerts wait in the spool for the next start" "$T/stderr" ||
	    fail "$m: spool not kept"
done
mode ok
: > "$T/empty.log"
sed -i 's/drain-timeout 1500ms/drain-timeout 10s/' "$C"
# An empty file gives no events: exit 2 (detectd(8)), nothing else.
"$D" -f "$C" -r "squid:$T/empty.log" 2> "$T/stderr"
[ $? -eq 2 ] || fail "replay (ok)"
# Both runs' alerts, each once, in order.
expect_same "$T/alerts.json" "$T/recv.json"

# A receiver that trickles a header line every 300 ms, for ever: the
# request is given up at the deadline and sent again.
mode trickle
kill $sink
wait $sink 2>/dev/null
rm -f "$T/port"
"$W" -P "$T/port" -l "$T/conn.log" -c "$T/ctl" -o "$T/recv.json" -i 300 &
sink=$!
wait_for 5 test -s "$T/port" || fail "slowhttp did not start again"
cp "$T/base.conf" "$C"
printf 'poll-interval 50ms\nstats-interval off\n' >> "$C"
cat >> "$C" <<EOF
output hook {
	type webhook
	url "http://127.0.0.1:$(cat "$T/port")/alerts"
	timeout 5s
	deadline 1s
	retry-min 100ms
	retry-max 200ms
}
EOF
: > "$T/access.log"
: > "$T/recv.json"
"$D" -d -f "$C" 2> "$T/daemon.log" &
pid=$!
wait_for 10 grep -qs "started, following 1 inputs" "$T/daemon.log" ||
    fail "daemon did not start: $(cat "$T/daemon.log")"
squid_line 1773137001 10.40.0.1 http://qakbot-c2.example/t >> "$T/access.log"
given_up() { [ "$(grep -c '^trickle ' "$T/conn.log")" -ge 2 ]; }
wait_for 20 given_up || fail "a trickling answer held the request"
[ "$(grep -c 'no whole answer within the deadline' "$T/daemon.log")" -eq 1 ] ||
    fail "deadline not logged once: $(grep 'output hook' "$T/daemon.log")"
mode ok
wait_for 20 grep -q '"rule":{"id":"1000001"' "$T/recv.json" ||
    fail "not delivered after the trickle"
kill -TERM $pid
wait $pid || fail "exit status $?"
pid=

# A token from the environment: sent, never shown.
kill $sink
wait $sink 2>/dev/null
"$B/tests/tools/httpsink" -P "$T/hport" -o "$T/hrecv.json" \
    -a "Bearer tok-from-env-42" &
sink=$!
wait_for 5 test -s "$T/hport" || fail "httpsink did not start"
cp "$T/base.conf" "$C"
cat >> "$C" <<EOF
output hook {
	type webhook
	url "http://127.0.0.1:$(cat "$T/hport")/alerts"
	token-env DETECTD_TEST_TOKEN
	drain-timeout 10s
}
EOF
DETECTD_TEST_TOKEN=tok-from-env-42 "$D" -n -v -f "$C" > "$T/out" 2>&1 ||
    fail "token-env refused: $(cat "$T/out")"
DETECTD_TEST_TOKEN=tok-from-env-42 "$D" -v -f "$C" -r "squid:$T/a.log" \
    > "$T/out" 2>&1 || fail "replay with token-env: $(cat "$T/out")"
[ "$(grep -c '"rule":{"id":"1000001"' "$T/hrecv.json")" -eq 5 ] ||
    fail "token-env not sent: $(cat "$T/out")"
grep -q "tok-from-env" "$T/out" && fail "the token was shown"
"$D" -f "$C" -r "squid:$T/a.log" > "$T/out" 2>&1 &&
    fail "started without the token in the environment"
grep -q "output hook: token-env DETECTD_TEST_TOKEN: not in the environment" \
    "$T/out" || fail "no message for a missing token: $(cat "$T/out")"
printf 'x\n' > "$T/token"
sed -i "s|^\ttoken-env.*|&\n\ttoken-file \"$T/token\"|" "$C"
"$D" -n -f "$C" > "$T/out" 2>&1 && fail "token-file and token-env both taken"
grep -q "token-file and token-env: give one" "$T/out" ||
    fail "no message for two tokens: $(cat "$T/out")"
echo ok
