# False positives of the statistical rules on a generated benign LAN
# (tools/gen_statslan): a day of browsing, telemetry, updates, push
# notification, one endpoint's own cloud sync, a video call and CDN
# bursts.  On a fresh state (the beacon rule learning) nothing above low
# is raised; judged at once, as after learning, nothing above medium,
# nothing about what most endpoints do, and no scan for a CDN burst.
. "$TOP/tests/e2e-lib.sh"
confdir
"$B/tools/gen_statslan" -e 80 -H 24 > "$T/conn.log" || fail "gen_statslan"

# replay RULESFILE: the statistical alerts, one TSV line each.
replay() {
	rm -f "$T/alerts.json"
	"$D" -f "$T/etc/detectd.conf" -r "zeek:$T/conn.log" \
	    -o "$T/alerts.json" 2> "$T/stderr" ||
	    { cat "$T/stderr"; fail "replay exited"; }
	touch "$T/alerts.json"
	[ -s "$T/alerts.json" ] && validate "$T/alerts.json"
	jq -r 'select(.rule.id | startswith("30000")) | [.rule.id,
	    .incident.importance, .incident.priority, .destination.ip,
	    (.incident.lowered_by // [] | join(",")), .event.reason] | @tsv' \
	    "$T/alerts.json" > "$T/got"
	cat "$T/got"
}

# No level above $1 (low or medium), at most $2 alerts.
at_most() {
	awk -F'\t' -v top="$1" '
	    { r = ($2 == "low" ? 1 : $2 == "medium" ? 2 : 3)
	      p = ($3 == "low" ? 1 : $3 == "medium" ? 2 : 3)
	      if (r > (top == "low" ? 1 : 2) || p > (top == "low" ? 1 : 2))
		bad = 1 }
	    END { exit bad }' "$T/got" || fail "an alert above $1"
	[ "$(wc -l < "$T/got")" -le "$2" ] || fail "more than $2 alerts"
}

replay
at_most low 2

sed -i 's/^\tlearn 7d$/\tlearn 0s/' "$T/etc/rules.d/stats.rules"
replay
at_most medium 4
# What most endpoints do: telemetry, updates, push.
grep -Eq "	(20\.42\.65\.92|13\.107\.4\.50|17\.57\.146\.20)	" "$T/got" &&
    fail "alert about a destination most endpoints use"
grep -q "^3000010	" "$T/got" && fail "a CDN burst taken for a scan"
# The video call: a popular destination, worth low.
grep -Eq "^3000040	low	low	52\.113\.20\.14	statistic-alone,popular-destination	|^3000040	low	low	52\.113\.20\.14	popular-destination	" \
    "$T/got" || fail "video call upload not lowered"
true
