# detectd daemons behind Kafka hand a partition's state over through a
# compacted state topic (kafka-state topic; tools/bench_kafka -s,
# librdkafka's mock cluster): one daemon reads half of the log, a second
# joins and takes partitions; the first writes the state of each
# partition it gives up to the state topic and the one taking it reads
# it back, once (tombstoned then).  The group still commits every
# record, and no state is given or taken with an error.
. "$TOP/tests/e2e-lib.sh"
alone kafka
"$B/tools/gen_squid" -n 20000 -e 200 -d 500 -s 7 \
    -i update-check.badcdn.example:20 > "$T/squid.log" || fail "gen_squid"
"$B/tools/bench_kafka" -s detectd-state -d "$D" -r "$TOP/rules" \
    -l "$T/squid.log" -w "$T" -m 2 -p 8 > "$T/out" 2> "$T/err" ||
    { cat "$T/err"; fail "bench_kafka -s"; }
read -r m p n wall cpu rps rpc na < "$T/out"
[ "$m $p $n" = "2 8 20020" ] || fail "members, partitions, records: $m $p $n"
[ "$na" -gt 0 ] || fail "no alert"
sum() {
	jq ".inputs[0].state_topic.$1" "$T/m0/stats.json" \
	    "$T/m1/stats.json" | awk '{ s += $1 } END { print s + 0 }'
}
given=$(sum given) taken=$(sum taken)
errors=$(($(sum give_errors) + $(sum take_errors)))
[ "$errors" -eq 0 ] || fail "state topic errors: $errors"
[ "$given" -gt 0 ] || fail "no state given"
[ "$taken" -gt 0 ] || fail "no state taken"
# A state is taken once at most: tombstoned when taken.
[ "$taken" -le "$given" ] || fail "taken $taken, given $given"
[ "$(sum removed)" -eq "$taken" ] || fail "taken states not all removed"
grep -q "taken over from detectd-state" "$T"/m0.err "$T"/m1.err ||
    fail "no take said in the logs"
echo ok
