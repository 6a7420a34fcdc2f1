# The statistical rules on real Zeek logs (Stratosphere Laboratory, CTU):
# the Android RAT's upload to port 1337 and the Nmap scans are found with
# their numbers; the normal day alerts only on what its labels call
# malicious (attacks from outside on the host), and never on the host's
# own regular update, antivirus and sync traffic.
. "$TOP/tests/e2e-lib.sh"
Z="$TOP/tests/data/zeek"
[ -d "$Z/rat-androidtester" ] || { echo "skipped: no $Z"; exit 77; }
confdir

replay() {
	rm -f "$T/alerts.json"
	"$D" -f "$T/etc/detectd.conf" "$@" -o "$T/alerts.json" \
	    2> "$T/stderr" || { cat "$T/stderr"; fail "replay exited $?"; }
	touch "$T/alerts.json"
	[ -s "$T/alerts.json" ] && validate "$T/alerts.json"
	true
}

stats_alerts() {
	jq -r 'select(.rule.id | startswith("30000")) |
	    [.rule.id, .source.ip, .event.reason] | @tsv' "$T/alerts.json"
}

# RAT: 42 MB sent to 147.32.83.234:1337 within minutes.
replay -r "zeek:$Z/rat-androidtester/conn.log" \
    -r "zeek:$Z/rat-androidtester/dns.log"
stats_alerts > "$T/rat"
cat "$T/rat"
grep -q "^3000040	10.8.0.61	source.ip=10.8.0.61 destination.ip=147.32.83.234: 27,067,920 source.bytes in 1.0 h (threshold 20,971,520)$" \
    "$T/rat" || fail "RAT upload to port 1337 not found"
# Every alert of the rule, not the last one only (jq -e judges the last).
jq -s -e 'map(select(.rule.id == "3000040")) |
    length > 0 and all(.destination.port == 1337)' \
    "$T/alerts.json" > /dev/null || fail "RAT alert without port 1337"
[ "$(wc -l < "$T/rat")" -eq 1 ] || fail "RAT: unexpected statistical alerts"

# Nmap from 172.16.1.11: horizontal and vertical scans.
replay -r "zeek-json:$Z/port-scan-nmap/conn.log"
stats_alerts > "$T/nmap"
grep -q "^3000010	172.16.1.11	source.ip=172.16.1.11 destination.port=[0-9]*: 25 distinct destination.net in 5.0 min (threshold 25)$" \
    "$T/nmap" || fail "horizontal scan not found"
grep -q "^3000011	172.16.1.11	source.ip=172.16.1.11 destination.ip=10.0.2.[0-9]*: 15 distinct destination.port in 5.0 min (threshold 15)$" \
    "$T/nmap" || fail "vertical scan not found"
[ "$(cut -f2 "$T/nmap" | sort -u)" = "172.16.1.11" ] ||
    fail "scan alerts for another source"
# Scans fold by source (aggregate-by endpoint): one ticket for the ~25
# hosts probed, whose update names them, not one ticket per host.
n=$(jq -r 'select(.rule.id == "3000011" and .incident.revision == 1) |
    .event.id' "$T/alerts.json" | wc -l)
[ "$n" -le 2 ] || fail "vertical scan: $n alerts, not folded by source"
jq -s -e '[.[] | select(.rule.id == "3000011" and .incident.revision == 2) |
    .incident.destinations | length] | max >= 20' "$T/alerts.json" \
    > /dev/null || fail "vertical scan update without its destinations"

# Normal day: only sources whose flows are all labelled malicious.
N="$Z/normal-day-ctu-normal-40/data/conn.log.labeled"
replay -r "zeek:$N"
stats_alerts > "$T/normal"
cat "$T/normal"
[ -s "$T/normal" ] || fail "the external attacks went unnoticed"
awk -F'\t' '!/^#/ && $NF != "" { print $3 "\t" $(NF-1) }' "$N" |
    sort -u > "$T/labels"
for ip in $(cut -f2 "$T/normal" | sort -u); do
	l=$(awk -F'\t' -v ip="$ip" '$1 == ip { print $2 }' "$T/labels" |
	    sort -u)
	[ "$l" = "Malicious" ] || fail "alert on $ip, labelled '$l'"
done
grep -q "147.32.81.167	beacon" "$T/normal" && fail "host beacon alert"

# Same input, same alerts, ids included.
jq -r '.event.id' "$T/alerts.json" > "$T/ids1"
replay -r "zeek:$N"
jq -r '.event.id' "$T/alerts.json" > "$T/ids2"
cmp -s "$T/ids1" "$T/ids2" || fail "two replays differ"
echo ok
