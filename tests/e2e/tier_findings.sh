# The findings tier (detectd.conf(5), "tier"): the campaign's logs split
# by endpoint over two first-tier instances that write finding and
# contribution records, and one "tier findings" instance reading both,
# give the same cross-endpoint composite alerts as one instance reading
# everything: the C2 domain spread over three endpoints (4000010, from
# finding records), the stolen account used from three endpoints
# (4000011, from the logon lines its condition takes) and the attack
# propagating ws00007 -> ws00023 -> ws00042 (4000020, from the findings
# and the logon, share and firewall lines that join endpoints): ids,
# revisions, endpoints, path, summary, indicator, times, levels and the
# contributors with their alert ids, and the evidence lines.  The first
# tiers leave those rules to the tier.  Garbage, findings and
# contributions of unknown rules, and contributions of another version
# in the tier's input are counted and change nothing.  Every finding and
# contribution record is valid against its schema.
#
# Order: a composite rule's revisions follow the order its findings
# come in.  One instance replaying files reads them one after another;
# the tier gets the two first tiers' records merged in that order (the
# files' order, then event time), as a live tier reading a topic gets
# them in about event time from first tiers reading logs live.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
"$B/tools/gen_campaign" -n 200 -o "$T/camp" || fail "gen_campaign"
c="$T/camp"

# Every endpoint's lines to one instance, as a shipper keys records by
# endpoint: by the last octet of the client address (proxy, DNS, the
# firewall's source) or the number of the Windows host that logged it
# (endpoints), even to a, odd to b.  The domain controller is one host:
# its log and the mail server's go to a.
split_log() {	# split_log NAME AWK-SETTING-o
	awk -v a="$T/$1-a.log" -v b="$T/$1-b.log" "{ o = 0; $2;
	    print > ((o % 2 == 0) ? a : b) }" "$c/$1.log"
	[ -s "$T/$1-a.log" ] && [ -s "$T/$1-b.log" ] || fail "split $1"
}
split_log proxy 'split($3, x, "."); o = x[4]'
split_log dns 'for (i = 1; i <= NF; i++) if ($i ~ /#[0-9]+$/) {
    split($i, h, "#"); split(h[1], x, "."); o = x[4] }'
split_log fw 'for (i = 1; i <= NF; i++) if ($i ~ /^SRC=/) {
    split(substr($i, 5), x, "."); o = x[4] }'
split_log endpoint 'if (match($0, /"Hostname":"[A-Za-z]+[0-9]+/)) {
    h = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", h); o = h + 0 }'

conf="$T/etc/detectd.conf"
first_conf() {	# first_conf NAME: alerts and finding records to files
	sed "s|\"$T/alerts.json\"|\"$T/alerts-$1.json\"|" "$conf" > "$T/etc/$1.conf"
	printf 'output findings {\n\ttype file\n\tpath "%s"\n\trecords findings\n}\n' \
	    "$T/findings-$1.json" >> "$T/etc/$1.conf"
}
first_conf a
first_conf b
first_conf all
# The reference writes finding records too, and runs every rule itself.
first_conf one
echo "cross-endpoint local" >> "$T/etc/one.conf"
# The tier: no log input, only finding and contribution records.
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
first() {	# first NAME: a first tier on its half (DC, mail: a's)
	_one=
	[ "$1" = a ] && _one="-r windows:$c/dc.log -r postfix:$c/mail.log"
	run "$T/etc/$1.conf" "$T/$1.log" -r "dhcpd:$c/dhcp.log" \
	    $_one -r "windows:$T/endpoint-$1.log" \
	    -r "iptables:$T/fw-$1.log" -r "bind:$T/dns-$1.log" \
	    -r "squid:$T/proxy-$1.log"
}
first a
first b

served='"4000010"
"4000011"
"4000020"'
for x in a b all; do
	[ -s "$T/findings-$x.json" ] || fail "first tier $x wrote no findings"
	grep -q "finding records: $(grep -c '^{"finding":' "$T/findings-$x.json") written, 0 lost" \
	    "$T/$x.log" || fail "first tier $x: finding records not counted"
	grep -q "contribution records: $(grep -c '^{"contribution":' "$T/findings-$x.json") written, 0 lost" \
	    "$T/$x.log" || fail "first tier $x: contribution records not counted"
	[ -z "$(jq '.rule.id | select(. == "4000010" or . == "4000011" or
	    . == "4000020")' "$T/alerts-$x.json")" ] ||
	    fail "first tier $x ran a rule the tier serves"
done
# The reference runs those rules itself: no contribution records.
! grep -q '^{"contribution":' "$T/findings-one.json" ||
    fail "cross-endpoint local wrote contribution records"
# Both halves contribute to each rule the tier serves from lines.
for r in '"4000011" "event"' '"4000020" "reach"' '"4000020" "finding"'; do
	for x in a b; do
		[ -n "$(jq -c --argjson r "[$(echo $r | tr ' ' ,)]" 'select(
		    [.contribution.rule, .contribution.type] == $r)' \
		    "$T/findings-$x.json" | head -n 1)" ] ||
		    fail "first tier $x: no contribution $r"
	done
done

# Merged in the order one instance reads them: its files in turn, each
# in event time; then bad lines.
merge() {
	cat "$@" | jq -c -s '{"dhcp": 0, "dc": 1, "endpoint": 2, "mail": 3,
	    "fw": 4, "dns": 5, "proxy": 6} as $r | to_entries |
	    sort_by((.value.finding // .value.contribution.finding //
	    .value.contribution).event as $e | [($r[$e.file | sub(".*/"; "") |
	    sub("[-.].*"; "")] // 9), $e.time, .key]) | .[].value'
}
merge "$T/findings-a.json" "$T/findings-b.json" > "$T/findings.json" ||
    fail "merge"
{ echo 'not a record'
  grep -m 1 '^{"finding":' "$T/findings.json" | sed 's/"rule":"[0-9]*"/"rule":"9999999"/'
  grep -m 1 '"type":"reach"' "$T/findings.json" | sed 's/"rule":"4000020"/"rule":"9999999"/'
  grep -m 1 '"type":"reach"' "$T/findings.json" | sed 's/"version":1/"version":2/'
  grep -m 1 '"type":"event"' "$T/findings.json" | sed 's/"endpoint":{[^}]*},//'
  cat "$T/findings.json"; } > "$T/input.json"
run "$T/etc/tier.conf" "$T/tier.log" -r "findings:$T/input.json"
grep -q "input.json: .* 5 parse errors" "$T/tier.log" ||
    fail "bad lines not counted: $(grep input.json "$T/tier.log")"

# What incident handling reads, but the evidence's file and offset: the
# first tiers read halves of the files.  incident.endpoint is left out
# too: one instance completes it from its own identity table, the tier
# has none (docs/scale.md).
summary() {
	jq -c 'select(.rule.id == "4000010" or .rule.id == "4000011" or
	    .rule.id == "4000020") | [.rule.id, .event.id, .incident.revision,
	    .incident.composite.endpoints, .incident.composite.group,
	    .incident.composite.summary, .incident.composite.path,
	    .incident.composite.contributors, .incident.related_alerts,
	    [.incident.evidence[] | [.time, .source, .line]],
	    .threat.indicator.name, .event.start, .event.end,
	    .incident.importance, .incident.priority, .incident.attack_stage,
	    .incident.countermeasures, .incident.count]' "$1"
}
summary "$T/alerts-one.json" > "$T/one.sum"
summary "$T/tier.json" > "$T/tier.sum"
[ "$(jq -r '.[0]' "$T/one.sum" | sort -u)" = "$(echo "$served" | tr -d '"')" ] ||
    fail "one instance: not every rule the tier serves alerted"
[ "$(jq -r 'select(.[0] == "4000020") | [.[6][].endpoint] | join(">")' \
    "$T/one.sum" | tail -n 1)" = "ws00007>ws00023>ws00042" ] ||
    fail "one instance: no propagation over three endpoints"
for r in 4000010 4000011; do
	[ "$(jq -r "select(.[0] == \"$r\") | .[3] | length" "$T/one.sum" |
	    tail -n 1)" -ge 3 ] || fail "one instance: $r not over three endpoints"
done
cmp -s "$T/one.sum" "$T/tier.sum" ||
    fail "tier differs from one instance: $(diff "$T/one.sum" "$T/tier.sum" | head -c 3000)"
# The tier runs only what it serves.
[ "$(jq -r .rule.id "$T/tier.json" | sort -u)" = "$(echo "$served" | tr -d '"')" ] ||
    fail "tier ran other rules: $(jq -r .rule.id "$T/tier.json" | sort -u)"

# One instance's own records (cross-endpoint auto) through the tier:
# the same again.
sed -i "s|\"$T/tier.json\"|\"$T/tier-all.json\"|" "$T/etc/tier.conf"
run "$T/etc/tier.conf" "$T/tier-all.log" -r "findings:$T/findings-all.json"
summary "$T/tier-all.json" | cmp -s "$T/one.sum" - ||
    fail "tier on one instance's records differs"

# Every finding and contribution record valid against its schema.
for x in a b all; do
	"$B/tests/tools/schemacheck" "$TOP/schema/tier.schema.json" \
	    "$T/findings-$x.json" 2> "$T/$x.schema" ||
	    fail "records of $x: $(tail -5 "$T/$x.schema")"
done

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
