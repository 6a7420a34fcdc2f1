# Identity follows a DHCP lease: WS-A beacons to a C2 from 10.9.0.5,
# its lease moves to 10.9.0.77 and WS-B gets 10.9.0.5.  Findings before
# the move are WS-A's, after it WS-B's on the old address and WS-A's on
# the new one; WS-A's recurring C2 stays one continuity incident.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
# One alert per event: these counts check parsing, not aggregation.
echo "aggregate-window off" >> "$T/etc/detectd.conf"
c2=update-check.badcdn.example
dhcp() {	# TIME ACTION IP MAC HOST
	if [ "$2" = ack ]; then
		echo "Mar 10 $1 dhcp1 dhcpd[1234]: DHCPACK on $3 to $4 ($5) via eth1"
	else
		echo "Mar 10 $1 dhcp1 dhcpd[1234]: DHCPRELEASE of $3 from $4 ($5) via eth1 (found)"
	fi
}
{
	dhcp 08:00:00 ack 10.9.0.5 00:16:3e:00:00:0a WS-A
	dhcp 09:00:00 release 10.9.0.5 00:16:3e:00:00:0a WS-A
	dhcp 09:00:01 ack 10.9.0.77 00:16:3e:00:00:0a WS-A
	dhcp 09:05:00 ack 10.9.0.5 00:16:3e:00:00:0b WS-B
} > "$T/dhcp.log"
touch -d 2026-03-10T12:00:00Z "$T/dhcp.log"
t0=1773129600	# 2026-03-10T08:00:00Z
hit() {	# SECONDS IP
	echo "$(($t0 + $1)).000    120 $2 TCP_TUNNEL/200 4000 CONNECT $c2:443 - HIER_DIRECT/203.0.113.66 -"
}
{
	for m in 10 11 12 13 14; do hit $((m * 60)) 10.9.0.5; done
	for m in 70 71; do hit $((m * 60)) 10.9.0.77; done
	hit $((80 * 60)) 10.9.0.5
} > "$T/proxy.log"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" -r "dhcpd:$T/dhcp.log" \
    -r "squid:$T/proxy.log" 2> "$T/log" || fail "replay"
validate "$T/alerts.json"
keys=$(jq -r 'select(.rule.id == "1000001") | .incident.endpoint.key' \
    "$T/alerts.json" | tr '\n' ' ')
[ "$keys" = "ws-a ws-a ws-a ws-a ws-a ws-a ws-a ws-b " ] || fail "keys: $keys"
jq -s -e 'map(select(.rule.id == "1000001" and .source.ip == "10.9.0.77") |
    .incident.endpoint | .host == "ws-a" and .mac == "00:16:3e:00:00:0a") |
    length == 2 and all' "$T/alerts.json" > /dev/null ||
    fail "endpoint of the new address"
n=$(jq -c 'select(.rule.id == "4000001")' "$T/alerts.json" | wc -l)
[ "$n" -eq 1 ] || fail "$n continuity alerts"
jq -s -e 'map(select(.rule.id == "4000001") | .incident.endpoint.key) ==
    ["ws-a"]' "$T/alerts.json" > /dev/null || fail "continuity endpoint"
exit 0
