# The campaign scenario (tools/gen_campaign.c) replayed, grouped into
# incidents: every alert on the endpoints the attack went through (its
# ground truth from stage 2 on) is in one incident, with exactly those
# endpoints, merged from the incidents each endpoint opened before the
# propagation tied them; its stage is the furthest its alerts reached,
# the objective (stage 6) as in the ground truth;
# the scan from outside is an incident of its own; the same logs give
# the same ids, and the incident records validate.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
"$B/tools/gen_campaign" -n 200 -o "$T/camp" > /dev/null || fail "gen_campaign"
cat >> "$T/etc/detectd.conf" <<EOF2
output tickets {
	type file
	path "$T/tickets.json"
	records incidents
}
EOF2
# -o would replace the outputs of the configuration: alerts.json is
# its file output.
replay() {
	: > "$T/tickets.json"
	: > "$T/alerts.json"
	"$D" -f "$T/etc/detectd.conf" \
	    -r "dhcpd:$T/camp/dhcp.log" -r "windows:$T/camp/dc.log" \
	    -r "windows:$T/camp/endpoint.log" -r "iptables:$T/camp/fw.log" \
	    -r "bind:$T/camp/dns.log" -r "squid:$T/camp/proxy.log" \
	    2> "$1.log" || fail "replay: $(tail -3 "$1.log")"
	cp "$T/alerts.json" "$1"
}
replay "$T/a1.json"
validate "$T/a1.json"

# The attack's endpoints, from the ground truth.
awk -F '\t' '!/^#/ && $2 >= 2 { print $3 }' "$T/camp/truth.tsv" |
    tr ',>' '\n\n' | grep -v '^endpoint$' | sort -u > "$T/want"
[ "$(wc -l < "$T/want")" -eq 3 ] || fail "truth endpoints: $(cat "$T/want")"
jq -r --rawfile w "$T/want" 'select(.incident.endpoint.key as $k |
    ($w | split("\n") | index([$k])) != null) | .incident.id' "$T/a1.json" |
    sort | uniq -c > "$T/ids.attack"
# Each alert names the incident as it was then: the last is the one.
inc=$(jq -r --rawfile w "$T/want" 'select(.incident.endpoint.key as $k |
    ($w | split("\n") | index([$k])) != null) | .incident.id' "$T/a1.json" |
    tail -n 1)
last=$(jq -c --arg i "$inc" 'select(.event.id == $i)' "$T/tickets.json" |
    tail -n 1)
[ -n "$last" ] || fail "no incident record for $inc"
printf "%s\n" "$last" | jq -r '.incident.endpoints[]' | sort > "$T/got"
diff "$T/want" "$T/got" > /dev/null ||
    fail "incident endpoints: $(tr '\n' ' ' < "$T/got"), want $(tr '\n' ' ' < "$T/want")"
# Merged: the incidents opened apart are named, and nothing is left of them.
printf "%s\n" "$last" | jq -e '.incident.merged | length >= 1' > /dev/null ||
    fail "no merge recorded: $last"
for m in $(printf "%s\n" "$last" | jq -r '.incident.merged[]'); do
	jq -c --arg m "$m" 'select(.incident.merged // [] | index([$m]))' \
	    "$T/a1.json" | grep -q . || fail "merge of $m not on an alert"
done
# Every attack alert is in it, or in one of those merged into it.
{ echo "$inc"; printf "%s\n" "$last" | jq -r '.incident.merged[]'; } |
    sort > "$T/ids.want"
awk '{ print $2 }' "$T/ids.attack" | sort > "$T/ids.got"
cmp -s "$T/ids.want" "$T/ids.got" ||
    fail "attack alerts in other incidents: $(cat "$T/ids.attack")"
# The furthest stage of its alerts.
want=$(jq -r --arg i "$inc" 'select(.incident.id == $i) |
    .incident.attack_stage.number' "$T/a1.json" | sort -n | tail -n 1)
[ "$(printf "%s\n" "$last" | jq '.incident.stage_reached.number')" = "$want" ] ||
    fail "stage: $(printf "%s\n" "$last" | jq -c .incident.stage_reached), want $want"
# And that is the furthest the ground truth expects a rule to find: the
# objective, the upload the proxy logs as request bytes (source.bytes).
truth=$(awk -F '\t' '!/^#/ && $2 >= 2 && $5 != "-" { print $2 }' \
    "$T/camp/truth.tsv" | sort -n | tail -n 1)
[ "$want" = "$truth" ] ||
    fail "stage reached $want, the ground truth's furthest $truth"
[ "$(printf "%s\n" "$last" | jq '.incident.alerts')" -gt 20 ] || fail "alerts"
# The scan from outside: its own incident.
jq -r 'select(.incident.endpoint.key == "185.220.101.9") | .incident.id' \
    "$T/a1.json" | sort -u > "$T/scan"
[ "$(wc -l < "$T/scan")" -eq 1 ] && ! grep -qx "$inc" "$T/scan" ||
    fail "scan incident: $(cat "$T/scan")"
"$B/tests/tools/schemacheck" "$TOP/schema/incident.schema.json" \
    "$T/tickets.json" || fail "incident records not valid"
[ "$(wc -l < "$T/tickets.json")" -eq "$(wc -l < "$T/a1.json")" ] ||
    fail "not one incident record per alert"

# Same logs, same incident ids.
jq -r '.incident.id' "$T/a1.json" > "$T/i1"
replay "$T/a2.json"
jq -r '.incident.id' "$T/a2.json" > "$T/i2"
cmp -s "$T/i1" "$T/i2" || fail "incident ids differ between runs"
echo ok
