# The syslog output: RFC 5424 messages over UDP, TCP (octet counting)
# and a local datagram socket; the MSG is the record, the structured
# data its key facts.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
K="$B/tests/tools/syslogsink"
"$K" -P "$T/udp.port" -o "$T/udp.txt" &
s1=$!
"$K" -P "$T/tcp.port" -t -o "$T/tcp.txt" &
s2=$!
"$K" -u "$T/log.sock" -o "$T/unix.txt" &
s3=$!
trap 'kill $s1 $s2 $s3 2>/dev/null' EXIT
wait_for 5 test -s "$T/udp.port" -a -s "$T/tcp.port" -a -S "$T/log.sock" ||
    fail "sinks did not start"
cat >> "$C" <<EOF
output siem-udp {
	type syslog
	address "udp://127.0.0.1:$(cat "$T/udp.port")"
	facility local3
}
output siem-tcp {
	type syslog
	address "tcp://127.0.0.1:$(cat "$T/tcp.port")"
	app-name "ids"
}
output local {
	type syslog
	address "$T/log.sock"
}
EOF
"$D" -f "$C" -r "squid:$TOP/tests/data/squid/sample.log" 2> "$T/stderr" ||
    fail "replay exited $?: $(cat "$T/stderr")"
n=$(wc -l < "$T/alerts.json")
[ "$n" -ge 4 ] || fail "file output"
for f in udp tcp unix; do
	wait_for 5 lines_at_least "$T/$f.txt" "$n" || fail "$f: messages lost"
	[ "$(wc -l < "$T/$f.txt")" -eq "$n" ] || fail "$f: too many messages"
	# The MSG is the record, byte for byte.
	sed 's/^[^{]*\] //' "$T/$f.txt" > "$T/$f.msg"
	expect_same "$T/alerts.json" "$T/$f.msg"
done
# <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG
re='^<[0-9]{1,3}>1 2026-03-12T00:00:00\.000Z sensor-test [a-z]+ [0-9]+ (ALERT|UPDATE) \[detectd@32473 event_id="[0-9a-f-]{36}" rule_id="[^"]+" endpoint="[^"]+"( destination="[^"]+")? importance="(low|medium|high|critical)" priority="(low|medium|high|critical)" revision="[0-9]+"\] \{'
for f in udp tcp unix; do
	grep -Evq "$re" "$T/$f.txt" && fail "$f: not RFC 5424: $(grep -Ev "$re" "$T/$f.txt" | head -n 1 | cut -c1-300)"
done
# local3 (19): high is err (3), so <155>; local0 default: <131>.
grep -q '^<155>1 .* detectd .* rule_id="1000002"' "$T/udp.txt" ||
    fail "facility or severity (udp)"
grep -q '^<131>1 .* ids .* rule_id="1000002"' "$T/tcp.txt" ||
    fail "app-name or default facility (tcp)"
grep -q 'endpoint="10.20.1.22" destination="update-check.badcdn.example:443"' \
    "$T/unix.txt" || fail "structured data"
validate "$T/udp.msg"

# Nobody listening on the local socket: kept, retried, then reported.
kill $s3
wait $s3 2>/dev/null
sed -i 's|^output local {|&\n\tdrain-timeout 200ms\n\tretry-min 50ms|' "$C"
"$D" -f "$C" -r "squid:$TOP/tests/data/squid/sample.log" 2> "$T/stderr2" &&
    fail "lost alerts not reported in the exit status"
grep -q "output local: .* bytes of alerts could not be written" "$T/stderr2" ||
    fail "lost alerts not logged: $(cat "$T/stderr2")"
echo ok
