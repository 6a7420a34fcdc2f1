# The campaign scenario (tools/gen_campaign.c) replayed, its mail-borne
# first stage included (the recipient's endpoint, 4000040): every composite
# alert the ground truth expects, with the right chains, and none on
# background; composite records valid against the schema; ids stable
# across runs; the related ids are the contributing alerts' own.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
"$B/tools/gen_campaign" -n 200 -o "$T/camp" || fail "gen_campaign"
replay() {
	"$D" -f "$T/etc/detectd.conf" -o "$1" \
	    -r "dhcpd:$T/camp/dhcp.log" -r "windows:$T/camp/dc.log" \
	    -r "windows:$T/camp/endpoint.log" -r "postfix:$T/camp/mail.log" \
	    -r "iptables:$T/camp/fw.log" -r "bind:$T/camp/dns.log" \
	    -r "squid:$T/camp/proxy.log" \
	    2> "$1.log" || fail "replay: $(tail -3 "$1.log")"
}
replay "$T/a1.json"
validate "$T/a1.json"
"$B/tools/eval_campaign" -c "$T/camp/truth.tsv" "$T/a1.json" > "$T/eval.txt" ||
    { cat "$T/eval.txt"; fail "composite alerts missing, on background, or step 1 missed"; }
cat "$T/eval.txt"
# The report puts the mail first: step 1, detected, at attack stage 2.
grep -A2 '^campaign step 1' "$T/eval.txt" | grep -q 'spreadsheet' &&
    grep -q '^  attack stage 2 (initial intrusion): 1000222 DETECTED$' \
    "$T/eval.txt" || fail "step 1 is not the mail, detected"
grep -q '^  step 1  ws[0-9]* *mail ' "$T/eval.txt" ||
    fail "step 1 not marked among the stages"

# Same logs, same alerts, same ids.
replay "$T/a2.json"
expect_same "$T/a1.json" "$T/a2.json"

comp() { jq -c "select(.rule.id == \"$1\")" "$T/a1.json"; }

# Windows in their natural unit: a 24h window is "1 day", not 1440 min.
comp 4000010 | head -n 1 | jq -r .incident.composite.summary |
    grep -q " seen on [0-9]* endpoints within 1 day: " ||
    fail "window not in days: $(comp 4000010 | head -n 1 | jq -r .incident.composite.summary)"
comp 4000001 | head -n 1 | jq -r .incident.composite.summary |
    grep -q " within 1 hour\.$" || fail "window not in hours"

# Propagation: one incident, its id kept over revisions, the last
# showing A -> B -> C with times, in time order.
p=$(comp 4000020)
[ "$(printf "%s\n" "$p" | jq -r '.event.id' | sort -u | wc -l)" -eq 1 ] ||
    fail "propagation: more than one incident: $(printf "%s\n" "$p" | jq -c '.incident.composite.endpoints')"
last=$(printf "%s\n" "$p" | tail -n 1)
[ "$(printf "%s\n" "$last" | jq -r '[.incident.composite.path[].endpoint] | join(">")')" = \
    "ws00007>ws00023>ws00042" ] || fail "propagation path: $last"
printf "%s\n" "$last" | jq -e '[.incident.composite.path[1:][].reached] | . == sort' \
    > /dev/null || fail "path times out of order"
printf "%s\n" "$last" | jq -e '.incident.attack_stage.key == "c2" or
    .incident.attack_stage.key == "lateral"' > /dev/null || fail "stage"
printf "%s\n" "$last" | jq -e '.incident.priority == "critical" and
    .incident.composite.scope == "segment"' > /dev/null || fail "levels"
printf "%s\n" "$p" | jq -r '.incident.revision' | tr '\n' ' ' | grep -q '^1 2 ' ||
    fail "revisions: $(printf "%s\n" "$p" | jq -r '.incident.revision' | tr '\n' ' ')"
# Evidence in time order, and related ids that are alerts written.
printf "%s\n" "$last" | jq -e '[.incident.evidence[].time] | . == sort' > /dev/null ||
    fail "evidence out of order"
jq -r '.event.id' "$T/a1.json" | sort -u > "$T/ids"
printf "%s\n" "$last" | jq -r '.incident.related_alerts[]' | sort -u > "$T/rel"
[ -s "$T/rel" ] || fail "no related alerts"
[ -z "$(comm -23 "$T/rel" "$T/ids")" ] || fail "related ids not written"

# Download then run on A: the proxy finding and the process event.
comp 4000003 | jq -s -e 'map(select(.incident.endpoint.key == "ws00007") |
    .incident.composite.contributors | map(.type)) == [["finding", "event"]]' \
    > /dev/null || fail "download then run"
# The C2 domain on three endpoints; the stolen account from three.
comp 4000010 | tail -n 1 | jq -e '.incident.composite.endpoints | length >= 3' \
    > /dev/null || fail "spread of the C2"
comp 4000011 | jq -s -e 'map(.incident.composite.group) | unique ==
    ["adm-backup"]' > /dev/null || fail "account spread"
exit 0
