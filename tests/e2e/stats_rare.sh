# Rare destinations (rule 3000053, statistic rare) on generated Zeek
# conn lines over eight and a half days: a destination one endpoint
# alone contacts after the week of learning is found, with its numbers
# in the reason; one contacted in the first hour is not (too early to
# call anything new); the background alone gives nothing.  The shipped
# rule only feeds the composite rules (alert no): the test copy alerts.
. "$TOP/tests/e2e-lib.sh"
confdir
R="$T/etc/rules.d/stats.rules"
awk '/^rule 3000053 /{r=1} r && /^\talert no$/{print "\talert yes"; r=0; next}
    {print}' "$R" > "$T/stats.rules" && mv "$T/stats.rules" "$R"
grep -q "^	alert yes$" "$R" || fail "could not make rule 3000053 alert"

# run PATTERN: replay 204 hours of 10 endpoints with the pattern.
run() {
	"$B/tools/gen_stats" -f zeek-conn -p "$1" -e 10 -H 204 \
	    > "$T/in.log" || fail "gen_stats"
	rm -rf "$T/alerts.json" "$T/state"
	mkdir -p "$T/state"
	"$D" -f "$T/etc/detectd.conf" -r "zeek:$T/in.log" \
	    -o "$T/alerts.json" 2> "$T/stderr" ||
	    { cat "$T/stderr"; fail "replay exited"; }
	touch "$T/alerts.json"
	[ -s "$T/alerts.json" ] && validate "$T/alerts.json"
	jq -r 'select(.rule.id == "3000053") |
	    [.source.ip, .destination.ip, .event.reason] | @tsv' \
	    "$T/alerts.json" > "$T/got"
}

run none
[ -s "$T/got" ] && { cat "$T/got"; fail "background gives rare alerts"; }
run rare
if [ "$(wc -l < "$T/got")" -ne 1 ] || ! grep -Eq \
    "^10\.20\.9\.12	203\.0\.113\.12	203\.0\.113\.12 first seen in the organisation \(1 endpoint after 8\.[0-9] days of observation\)$" \
    "$T/got"; then
	cat "$T/got"
	fail "expected one rare destination alert for 10.20.9.12"
fi
grep -q "203.0.113.13" "$T/got" && fail "a destination seen while learning"
true
