# A count over a sliding window on a stream of many windows: one request
# every 10 s (a bucket of the 80 s window each) for ten minutes keeps
# exactly 8 in every window, under the threshold of 9, while the ring of
# buckets rolls over its live slots again and again; a second request in
# one bucket at the end makes 9, and that alone alerts.  A bucket left
# stale by the roll-over would reach 9 in the first windows.
. "$TOP/tests/e2e-lib.sh"
confdir
cat > "$T/etc/rules.d/zz-test-roll.rules" <<'RULES'
rule 3999101 {
	name "test: nine requests in 80 s"
	analyzer stats
	viewpoint deviation-from-normal
	stage c2
	sources proxy
	statistic count
	window 80s
	threshold 9
	condition source.ip == "10.40.0.1"
}
RULES
t0=1773273600
i=0
while [ "$i" -lt 60 ]; do
	squid_line $((t0 + i * 10)) 10.40.0.1 "http://www.example.org/$i"
	i=$((i + 1))
done > "$T/access.log"
squid_line $((t0 + 595)) 10.40.0.1 "http://www.example.org/again" \
    >> "$T/access.log"
"$D" -f "$T/etc/detectd.conf" -r "squid:$T/access.log" -o "$T/alerts.json" \
    2> "$T/stderr" || { cat "$T/stderr"; fail "replay exited"; }
touch "$T/alerts.json"
jq -r 'select(.rule.id == "3999101") | [.["@timestamp"], .event.reason] |
    @tsv' "$T/alerts.json" > "$T/got"
cat "$T/got"
[ "$(wc -l < "$T/got")" -eq 1 ] || fail "want one alert, at the end"
grep -q "^2026-03-12T00:09:55.000Z	source.ip=10.40.0.1: 9 events in 80.0 s (threshold 9)$" \
    "$T/got" || fail "the alert's time or count"
echo ok
