# The statistical rules on generated traffic (tools/gen_stats): each
# attack pattern, mixed into benign background from many endpoints, is
# found by its rule with the right numbers in the reason; the background
# alone gives no alert; two replays give the same alerts; a baseline
# learned before a restart is still there after it.
. "$TOP/tests/e2e-lib.sh"
G="$B/tools/gen_stats"
confdir
# The patterns are judged at once, not after the beacon rule's 7 days of
# learning (stats_learning.sh tests those).
sed -i '/^rule 3000001 {/,/^}/ s/^\tlearn 7d$/\tlearn 0s/' \
    "$T/etc/rules.d/stats.rules"
grep -q "learn 0s" "$T/etc/rules.d/stats.rules" || fail "learn not patched"

# run FORMAT GENFORMAT GENOPTIONS...: replay generated lines.
run() {
	_f=$1 _g=$2
	shift 2
	"$G" -f "$_g" "$@" > "$T/in.log" || fail "gen_stats $*"
	rm -f "$T/alerts.json"
	"$D" -f "$T/etc/detectd.conf" -r "$_f:$T/in.log" -o "$T/alerts.json" \
	    2> "$T/stderr" || { cat "$T/stderr"; fail "replay exited"; }
	touch "$T/alerts.json"
	[ -s "$T/alerts.json" ] && validate "$T/alerts.json"
	true
	jq -r '[.rule.id, .source.ip, .event.reason] | @tsv' \
	    "$T/alerts.json" > "$T/got"
}

# expect PATTERN: exactly one alert, matching the extended regex.
expect() {
	if [ "$(wc -l < "$T/got")" -ne 1 ] || ! grep -Eq "$1" "$T/got"; then
		cat "$T/got"
		fail "expected one alert like: $1"
	fi
}

for f in zeek-conn:zeek zeek-dns:zeek windows:windows squid:squid; do
	run "${f#*:}" "${f%:*}" -p none -e 60 -H 8
	[ -s "$T/got" ] && { cat "$T/got"; fail "background ${f%:*} alerts"; }
done

B3=3000001
run zeek zeek-conn -p beacon -e 40 -H 6
expect "^$B3	10.20.9.1	beacon every 5[89]\.[0-9] s ±[5-7]\.[0-9] s \(MAD\), 12 connections over 1[01]\.[0-9] min to 203\.0\.113\.7:443, score 0\.[6-9][0-9]; 1 of [0-9]+ endpoints contact it$"
run squid squid -p beacon -e 40 -H 6
expect "^$B3	10.20.9.1	beacon every 5[89]\.[0-9] s .* to c2\.beacon-test\.example:443, score"
run zeek zeek-conn -p twomode -e 40 -H 6
expect "^$B3	10.20.9.2	beacon every 23\.[0-9] s ±0\.[0-9] s \(MAD\) in alternating gaps of 9\.[0-9] s and 14\.[0-9] s, [0-9]+ connections over [5-9]\.[0-9] min"
run zeek zeek-conn -p sleep -e 40 -H 6
expect "^$B3	10.20.9.3	beacon every (29|30|31)\.[0-9] s ±[0-3]\.[0-9] s \(MAD\), 12 connections .* to 203\.0\.113\.9:443"
run zeek zeek-conn -p slow -e 10 -H 24
expect "^$B3	10.20.9.11	beacon every 1\.0 h ±[0-9.]+ (s|min) \(MAD\), 12 connections over 1[01]\.[0-9] h to 203\.0\.113\.10:443"
run zeek zeek-conn -p volume -e 40 -H 6
expect "^3000040	10.20.9.5	source.ip=10.20.9.5 destination.ip=198.51.100.20: 21,000,000 source.bytes in 1\.0 h \(threshold 20,971,520\)$"
run zeek zeek-conn -p scan -e 40 -H 6
grep -q "^3000010	10.20.9.4	source.ip=10.20.9.4 destination.port=445: 25 distinct destination.net in 5.0 min (threshold 25)$" "$T/got" ||
    fail "horizontal scan"
grep -q "^3000011	10.20.9.4	source.ip=10.20.9.4 destination.ip=10.30.0.5: 15 distinct destination.port in 5.0 min (threshold 15)$" "$T/got" ||
    fail "vertical scan"
[ "$(wc -l < "$T/got")" -eq 2 ] || { cat "$T/got"; fail "scan alerts"; }
run zeek zeek-dns -p dga -e 40 -H 3
expect "^3000022	10.20.9.6	source.ip=10.20.9.6: 15 distinct dns.question.name in 10.0 min, mean label entropy 3\.[3-9][0-9] bits \(thresholds 50, or 15 at 3\.30 bits: met\)$"
run zeek zeek-dns -p tunnel -e 40 -H 3
expect "^3000023	10.20.9.7	source.ip=10.20.9.7 dns.question.registered_domain=exfil-tunnel.example: 150 distinct dns.question.subdomain in 10.0 min \(threshold 150\)$"
run windows windows -p spray -e 40 -H 3
grep -q "^3000031	10.20.9.8	source.ip=10.20.9.8: 5 distinct winlog.event_data.TargetUserName in 10.0 min (threshold 5)$" "$T/got" ||
    { cat "$T/got"; fail "password spray"; }
run windows windows -p kerberoast -e 40 -H 3
expect "^3000032	10.20.9.9	source.ip=10.20.9.9: 5 distinct service.name in 10.0 min \(threshold 5\)$"

# Everything at once, twice: the same alerts, ids included, in order.
run zeek zeek-conn -p beacon,twomode,sleep,volume,scan -e 60 -H 6
cp "$T/alerts.json" "$T/first.json"
[ "$(wc -l < "$T/got")" -eq 6 ] || { cat "$T/got"; fail "mixed: 6 alerts"; }
run zeek zeek-conn -p beacon,twomode,sleep,volume,scan -e 60 -H 6
expect_same "$T/first.json" "$T/alerts.json"

# Baselines across a restart: a rule that learns one endpoint's hourly
# connections and keeps them in the state directory even in replay.
cat > "$T/etc/rules.d/zz-test-baseline.rules" <<'RULES'
rule 3999001 {
	name "test: hourly connections above the baseline"
	analyzer stats
	viewpoint deviation-from-normal
	stage objective
	sources network
	statistic count
	window 1h
	baseline rolling
	baseline-windows 24
	learn 18
	deviation 6
	floor 200
	persist always
	condition source.ip == "10.20.9.10"
}
RULES
"$G" -f zeek-conn -p spike -e 5 -H 30 > "$T/all.log"
half=$((1773273600 + 15 * 3600))
awk -F'\t' -v h=$half '/^#/ || $1 < h' "$T/all.log" > "$T/part1.log"
awk -F'\t' -v h=$half '/^#/ || $1 >= h' "$T/all.log" > "$T/part2.log"
dev() {
	rm -f "$T/alerts.json"
	"$D" -f "$T/etc/detectd.conf" "$@" -o "$T/alerts.json" 2>/dev/null ||
	    fail "replay $*"
	touch "$T/alerts.json"
	jq -r 'select(.rule.id == "3999001") | .event.reason' "$T/alerts.json"
}
rm -f "$T/state/stats-baselines"
dev -r "zeek:$T/all.log" > "$T/once"
grep -Eq "^source.ip=10.20.9.10: 2[0-9][0-9] events so far in the 1.0 h window from 2026-03-13T05:00:00.000Z, against a rolling baseline median of [0-9.]+ \(scale [0-9.]+\) over 24 earlier windows" "$T/once" ||
    { cat "$T/once"; fail "deviation in one run"; }
rm -f "$T/state/stats-baselines"
dev -r "zeek:$T/part1.log" > "$T/p1"
[ -s "$T/p1" ] && fail "deviation before the spike"
[ -s "$T/state/stats-baselines" ] || fail "baselines not saved"
dev -r "zeek:$T/part2.log" > "$T/p2"
expect_same "$T/once" "$T/p2"
rm -f "$T/state/stats-baselines"
dev -r "zeek:$T/part2.log" > "$T/fresh"
[ -s "$T/fresh" ] && fail "learned from nothing"
echo ok
