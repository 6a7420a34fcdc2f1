# detectd daemons behind Kafka (tools/bench_kafka, librdkafka's mock
# cluster): two instances in one group read a topic of 8 partitions
# keyed by endpoint; the group commits every record (detectd commits
# only after the alerts are written), the C2 requests of the log are
# found, each in one instance only, and the alerts are valid records.
. "$TOP/tests/e2e-lib.sh"
alone kafka
"$B/tools/gen_squid" -n 20000 -e 200 -d 500 -s 7 \
    -i update-check.badcdn.example:20 > "$T/squid.log" || fail "gen_squid"
"$B/tools/bench_kafka" -d "$D" -r "$TOP/rules" -l "$T/squid.log" -w "$T" \
    -m 2 -p 8 > "$T/out" 2> "$T/err" || { cat "$T/err"; fail "bench_kafka"; }
read -r m p n wall cpu rps rpc na < "$T/out"
[ "$m $p $n" = "2 8 20020" ] || fail "members, partitions, records: $m $p $n"
[ "$na" -gt 0 ] || fail "no alert"
cat "$T"/m0.json "$T"/m1.json > "$T/all"
grep -q '"domain":"update-check.badcdn.example"' "$T/all" ||
    fail "the C2 requests not found"
# Each instance read a share of the partitions, the two every record
# (stats.json at exit: the consumer's counts).  Mostly each record once;
# but on this shared machine a member may now and then read a share of
# the partitions a second time (rarely, and not reproduced alone: the
# counts are printed then), which at-least-once delivery allows, and then
# the alerts of those records are written again.  The clean rebalance
# that repeats nothing is tested in check_kafka_replay.
r0=$(jq '.inputs[0].kafka.records' "$T/m0/stats.json") || fail "m0 stats"
r1=$(jq '.inputs[0].kafka.records' "$T/m1/stats.json") || fail "m1 stats"
[ "$r0" -gt 0 ] && [ "$r1" -gt 0 ] || fail "one instance idle: $r0 $r1"
[ $((r0 + r1)) -ge "$n" ] || fail "records read $r0 + $r1, fewer than $n"
if [ $((r0 + r1)) -eq "$n" ]; then
	jq -r '.event.id' "$T/all" | sort | uniq -d > "$T/dups"
	[ -s "$T/dups" ] && fail "an alert written twice"
else
	echo "records read again: $r0 + $r1 for $n"
	jq -c '.inputs[0].kafka' "$T/m0/stats.json" "$T/m1/stats.json"
fi
rm -f "$T/all"
echo ok
