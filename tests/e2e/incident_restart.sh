# Incidents across a restart of the daemon: an alert after SIGTERM and
# a new start joins the incident opened before (state directory, file
# "incidents"); an output with "records incidents" gets one record per
# update of the incident, the same id with a growing revision, and the
# alerts output none of them; a broken state file is reported and
# ignored; incident-window and records refuse bad values.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
confdir
mkdir -p "$L"
I="$T/tickets.json"
cat > "$C" <<EOF2
hostname "sensor-test"
state-dir "$T/state"
ruleset "incident-test"
include "rules.d/proxy-blacklist.rules"
aggregate-window off
incident-window 2h
poll-interval 50ms
state-interval 100ms
input proxy {
	path "$L/access.log"
	format squid
}
output alerts {
	type file
	path "$A"
}
output tickets {
	type file
	path "$I"
	records incidents
}
EOF2
: > "$L/access.log"
now=$(date +%s)
# c2 N IP: a request from IP for a listed C2 domain, N seconds on.
c2() {
	squid_line $((now + $1)) "$2" "http://qakbot-c2.example/$1" \
	    >> "$L/access.log"
}
inc_of() {	# N: the incident of the alert for request N
	jq -r --arg p "/$1" 'select(.url.original // "" | endswith($p)) |
	    .incident.id' "$A" 2> /dev/null
}
has_alert() { [ -n "$(inc_of "$1")" ]; }

start
c2 10 10.20.1.15
wait_for 10 has_alert 10 || fail "no alert before the restart"
first=$(inc_of 10)
printf "%s\n" "$first" | grep -Eq '^INC-[0-9]{8}-[0-9a-f]{12}$' ||
    fail "incident id: $first"
stop
[ -s "$T/state/incidents" ] || fail "incidents not saved at exit"
head -n 1 "$T/state/incidents" | grep -q '"detectd-incidents"' ||
    fail "incidents file: $(head -n 1 "$T/state/incidents")"

# Another endpoint, the same indicator, after the restart: the same
# incident.
start
c2 20 10.20.1.16
wait_for 10 has_alert 20 || fail "no alert after the restart"
[ "$(inc_of 20)" = "$first" ] ||
    fail "after the restart: incident $(inc_of 20), not $first"
# stats.json counts it: one incident open, joined once since the start.
rm -f "$T/state/stats.json"
kill -USR1 "$pid"
wait_for 10 test -s "$T/state/stats.json" || fail "no stats.json"
[ "$(jq -c '.incidents | [.open, .opened, .joined, .merged]' \
    "$T/state/stats.json")" = "[1,0,1,0]" ] ||
    fail "stats: $(jq -c .incidents "$T/state/stats.json")"
stop
validate "$A"
"$B/tests/tools/schemacheck" "$TOP/schema/incident.schema.json" "$I" ||
    fail "incident records not valid"
[ "$(jq -r '.event.dataset' "$A" | sort -u)" = "detectd.alert" ] ||
    fail "incident records in the alerts output"
[ "$(jq -r '[.event.id, .incident.revision, .incident.alerts,
    (.incident.endpoints | join(","))] | join(" ")' "$I" | tr '\n' ';')" = \
    "$first 1 1 10.20.1.15;$first 2 2 10.20.1.15,10.20.1.16;" ] ||
    fail "incident records: $(cat "$I")"

# A broken file: said, ignored, and the daemon runs on.
printf 'not an incident file\n' > "$T/state/incidents"
start
c2 30 10.20.1.15
wait_for 10 has_alert 30 || fail "no alert with a broken incidents file"
[ "$(inc_of 30)" != "$first" ] || fail "incident from a broken file"
logged "incidents: not an incident state file, ignored" || fail "not reported"
stop

for bad in "incident-window 10s" "incident-window 40d" "incident-window 5"; do
	sed "s/^incident-window .*/$bad/" "$C" > "$T/etc/bad.conf"
	"$D" -n -f "$T/etc/bad.conf" 2> "$T/err" && fail "$bad accepted"
	grep -q "incident-window: expected a time" "$T/err" ||
	    fail "$bad: $(cat "$T/err")"
done
sed "s/records incidents/records tickets/" "$C" > "$T/etc/bad.conf"
"$D" -n -f "$T/etc/bad.conf" 2> "$T/err" && fail "records tickets accepted"
grep -q "records must be alerts, incidents, both or findings" "$T/err" ||
    fail "records: $(cat "$T/err")"
echo ok
