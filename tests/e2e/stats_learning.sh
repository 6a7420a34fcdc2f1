# Learning before judging (detectd.rules(5)): on a fresh state the beacon
# rule reports only strong beacons for its first 7 days of event time,
# learns the destinations that weaker ones reach, and stays quiet about
# them after; a beacon to a destination not seen while learning is
# reported once learning is over.  The state survives between runs, and
# detectd -n says how far learning is.
. "$TOP/tests/e2e-lib.sh"
G="$B/tools/gen_stats"
confdir
# Replays keep what they learn only with persist always.
sed -i '/^rule 3000001 {/,/^}/ s/^\tlearn 7d$/\tlearn 7d\n\tpersist always/' \
    "$T/etc/rules.d/stats.rules"
grep -q "persist always" "$T/etc/rules.d/stats.rules" || fail "not patched"
T0=1773273600
DAY=86400

# replay GENOPTIONS...: generated Zeek connections, the beacon alerts.
replay() {
	"$G" -f zeek-conn "$@" > "$T/in.log" || fail "gen_stats $*"
	rm -f "$T/alerts.json"
	"$D" -f "$T/etc/detectd.conf" -r "zeek:$T/in.log" -o "$T/alerts.json" \
	    2> "$T/stderr" || { cat "$T/stderr"; fail "replay exited"; }
	touch "$T/alerts.json"
	[ -s "$T/alerts.json" ] && validate "$T/alerts.json"
	jq -r 'select(.rule.id == "3000001") | [.source.ip, .event.reason,
	    .incident.importance] | @tsv' "$T/alerts.json" > "$T/got"
}

learning() {
	"$D" -n -f "$T/etc/detectd.conf" 2>&1 | grep "stats rule 3000001:"
}

learning | grep -q "learning not begun (7.0 days" || { learning;
    fail "-n before any state"; }

# A strong beacon on a fresh state: a day of one-minute check-ins to a
# destination nobody else uses scores 0.9 and is reported at once.
replay -p beacon -e 40 -H 24
grep -Eq "^10\.20\.9\.1	beacon every .* to 203\.0\.113\.7:443, score 0\.9[0-9].*	high$" \
    "$T/got" || { cat "$T/got"; fail "strong beacon while learning"; }
rm -f "$T/state/stats-baselines"

# Six hours of the same: weaker, learnt, not reported.
replay -p beacon -e 40 -H 6
[ -s "$T/got" ] && { cat "$T/got"; fail "weak beacon reported while learning"; }
learning | grep -Eq "learning, 0\.2 of 7\.0 days of event time observed" ||
    { learning; fail "-n while learning"; }
grep -q "^dest " "$T/state/stats-baselines" || fail "no destination kept"

# Eight days on: learning is over.  The learnt destination stays quiet;
# a beacon to one never seen before is reported.
replay -p beacon,sleep -e 40 -H 6 -t $((T0 + 8 * DAY))
learning | grep -Eq "learning complete \(8\.[0-9] days" ||
    { learning; fail "-n after learning"; }
grep -q "203\.0\.113\.7" "$T/got" && { cat "$T/got"; fail "learnt beacon"; }
grep -Eq "^10\.20\.9\.3	beacon every .* to 203\.0\.113\.9:443, score" \
    "$T/got" || { cat "$T/got"; fail "new beacon after learning"; }
[ "$(wc -l < "$T/got")" -eq 1 ] || { cat "$T/got"; fail "one alert"; }
