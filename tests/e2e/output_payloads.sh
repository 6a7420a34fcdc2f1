# The webhook's payloads, each checked against the JSON Schema written
# from its vendor's documentation (schema/): thehive (a composite alert
# and its revisions are one TheHive alert: one POST, then PATCHes to the
# id TheHive answered, across a restart), splunk-hec (batched), jira
# (revisions not sent again) and template (escaping; refused at load
# with file:line for an unknown field or broken JSON).
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
cp "$C" "$T/base.conf"
SC="$B/tests/tools/schemacheck"
sink=
trap 'kill $sink 2>/dev/null' EXIT
# sink ARGS: a fresh httpsink, its records in $T/recv.json.
sink() {
	[ -z "$sink" ] || { kill $sink; wait $sink 2>/dev/null; }
	rm -f "$T/port" "$T/recv.json" "$T/methods.log"
	"$B/tests/tools/httpsink" -P "$T/port" -o "$T/recv.json" \
	    -m "$T/methods.log" "$@" &
	sink=$!
	wait_for 5 test -s "$T/port" || fail "httpsink did not start"
}
# conf PATH LINES: a webhook block to the sink's PATH.
conf() {
	cp "$T/base.conf" "$C"
	printf 'output hook {\n\ttype webhook\n\turl "http://127.0.0.1:%s%s"\n\tdrain-timeout 10s\n%s\n}\n' \
	    "$(cat "$T/port")" "$1" "$2" >> "$C"
	"$D" -n -f "$C" > "$T/n.out" 2>&1 || fail "config: $(cat "$T/n.out")"
}
run() {
	"$D" -f "$C" -r "squid:$1" 2> "$T/stderr" ||
	    fail "replay $1: $(cat "$T/stderr")"
}
squid_lines 1 6 > "$T/a.log"

# TheHive: 6 alerts and a composite alert that grows 3 times.  Then
# the same log again, by a new detectd: the same event.ids (they are
# hashes of what the alert is), and the revisions go to the id TheHive
# gave in the first run, from the map kept beside the spool.
sink -H
conf /api/v1/alert "	payload thehive
	source soc-sensor"
run "$T/a.log"
"$SC" "$TOP/schema/thehive-alert.schema.json" "$T/recv.json" ||
    fail "thehive payload against its schema"
ids=$(jq -r '.event.id' "$T/alerts.json" | sort -u | wc -l)
[ "$(grep -c '^POST /api/v1/alert$' "$T/methods.log")" -eq "$ids" ] ||
    fail "one create per event.id: $(cat "$T/methods.log")"
comp=$(jq -r 'select(.incident.revision == 1 and .rule.id == "4000010") |
    .event.id' "$T/alerts.json")
revs=$(jq -r 'select(.incident.revision > 1) | .event.id' "$T/alerts.json")
[ "$(echo "$revs" | wc -l)" -eq 3 ] && [ "$(echo "$revs" | sort -u)" = "$comp" ] ||
    fail "expected 3 revisions of the composite alert: $revs"
# Its create was the n-th POST, so TheHive called it ~n.
n=$(jq -r '.sourceRef // empty' "$T/recv.json" | grep -n -x "$comp" |
    cut -d: -f1)
[ "$(grep -c "^PATCH /api/v1/alert/~$n$" "$T/methods.log")" -eq 3 ] ||
    fail "revisions not sent to ~$n: $(cat "$T/methods.log")"
[ "$(grep -c '^PATCH' "$T/methods.log")" -eq 3 ] || fail "stray PATCH"
grep -q "^$comp ~$n$" "$T/state/spool-hook/thehive-ids" ||
    fail "id map: $(cat "$T/state/spool-hook/thehive-ids")"
run "$T/a.log"
[ "$(grep -c "^PATCH /api/v1/alert/~$n$" "$T/methods.log")" -eq 6 ] ||
    fail "after a restart, revisions not sent to ~$n: $(cat "$T/methods.log")"
# A create: sourceRef, severity, observables with their types, tags.
# (jq -s and all: jq 1.6 -e says 4 when the last input gave no output.)
jq -e -s --arg c "$comp" 'map(select(.sourceRef == $c)) | length == 2 and
    all(.severity == 4 and .source == "soc-sensor" and .type == "detectd" and
    (.observables | map(select(.dataType == "domain" and
        .data == "qakbot-c2.example" and .ioc)) | length == 1) and
    (.observables | map(select(.dataType == "ip" and
        .data == "10.30.0.2")) | length == 1) and
    (.tags | index("stage:c2") != null) and
    (.description | test("\\*\\*Phenomenon:\\*\\*")))' "$T/recv.json" \
    > /dev/null || fail "TheHive alert fields: $(grep "$comp" "$T/recv.json")"
jq -e -s 'map(select(.sourceRef == null)) | length == 6 and
    all(.title | test("^\\[critical\\]"))' "$T/recv.json" > /dev/null ||
    fail "update title"

# Splunk HEC, batches of 4: the records as events, in order.
sink
conf /services/collector/event "	payload splunk-hec
	batch 4
	index soc_alerts
	token-scheme Splunk"
rm -f "$T/alerts.json"
run "$T/a.log"
"$SC" "$TOP/schema/splunk-hec-event.schema.json" "$T/recv.json" ||
    fail "splunk-hec payload against its schema"
jq -c .event "$T/recv.json" > "$T/events.json"
jq -c . "$T/alerts.json" > "$T/records.json"	# the same number formats
expect_same "$T/records.json" "$T/events.json"
[ "$(grep -c . "$T/methods.log")" -lt "$(grep -c . "$T/alerts.json")" ] ||
    fail "not batched"
jq -e -s 'all(.index == "soc_alerts" and .sourcetype == "_json" and
    .host == "sensor-test" and .source == "detectd")' "$T/recv.json" \
    > /dev/null || fail "HEC envelope: $(head -c 300 "$T/recv.json")"

# Jira: an issue per new alert; revisions are not sent again.
sink
conf /rest/api/2/issue "	payload jira
	project SOC
	issue-type Task"
rm -f "$T/alerts.json"
run "$T/a.log"
"$SC" "$TOP/schema/jira-issue.schema.json" "$T/recv.json" ||
    fail "jira payload against its schema"
[ "$(grep -c . "$T/recv.json")" -eq "$(jq -c 'select(.incident.revision == 1)' \
    "$T/alerts.json" | wc -l)" ] || fail "jira: one issue per new alert"
grep -q "1 write errors\|[1-9][0-9]* queued" "$T/stderr" &&
    fail "jira: revisions left waiting: $(grep hook "$T/stderr")"

# Template: fields put in, escaped; a bad template refused at load.
sink
cat > "$T/t.json" <<'TPL'
{
  "id": "${event.id}",
  "severity": "${event.severity}",
  "text": "Alert on ${incident.endpoint.key}: ${url.original} (literal $${x})",
  "endpoint": "${incident.endpoint}",
  "missing": "${user.name}",
  "fixed": [1, true, null]
}
TPL
conf /x "	payload template
	template \"$T/t.json\""
rm -f "$T/alerts.json"
squid_line 1773137001 10.40.0.9 'http://qakbot-c2.example/a\"b\\c' > "$T/q.log"
run "$T/q.log"
jq -e -s --slurpfile a "$T/alerts.json" '
    .[0].id == $a[0].event.id and .[0].severity == $a[0].event.severity and
    .[0].text == "Alert on 10.40.0.9: " + $a[0].url.original +
        " (literal ${x})" and
    .[0].endpoint == $a[0].incident.endpoint and .[0].missing == null and
    .[0].fixed == [1, true, null]' "$T/recv.json" > /dev/null ||
    fail "template: $(head -n 1 "$T/recv.json")"
# The URL a\"b\\c written as JSON: each backslash and the quote escaped.
grep -qF 'a\\\"b\\\\c' "$T/recv.json" ||
    fail "not escaped: $(head -c 400 "$T/recv.json")"
printf '{\n  "a": "${event.id}",\n  "b": "${event.nosuch}"\n}\n' > "$T/t.json"
"$D" -n -f "$C" > "$T/out" 2>&1 && fail "unknown field taken"
grep -q "$T/t.json:3: unknown field 'event.nosuch'" "$T/out" ||
    fail "unknown field: $(cat "$T/out")"
printf '{\n  "a": "${event.id}",\n  "b": \n}\n' > "$T/t.json"
"$D" -n -f "$C" > "$T/out" 2>&1 && fail "broken JSON taken"
grep -q "$T/t.json:4: " "$T/out" || fail "broken JSON: $(cat "$T/out")"
echo ok
