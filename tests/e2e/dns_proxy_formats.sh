# The squid-combined, bind and unbound formats end to end: generated
# logs of every variant replay without a parse error and give one event
# per query or request; hand-written files with odd lines give exact
# counts; listed domains in each format raise the known-attack alerts.
. "$TOP/tests/e2e-lib.sh"
printf 'allow-empty\noutput o { type file; path "%s" }\n' "$T/out.json" > "$T/c.conf"

# replay FORMAT FILE: the statistics line detectd logs for FILE.
replay() {
	"$D" -f "$T/c.conf" -r "$1:$2" -o /dev/null 2> "$T/stderr" ||
	    fail "replay of $2 as $1 exited $?"
	grep "^detectd: $2: " "$T/stderr" || fail "no statistics for $2"
}

# expect_counts FORMAT FILE LINES EVENTS ERRORS SKIPPED
expect_counts() {
	_s=$(replay "$1" "$2")
	echo "$_s"
	case "$_s" in
	*": $3 lines, $4 events, $5 parse errors, $6 skipped, 0 truncated")
		;;
	*)	fail "$1 $2: want $3 lines, $4 events, $5 errors, $6 skipped" ;;
	esac
}

# generated FORMAT FILE EVENTS: every line parsed or skipped, none wrong.
generated() {
	_lines=$(wc -l < "$2")
	expect_counts "$1" "$2" "$_lines" "$3" 0 $((_lines - $3))
}

G="$B/tools"
"$G/gen_combined" -n 20000 -s 3 > "$T/squid.log" || fail gen_combined
generated squid-combined "$T/squid.log" 20000
"$G/gen_combined" -a -n 5000 -s 4 -z -0500 > "$T/apache.log" ||
    fail "gen_combined -a"
generated squid-combined "$T/apache.log" 5000

for v in file syslog view ecs mixed; do
	"$G/gen_bind" -n 20000 -s 5 -v $v > "$T/bind-$v.log" ||
	    fail "gen_bind -v $v"
	generated bind "$T/bind-$v.log" \
	    "$(grep -c ' query: ' "$T/bind-$v.log")"
done
grep -q ' view internal: query: ' "$T/bind-mixed.log" || fail "no view"
grep -q '\[ECS ' "$T/bind-mixed.log" || fail "no ECS"
grep -q ' named\[812\]: client ' "$T/bind-mixed.log" || fail "no syslog"

for v in file ascii syslog mixed; do
	"$G/gen_unbound" -n 20000 -s 6 -v $v > "$T/unbound-$v.log" ||
	    fail "gen_unbound -v $v"
	generated unbound "$T/unbound-$v.log" \
	    "$(grep -cE '\] (info|reply): 10\.' "$T/unbound-$v.log")"
done
"$G/gen_unbound" -n 5000 -s 7 -r -T > "$T/unbound-rT.log" ||
    fail "gen_unbound -r -T"
generated unbound "$T/unbound-rT.log" 5000
grep -q ' NXDOMAIN ' "$T/unbound-file.log" || fail "no NXDOMAIN"

# Hand-written files: the odd lines are listed in each file's order.
expect_counts squid-combined "$TOP/tests/data/squid-combined/access.log" \
    16 11 4 1
expect_counts bind "$TOP/tests/data/bind/query.log" 17 9 4 4
expect_counts unbound "$TOP/tests/data/unbound/unbound.log" 17 9 4 4

# The sample rules: a listed C2 domain in each format.
confdir
# One alert per event: these counts check parsing, not aggregation.
echo "aggregate-window off" >> "$T/etc/detectd.conf"
"$G/gen_combined" -n 3000 -s 8 -i update-check.badcdn.example:3 \
    > "$T/squid-c2.log" || fail gen_combined
"$D" -f "$T/etc/detectd.conf" -r "squid-combined:$T/squid-c2.log" \
    -o "$T/alerts-squid.json" 2>/dev/null || fail "replay with rules"
validate "$T/alerts-squid.json"
[ "$(jq -r 'select(.rule.id == "1000001" and .source.ip == "10.20.0.1"
    and .destination.domain == "update-check.badcdn.example") |
    .rule.id' "$T/alerts-squid.json" | wc -l)" -ge 1 ] ||
    fail "no C2 alert from squid-combined"
"$D" -f "$T/etc/detectd.conf" -r "bind:$TOP/tests/data/bind/query.log" \
    -r "unbound:$TOP/tests/data/unbound/unbound.log" \
    -o "$T/alerts-dns.json" 2>/dev/null || fail "replay with rules"
validate "$T/alerts-dns.json"
for f in bind/query.log unbound/unbound.log; do
	jq -r --arg f "$f" 'select(.rule.id == "1000005" and
	    .dns.question.name == "update-check.badcdn.example" and
	    .source.ip == "10.20.1.15" and
	    (.log.file.path | endswith($f))) | .rule.id' \
	    "$T/alerts-dns.json" | grep -q . || fail "no C2 alert from $f"
done
echo ok
