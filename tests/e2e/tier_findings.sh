# The findings tier (detectd.conf(5), "tier"): the campaign's logs split
# by endpoint address over two first-tier instances that write finding
# records, and one "tier findings" instance reading both, give the same
# cross-endpoint composite alerts (4000010, the C2 domain spread over
# three endpoints: ids, revisions, endpoints, indicator, times and the
# contributing alert ids) as one instance reading everything.  The first
# tiers leave that rule to the tier.  Garbage and findings of unknown
# rules in the tier's input are counted and change nothing.
#
# Order: a composite rule's revisions follow the order its findings
# come in.  One instance replaying files reads them one after another;
# the tier gets the two first tiers' findings merged in that order (the
# files' order, then event time), as a live tier reading a topic gets
# them in about event time from first tiers reading logs live.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
"$B/tools/gen_campaign" -n 200 -o "$T/camp" || fail "gen_campaign"
c="$T/camp"

# Every endpoint's lines to one instance: by the last octet of the
# client address, as a shipper keys records by endpoint.
awk -v a="$T/proxy-a.log" -v b="$T/proxy-b.log" '{ split($3, o, ".");
    print > ((o[4] % 2 == 0) ? a : b) }' "$c/proxy.log"
awk -v a="$T/dns-a.log" -v b="$T/dns-b.log" '{ for (i = 1; i <= NF; i++)
    if ($i ~ /#[0-9]+$/) { split($i, h, "#"); split(h[1], o, "."); break }
    print > ((o[4] % 2 == 0) ? a : b) }' "$c/dns.log"
[ -s "$T/proxy-b.log" ] && [ -s "$T/dns-b.log" ] || fail "split"

conf="$T/etc/detectd.conf"
first_conf() {	# first_conf NAME: alerts and finding records to files
	sed "s|\"$T/alerts.json\"|\"$T/alerts-$1.json\"|" "$conf" > "$T/etc/$1.conf"
	printf 'output findings {\n\ttype file\n\tpath "%s"\n\trecords findings\n}\n' \
	    "$T/findings-$1.json" >> "$T/etc/$1.conf"
}
first_conf a
first_conf b
first_conf all
# The reference writes findings too, and runs every rule itself.
first_conf one
echo "cross-endpoint local" >> "$T/etc/one.conf"
# The tier: no log input, only finding records.
awk '/^input proxy/ { skip = 1 } skip && /^}/ { skip = 0; next } !skip' "$conf" |
    sed "s|\"$T/alerts.json\"|\"$T/tier.json\"|" > "$T/etc/tier.conf"
echo "tier findings" >> "$T/etc/tier.conf"

run() {	# run CONF LOG [-o OUT] -r ...
	_conf=$1 _log=$2
	shift 2
	"$D" -f "$_conf" "$@" 2> "$_log" || fail "$_conf: $(tail -3 "$_log")"
}
everything() {	# everything NAME: one instance reads all the logs
	run "$T/etc/$1.conf" "$T/$1.log" -r "dhcpd:$c/dhcp.log" \
	    -r "windows:$c/dc.log" -r "windows:$c/endpoint.log" \
	    -r "postfix:$c/mail.log" -r "iptables:$c/fw.log" \
	    -r "bind:$c/dns.log" -r "squid:$c/proxy.log"
}
everything one
everything all
run "$T/etc/a.conf" "$T/a.log" -r "dhcpd:$c/dhcp.log" \
    -r "windows:$c/dc.log" -r "windows:$c/endpoint.log" \
    -r "postfix:$c/mail.log" -r "iptables:$c/fw.log" \
    -r "bind:$T/dns-a.log" -r "squid:$T/proxy-a.log"
run "$T/etc/b.conf" "$T/b.log" -r "dhcpd:$c/dhcp.log" \
    -r "bind:$T/dns-b.log" -r "squid:$T/proxy-b.log"

for x in a b all; do
	[ -s "$T/findings-$x.json" ] || fail "first tier $x wrote no findings"
	grep -q "finding records: $(wc -l < "$T/findings-$x.json") written, 0 lost" \
	    "$T/$x.log" || fail "first tier $x: finding records not counted"
	! grep -q '"id":"4000010"' "$T/alerts-$x.json" ||
	    fail "first tier $x ran the spread rule the tier serves"
done

# Merged in the order one instance reads them; then two bad lines.
cat "$T/findings-a.json" "$T/findings-b.json" | jq -c -s '{"ad": 0,
    "endpoint": 1, "mail": 2, "firewall": 3, "dns": 4, "proxy": 5} as $r |
    to_entries | sort_by([($r[.value.finding.event.source] // 9),
    .value.finding.last, .key]) | .[].value' > "$T/findings.json" ||
    fail "merge"
{ echo 'not a record'
  head -n 1 "$T/findings.json" | sed 's/"rule":"[0-9]*"/"rule":"9999999"/'
  cat "$T/findings.json"; } > "$T/input.json"
run "$T/etc/tier.conf" "$T/tier.log" -r "findings:$T/input.json"
grep -q "input.json: .* 2 parse errors" "$T/tier.log" ||
    fail "bad lines not counted: $(grep input.json "$T/tier.log")"

spread() {
	jq -c 'select(.rule.id == "4000010") | [.rule.id, .event.id,
	    .incident.revision, (.incident.composite.endpoints | sort),
	    .threat.indicator.name, .event.start, .event.end,
	    [.incident.composite.contributors[].alert_id]]' "$1"
}
spread "$T/alerts-one.json" > "$T/one.sum"
spread "$T/tier.json" > "$T/tier.sum"
[ "$(jq -r '.[3] | length' "$T/one.sum" | tail -n 1)" -ge 3 ] ||
    fail "one instance: no spread over three endpoints"
cmp -s "$T/one.sum" "$T/tier.sum" ||
    fail "tier differs from one instance: $(diff "$T/one.sum" "$T/tier.sum")"
# The tier runs only what it serves.
[ "$(jq -r .rule.id "$T/tier.json" | sort -u)" = 4000010 ] ||
    fail "tier ran other rules: $(jq -r .rule.id "$T/tier.json" | sort -u)"

# The reference's own findings through the tier: the same again.
sed -i "s|\"$T/tier.json\"|\"$T/tier-one.json\"|" "$T/etc/tier.conf"
run "$T/etc/tier.conf" "$T/tier-one.log" -r "findings:$T/findings-one.json"
spread "$T/tier-one.json" | cmp -s "$T/one.sum" - ||
    fail "tier on one instance's findings differs"

# The configuration says which records go where.
printf 'input x {\n\tpath "%s"\n\tformat findings\n}\n' "$T/x" >> "$T/etc/a.conf"
"$D" -n -f "$T/etc/a.conf" > "$T/n.log" 2>&1 && fail "findings input in a first tier"
grep -q "format findings needs tier findings" "$T/n.log" || fail "$(cat "$T/n.log")"
# So do replays.
"$D" -f "$T/etc/tier.conf" -o "$T/x.json" -r "squid:$T/proxy-a.log" \
    > "$T/r.log" 2>&1 && fail "log replay in the findings tier"
grep -q "tier findings reads only format findings" "$T/r.log" || fail "$(cat "$T/r.log")"
"$D" -f "$conf" -o "$T/x.json" -r "findings:$T/findings.json" \
    > "$T/r.log" 2>&1 && fail "findings replay in a first tier"
grep -q "format findings needs tier findings" "$T/r.log" || fail "$(cat "$T/r.log")"
exit 0
