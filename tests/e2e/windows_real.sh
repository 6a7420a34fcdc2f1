# Replay real NXLog Windows events (an Empire DCSync in a lab domain,
# OTRF Security-Datasets, MIT) straight from the .gz: every line is an
# event, and for each event id a rule on winlog.event_id fires exactly as
# often as jq counts the events.  Then the DCSync itself: 4662 with the
# replication GUIDs, by a user account, with the fields a rule needs.
. "$TOP/tests/e2e-lib.sh"
DATA="$TOP/tests/data/windows/empire_dcsync_nxlog.json.gz"
SYSMON="Microsoft-Windows-Sysmon/Operational"
command -v jq > /dev/null || fail "jq is needed"

n=$(gzip -dc "$DATA" | grep -c .)
[ "$n" -gt 8000 ] || fail "sample has $n lines"

# One rule per check: "id|condition|jq filter".
checks="
4662|winlog.event_id == 4662|.EventID == 4662
4624|winlog.event_id == 4624|.EventID == 4624
4672|winlog.event_id == 4672|.EventID == 4672
4688|winlog.event_id == 4688|.EventID == 4688
4769|winlog.event_id == 4769|.EventID == 4769
5140|winlog.event_id == 5140|.EventID == 5140
5145|winlog.event_id == 5145|.EventID == 5145
5156|winlog.event_id == 5156|.EventID == 5156
4103|winlog.event_id == 4103|.EventID == 4103
800|winlog.event_id == 800|.EventID == 800
1|winlog.event_id == 1 and winlog.channel == \"$SYSMON\"|.EventID == 1 and .Channel == \"$SYSMON\"
3|winlog.event_id == 3 and winlog.channel == \"$SYSMON\"|.EventID == 3 and .Channel == \"$SYSMON\"
11|winlog.event_id == 11 and winlog.channel == \"$SYSMON\"|.EventID == 11 and .Channel == \"$SYSMON\"
13|winlog.event_id == 13 and winlog.channel == \"$SYSMON\"|.EventID == 13 and .Channel == \"$SYSMON\"
17|winlog.event_id == 17 and winlog.channel == \"$SYSMON\"|.EventID == 17 and .Channel == \"$SYSMON\"
22|winlog.event_id == 22 and winlog.channel == \"$SYSMON\"|.EventID == 22 and .Channel == \"$SYSMON\"
security|winlog.channel in [\"Security\", \"security\"]|.Channel == \"Security\" or .Channel == \"security\"
kerb-ip|source.ip == \"172.18.39.5\" and winlog.event_id == 4769|.EventID == 4769 and .IpAddress == \"::ffff:172.18.39.5\"
sysmon3-dst|destination.ip is set and winlog.event_id == 3|.EventID == 3 and .Channel == \"$SYSMON\" and .DestinationIp != \"-\"
logon-user|user.name is set and winlog.event_id == 4624|.EventID == 4624 and .TargetUserName != \"-\"
proc|process.executable is set and process.command_line is set|(.Channel == \"$SYSMON\" and .EventID == 1) or .EventID == 4688
"

rules="$T/checks.rules"
: > "$rules"
i=0
echo "$checks" | while IFS='|' read -r name cond filter; do
	[ -n "$name" ] || continue
	i=$((i + 1))
	cat >> "$rules" <<EOF
rule $((9100000 + i)) {
	name "count $name"
	analyzer match
	viewpoint known-attack
	stage recon
	condition $cond
}
EOF
done
cat >> "$rules" <<'EOF'
rule 9200001 {
	name "endpoint events"
	analyzer match
	viewpoint known-attack
	stage recon
	sources endpoint
	condition winlog.event_id >= 0
}
rule 9200002 {
	name "DCSync"
	analyzer match
	viewpoint known-attack
	stage lateral
	sources ad
	condition winlog.event_id == 4662 and winlog.event_data.Properties contains "1131f6aa-9c07-11d1-f79f-00c04fc2dcd2" and user.name == "pgustavo" and winlog.event_data.AccessMask == "0x100" and service.name == "DS" and host.name == "MORDORDC.theshire.local"
}
EOF
printf 'aggregate-window off\ninclude "checks.rules"\n' > "$T/c.conf"
printf 'output o { type file; path "%s" }\n' "$T/unused.json" >> "$T/c.conf"

"$D" -f "$T/c.conf" -r "windows:$DATA" -o "$T/alerts.json" 2> "$T/stderr" ||
    fail "replay exited $?"
cat "$T/stderr"
grep -q ": $n lines, $n events, 0 parse errors, 0 skipped, 0 truncated" \
    "$T/stderr" || fail "statistics line: expected $n events, no errors"

gzip -dc "$DATA" > "$T/events.json"
jq -r '.rule.name' "$T/alerts.json" | sort | uniq -c > "$T/counts"
# What jq counts for every check, in one pass over the events: a 1 or
# a 0 per check and event, summed by awk, one line per check.
filters=$(echo "$checks" | while IFS='|' read -r name cond filter; do
	[ -n "$name" ] && printf '(if %s then 1 else 0 end), ' "$filter"
done)
jq -r "[${filters%, }] | @tsv" "$T/events.json" |
    awk '{ for (i = 1; i <= NF; i++) c[i] += $i; n = NF }
    END { for (i = 1; i <= n; i++) print c[i] + 0 }' > "$T/want"
[ "$(wc -l < "$T/want")" -eq "$(echo "$checks" | grep -c .)" ] ||
    fail "jq counts: $(cat "$T/want")"
i=0
echo "$checks" | while IFS='|' read -r name cond filter; do
	[ -n "$name" ] || continue
	i=$((i + 1))
	want=$(sed -n "${i}p" "$T/want")
	got=$(awk -v r="count $name" '{ c = $1; $1 = ""; sub(/^ /, "");
	    if ($0 == r) print c }' "$T/counts")
	got=${got:-0}
	echo "$name: $got events, jq counts $want"
	[ "$got" -eq "$want" ] || fail "$name: $got events, jq counts $want"
	[ "$want" -gt 0 ] || fail "$name: no such events in the sample"
done || exit 1

want=$(jq -c 'select(.Channel | test("Sysmon|PowerShell|WMI-Activity|Windows Defender"))' \
    "$T/events.json" | wc -l)
got=$(jq -c 'select(.rule.name == "endpoint events")' "$T/alerts.json" |
    wc -l)
echo "endpoint: $got events, jq counts $want"
[ "$got" -eq "$want" ] || fail "endpoint events: $got, jq counts $want"

# The DCSync: both 4662 events with the DS-Replication-Get-Changes GUID.
jq -c 'select(.rule.name == "DCSync")' "$T/alerts.json" > "$T/dcsync"
[ "$(wc -l < "$T/dcsync")" -eq 2 ] || fail "DCSync alerts"
# Both alerts (jq -e alone judges the last value only).
jq -s -e 'length == 2 and all(.user.name == "pgustavo" and
    .winlog.event_id == "4662" and
    .["@timestamp"] == "2020-09-21T22:59:08.000Z")' "$T/dcsync" \
    > /dev/null || fail "DCSync alert fields"
echo ok
