# Suricata EVE alerts by severity, the signature ids raised and
# ignored, and an IDS alert plus a proxy finding on the same endpoint
# as one incident (rule 4000030).  Records of other event types, and a
# broken line, are counted, never fatal.  A generated day with planted
# alerts of a raised signature gives exactly the planted alerts.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
echo "2030000 test campaign check-in" >> "$T/etc/rules.d/lists/ids-raise-sids.txt"
ts=2026-03-10T08:00
alert() {	# MINUTE SRC DST SID SEVERITY [DIRECTION]
	dir=""
	[ -n "$6" ] && dir=",\"direction\":\"$6\""
	echo "{\"timestamp\":\"$ts:$1.000000+0000\",\"flow_id\":1,\"host\":\"ids-1\",\"event_type\":\"alert\",\"src_ip\":\"$2\",\"src_port\":80,\"dest_ip\":\"$3\",\"dest_port\":49711,\"proto\":\"TCP\"$dir,\"alert\":{\"action\":\"allowed\",\"gid\":1,\"signature_id\":$4,\"rev\":1,\"signature\":\"TEST signature $4\",\"category\":\"A Network Trojan was detected\",\"severity\":$5},\"app_proto\":\"http\",\"http\":{\"hostname\":\"update-check.badcdn.example\",\"url\":\"/gate.php\",\"http_method\":\"GET\",\"status\":200}}"
}
{
	alert 00 203.0.113.66 10.1.2.3 2027758 1 to_client
	alert 01 203.0.113.66 10.1.2.4 2018358 2 to_client
	alert 02 203.0.113.66 10.1.2.5 2013000 3 to_client
	alert 03 203.0.113.66 10.1.2.7 2013028 1 to_client
	alert 04 203.0.113.66 10.1.2.6 2030000 3 to_client
	echo "{\"timestamp\":\"$ts:05.000000+0000\",\"event_type\":\"stats\",\"stats\":{\"uptime\":300}}"
	echo "{\"timestamp\":\"$ts:06.000000+0000\",\"event_type\":\"smb\",\"src_ip\":\"10.1.2.3\",\"smb\":{}}"
	echo "{\"timestamp\":\"$ts:07.000000+0000\",\"event_type\":\"alert\",\"alert\":{\"signature_id\":"
} > "$T/eve.json"
# The proxy sees 10.1.2.3, and only it, reach a listed C2 ten minutes on.
echo "1773130200.000    120 10.1.2.3 TCP_TUNNEL/200 4000 CONNECT update-check.badcdn.example:443 - HIER_DIRECT/203.0.113.66 -" > "$T/proxy.log"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" -r "suricata:$T/eve.json" \
    -r "squid:$T/proxy.log" 2> "$T/detectd.err" || fail "replay"
cat "$T/detectd.err"
validate "$T/alerts.json"
grep -q "eve.json: 8 lines, 5 events, 1 parse errors, 2 skipped" "$T/detectd.err" ||
    fail "counts"
got=$(jq -r 'select(.rule.id | startswith("10002")) |
    "\(.rule.id) \(.source.ip) \(.destination.ip)"' "$T/alerts.json" |
    sort | tr '\n' ';')
want="1000200 10.1.2.3 203.0.113.66;1000201 10.1.2.4 203.0.113.66;1000203 10.1.2.6 203.0.113.66;"
[ "$got" = "$want" ] || fail "IDS alerts: $got"
jq -s -e 'map(select(.rule.id == "1000203"))[0] |
    .incident.importance == "critical"' "$T/alerts.json" > /dev/null ||
    fail "raised signature not critical"
# One incident for 10.1.2.3: the IDS alert and the proxy's C2 finding.
jq -s -e 'map(select(.rule.id == "4000030")) | length == 1 and
    .[0].source.ip == "10.1.2.3" and
    (.[0].incident.related_alerts | length) == 2' "$T/alerts.json" \
    > /dev/null || fail "composite: $(jq -c 'select(.rule.id == "4000030")' "$T/alerts.json")"
ids=$(jq -r 'select(.rule.id == "1000200" or .rule.id == "1000001") |
    .event.id' "$T/alerts.json" | sort | tr '\n' ' ')
rel=$(jq -r 'select(.rule.id == "4000030") | .incident.related_alerts[]' \
    "$T/alerts.json" | sort | tr '\n' ' ')
[ "$ids" = "$rel" ] || fail "related alerts: $rel, want $ids"

# A generated day: the planted alerts of the raised signature, no more.
"$B/tools/gen_suricata" -n 20000 -e 40 -s 7 -i 2030000:25 > "$T/day.json"
"$D" -f "$T/etc/detectd.conf" -o "$T/day-alerts.json" \
    -r "suricata:$T/day.json" 2> "$T/detectd.err" || fail "replay of the day"
validate "$T/day-alerts.json"
n=$(jq -c 'select(.rule.id == "1000203")' "$T/day-alerts.json" | wc -l)
[ "$n" -eq 25 ] || fail "$n alerts of the raised signature, want 25"
grep -q "0 parse errors" "$T/detectd.err" || fail "parse errors in the day"
exit 0
