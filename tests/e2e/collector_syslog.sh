# The syslog listener on 127.0.0.1: UDP datagrams (one message each, or
# one per line), TCP with newline framing and with RFC 6587 octet
# counting, RFC 3164 and RFC 5424 messages.  The port is picked at random
# from a high range, again if it is taken.  Needs bash for /dev/tcp.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
command -v bash > /dev/null || { echo "skipped: no bash"; exit 77; }
lstart lcfg
line() { lines "$1" "$1"; }

# UDP: a datagram per message, and one datagram of three lines.
for i in 1 2 3 4 5; do
	bash -c "printf '%s' \"\$1\" > /dev/udp/127.0.0.1/$port" _ "$(line $i)"
done
lines 6 8 > "$T/u3"
bash -c "cat > /dev/udp/127.0.0.1/$port" < "$T/u3"
wait_for 10 seen_at_least 8 || fail "UDP: $(seen) of 8"

# TCP, newline framing, with a last line without its newline.
{ lines 9 28; line 29 | tr -d '\n'; } > "$T/nl"
bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && cat >&3" < "$T/nl"
wait_for 10 seen_at_least 29 || fail "TCP lines: $(seen) of 29"

# TCP, octet counting: "LEN SP MSG", messages with a newline inside the
# count and without one, and RFC 3164 / RFC 5424 messages (counted in the
# statistics: their header is the pipeline's to strip).
: > "$T/oc"
for i in $(seq 30 49); do
	m=$(line "$i")
	printf '%d %s' "${#m}" "$m" >> "$T/oc"
done
m="$(line 50)
"
printf '%d %s' "${#m}" "$m" >> "$T/oc"
for m in '<13>Mar 10 14:02:11 proxy1 squid[42]: hello' \
    '<13>1 2026-03-10T14:02:11.000Z proxy1 squid 42 - - hello'; do
	printf '%d %s' "${#m}" "$m" >> "$T/oc"
done
bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && cat >&3" < "$T/oc"
wait_for 10 seen_at_least 50 || fail "octet counting: $(seen) of 50"
kill -USR1 "$pid"
wait_for 10 logged "listen sys: 52 messages" ||
    fail "message count: $(grep 'listen sys' "$T/d.log")"
# The same counts in the stats file SIGUSR1 wrote.
S="$T/state/stats.json"
wait_for 10 test -f "$S" || fail "no stats.json"
[ "$(jq -r '.inputs[] | select(.name == "sys") | .listener.messages' "$S")" = 52 ] ||
    fail "listener messages in stats.json"
[ "$(jq -r '.inputs[] | select(.name == "sys") | .parsed.parse_errors' "$S")" = 2 ] ||
    fail "listener parse errors in stats.json"
stop
expect_lines 1 50
[ "$(alerts)" -eq 50 ] || fail "$(alerts) alerts for 50 messages"
grep -q "sys: 52 lines, 50 events, 2 parse errors" "$T/d.log" ||
    fail "statistics"
echo ok
