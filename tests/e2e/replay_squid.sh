# Replay a hand-written Squid log with listed domains, near misses,
# malformed and binary lines; compare the alerts with the expected ones.
. "$TOP/tests/e2e-lib.sh"
confdir
"$D" -f "$T/etc/detectd.conf" -r "squid:$TOP/tests/data/squid/sample.log" \
    -o "$T/alerts.json" 2> "$T/stderr" || fail "replay exited $?"
cat "$T/stderr"
validate "$T/alerts.json"
[ "$(wc -l < "$T/alerts.json")" -eq 4 ] || fail "expected 4 alerts"
# The alerts name the file they came from: make it relative for the
# comparison.
sed "s|$TOP/||g" "$T/alerts.json" > "$T/alerts.rel.json"
expect_same "$TOP/tests/e2e/expected/replay_squid.json" "$T/alerts.rel.json"
grep -q "14 lines, 11 events, 2 parse errors, 1 skipped" "$T/stderr" ||
    fail "statistics line"
# Same input, same alerts (ids included): replay is deterministic.
"$D" -f "$T/etc/detectd.conf" -r "squid:-" -o "$T/again.json" \
    < "$TOP/tests/data/squid/sample.log" 2>/dev/null || fail "stdin replay"
jq -r '.event.id' "$T/alerts.json" > "$T/ids1"
jq -r '.event.id' "$T/again.json" > "$T/ids2"
expect_same "$T/ids1" "$T/ids2"
# gzip'd input gives the same alerts.
gzip -c "$TOP/tests/data/squid/sample.log" > "$T/sample.log.gz"
"$D" -f "$T/etc/detectd.conf" -r "squid:$T/sample.log.gz" -o - \
    2>/dev/null | jq -r '.event.id' > "$T/ids3"
expect_same "$T/ids1" "$T/ids3"
echo ok
