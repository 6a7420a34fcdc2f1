# Alert hygiene: the same rule, endpoint and destination within the
# window gives one alert and one update with the same id and the count;
# critical servers and VIP users raise importance and priority.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
t0=1773140000
line() {	# SECONDS-AFTER-t0 ENDPOINT USER PATH
	squid_line $((t0 + $1)) "$2" "http://qakbot-c2.example$4" "$3"
}
{
	i=0
	while [ $i -lt 50 ]; do
		line $((i * 5)) 10.40.0.1 - "/beacon?n=$i"
		[ $i -eq 2 ] && line 11 10.40.0.2 - /x
		[ $i -eq 4 ] && line 21 10.40.0.3 'CORP\ceo' /y
		i=$((i + 1))
	done
	line 1200 10.40.0.1 - /later
} > "$T/agg.log"
cat >> "$C" <<'EOF'
aggregate-window 10m
critical-servers {
	10.40.0.2 192.0.2.0/24
}
vip-users {
	ceo
}
EOF
"$D" -n -f "$C" > /dev/null || fail "config"
"$D" -f "$C" -r "squid:$T/agg.log" 2> "$T/stderr" || fail "replay"
validate "$T/alerts.json"
grep '"rule":{"id":"1000001"' "$T/alerts.json" > "$T/r1.json"
jq -r '[.source.ip, .incident.revision, .incident.count,
    .incident.importance, .incident.priority, .event.severity,
    .incident.ticket_severity, (.incident.raised_by // [] | join(",")),
    .event.start, .event.end, (.incident.evidence | length)] | @tsv' \
    "$T/r1.json" > "$T/got"
tab=$(printf '\t')
cat > "$T/want" <<EOF
10.40.0.1	1	1	high	high	73	3		2026-03-10T10:53:20.000Z	2026-03-10T10:53:20.000Z	1
10.40.0.2	1	1	critical	critical	99	4	critical-server	2026-03-10T10:53:31.000Z	2026-03-10T10:53:31.000Z	1
10.40.0.3	1	1	critical	critical	99	4	vip-user	2026-03-10T10:53:41.000Z	2026-03-10T10:53:41.000Z	1
10.40.0.1	2	50	high	high	73	3		2026-03-10T10:53:20.000Z	2026-03-10T10:57:25.000Z	2
10.40.0.1	1	1	high	high	73	3		2026-03-10T11:13:20.000Z	2026-03-10T11:13:20.000Z	1
EOF
expect_same "$T/want" "$T/got"
# The update carries the first alert's id, and its last evidence line.
first=$(sed -n 1p "$T/r1.json" | jq -r .event.id)
upd=$(sed -n 4p "$T/r1.json" | jq -r .event.id)
last=$(sed -n 5p "$T/r1.json" | jq -r .event.id)
[ "$first" = "$upd" ] || fail "update with another id"
[ "$first" != "$last" ] || fail "a new window reused the id"
sed -n 4p "$T/r1.json" | jq -r '.incident.evidence[1].line' |
    grep -q 'beacon?n=49 ' || fail "last evidence line"
sed -n 4p "$T/r1.json" | jq -r '.incident.evidence[0].line' |
    grep -q 'beacon?n=0 ' || fail "first evidence line"

# Off: every finding alerts.
sed -i 's/^aggregate-window 10m/aggregate-window off/' "$C"
"$D" -f "$C" -r "squid:$T/agg.log" -o "$T/off.json" 2> /dev/null ||
    fail "replay off"
[ "$(grep -c '"rule":{"id":"1000001"' "$T/off.json")" -eq 53 ] ||
    fail "aggregation off: $(grep -c '"rule":{"id":"1000001"' "$T/off.json") alerts"
jq -s -e '[.[] | select(.rule.id == "1000001") | .incident.revision] |
    all(. == 1)' "$T/off.json" > /dev/null || fail "revision when off"

# Bad values are configuration errors.
printf 'aggregate-window 5x\ncritical-servers {\n\tnot-an-ip\n}\n' >> "$C"
"$D" -n -f "$C" 2> "$T/err" && fail "bad hygiene config accepted"
grep -q "aggregate-window" "$T/err" && grep -q "critical-servers: 'not-an-ip'" "$T/err" ||
    fail "errors: $(cat "$T/err")"
echo ok
