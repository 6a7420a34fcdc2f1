# A detectd behind Kafka killed (SIGKILL) half-way: the other member of
# its group takes its partitions over once its session times out, and
# reads again what it had read but not committed; the last tenth of the
# records is written after the kill, so the group can only end with
# every record committed, none lost, through that take-over
# (tools/bench_kafka -k, librdkafka's mock cluster).
. "$TOP/tests/e2e-lib.sh"
alone kafka
"$B/tools/gen_squid" -n 40000 -e 200 -d 500 -s 3 \
    -i update-check.badcdn.example:20 > "$T/squid.log" || fail "gen_squid"
"$B/tools/bench_kafka" -k -d "$D" -r "$TOP/rules" -l "$T/squid.log" -w "$T" \
    -m 2 -p 8 > "$T/out" 2> "$T/err" || { cat "$T/err"; fail "bench_kafka -k"; }
read -r m p n wall cpu rps rpc na < "$T/out"
[ "$m $p $n" = "2 8 40020" ] || fail "members, partitions, records: $m $p $n"
# The survivor holds every partition at the end, and read about half
# of the records before the kill (its own partitions) and the tail
# after it.
[ ! -e "$T/m0/stats.json" ] || fail "the killed daemon wrote its statistics"
held=$(jq '.inputs[0].kafka.partitions' "$T/m1/stats.json") || fail "m1 stats"
[ "$held" -eq 8 ] || fail "the survivor holds $held partitions, not 8"
r1=$(jq '.inputs[0].kafka.records' "$T/m1/stats.json")
[ "$r1" -ge $((n * 45 / 100)) ] || fail "the survivor read $r1 records"
echo ok
