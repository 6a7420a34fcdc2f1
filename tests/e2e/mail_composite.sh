# The mail-borne first stage as one incident (rule 4000040): alice logs
# on at WS-ALICE (4624 on the DC), a message to alice@corp.example has a
# deceptively named attachment (amavis BANNED, 1000222), then WS-ALICE's
# address reaches a destination nobody in the organisation used before
# (3000053, after a week of proxy history).  The mail finding is keyed
# to WS-ALICE through the identity table (recipient -> user -> the host
# of their logon), so both land on one endpoint.  Bob got the same mail
# and did nothing: no incident for him.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
JP='見積もり用写真.xlsxs.exe'
{
	dc_logon 08:50:00 alice 10.1.2.3 WS-ALICE
	dc_logon 08:51:00 bob 10.1.2.4 WS-BOB
} > "$T/dc.json"
banned() {	# SECOND RCPT
	echo "Mar 10 09:05:$1 mx1 amavis[3]: (00003-0$1) Blocked BANNED (multipart/mixed | application/x-msdownload,.exe,.exe-ms,$JP) {DiscardedInbound,Quarantined}, [192.0.2.66]:40123 [192.0.2.66] <eve@evil.example> -> <$2@corp.example>, Queue-ID: 4BQ0M52ZtTz9sV$1, size: 48213, 90 ms"
}
{
	banned 01 alice
	banned 02 bob
} > "$T/mail.log"
touch -d 2026-03-10T12:00:00Z "$T/mail.log"
# A week and more of ordinary browsing, then alice's machine goes new.
t0=1772352000	# 2026-03-01T08:00:00Z
{
	for d in 0 1 2 3 4 5 6 7 8; do
		for h in 0 1 2; do
			echo "$((t0 + d * 86400 + h * 3600)).000    120 10.1.2.$((5 + h)) TCP_MISS/200 4000 GET http://www.example.com/ - HIER_DIRECT/198.51.100.$((10 + h)) text/html"
		done
	done
	# 2026-03-10T09:30:00Z, 09:40
	echo "1773135000.000    120 10.1.2.3 TCP_MISS/200 9000 GET http://cdn-update.example.net/a.bin - HIER_DIRECT/203.0.113.99 application/octet-stream"
	echo "1773135600.000    120 10.1.2.4 TCP_MISS/200 4000 GET http://www.example.com/ - HIER_DIRECT/198.51.100.10 text/html"
} > "$T/proxy.log"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" -r "windows:$T/dc.json" \
    -r "postfix:$T/mail.log" -r "squid:$T/proxy.log" 2> "$T/detectd.err" ||
    fail "replay"
cat "$T/detectd.err"
validate "$T/alerts.json"
n=$(jq -c 'select(.rule.id == "1000222")' "$T/alerts.json" | wc -l)
[ "$n" -eq 2 ] || fail "$n deceptive attachment alerts, want 2"
jq -s -e 'map(select(.rule.id == "1000222") | .incident.endpoint.key) |
    sort == ["ws-alice", "ws-bob"]' "$T/alerts.json" > /dev/null ||
    fail "mail endpoints: $(jq -c 'select(.rule.id == "1000222") | .incident.endpoint' "$T/alerts.json")"
jq -s -e 'map(select(.rule.id == "4000040")) | length == 1 and
    .[0].incident.endpoint.key == "ws-alice" and
    (.[0].incident.related_alerts | length) >= 1' "$T/alerts.json" \
    > /dev/null || fail "composite: $(jq -c 'select(.rule.id | startswith("4"))' "$T/alerts.json")"
exit 0
