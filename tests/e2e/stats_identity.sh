# One endpoint for every analyzer: a stats rule counts the failures of
# one machine that the proxy names by its address (10.20.1.15) and the
# domain controller by its workstation name (WS-ALICE); the DHCP lease
# ties the two.  Four of each stay under the threshold of eight apart,
# and reach it together.  WS-BOB's four proxy errors alone stay quiet.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
cat > "$T/etc/rules.d/zz-identity.rules" <<'RULES'
rule 9900001 {
	name "Failures of one endpoint across sources"
	analyzer stats
	viewpoint similar-to-attack
	stage lateral
	statistic count
	group-by endpoint
	window 10m
	threshold 8
	condition http.response.status_code >= 400 or winlog.event_id == 4625
}
RULES
{
	echo "Mar 10 08:00:00 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.15 to 00:16:3e:00:01:0f (WS-ALICE) via eth1"
	echo "Mar 10 08:00:00 dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.16 to 00:16:3e:00:01:10 (WS-BOB) via eth1"
} > "$T/dhcp.log"
touch -d 2026-03-10T12:00:00Z "$T/dhcp.log"
t0=1773129600	# 2026-03-10T08:00:00Z
for m in 1 2 3 4; do
	for ip in 10.20.1.15 10.20.1.16; do
		echo "$(($t0 + m * 60)).000     80 $ip TCP_MISS/404 512 GET http://files.example.org/x$m.bin - HIER_DIRECT/198.51.100.7 text/html"
	done
done > "$T/proxy.log"
for m in 2 3 4 5; do
	echo "{\"EventTime\":\"2026-03-10 08:0$m:30\",\"Hostname\":\"dc1.corp.example\",\"EventID\":4625,\"Channel\":\"Security\",\"SourceName\":\"Microsoft-Windows-Security-Auditing\",\"TargetUserName\":\"admin$m\",\"WorkstationName\":\"WS-ALICE\",\"IpAddress\":\"-\",\"IpPort\":\"-\",\"Status\":\"0xc000006d\",\"SubStatus\":\"0xc000006a\",\"LogonType\":\"3\"}"
done > "$T/security.json"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" -r "dhcpd:$T/dhcp.log" \
    -r "squid:$T/proxy.log" -r "windows:$T/security.json" 2> "$T/log" ||
    fail "replay"
validate "$T/alerts.json"
n=$(jq -c 'select(.rule.id == "9900001")' "$T/alerts.json" | wc -l)
[ "$n" -eq 1 ] || { cat "$T/log"; fail "$n alerts, want 1"; }
jq -s -e 'map(select(.rule.id == "9900001"))[0].incident.endpoint |
    .key == "ws-alice" and .ip == "10.20.1.15" and
    .mac == "00:16:3e:00:01:0f"' \
    "$T/alerts.json" > /dev/null || fail "endpoint of the alert"
exit 0
