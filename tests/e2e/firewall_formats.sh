# The iptables, fortigate, paloalto and dhcpd formats end to end:
# generated logs behind every kind of syslog header replay without a
# parse error and with the exact number of events the generator wrote;
# hand-written files with odd lines give exact counts; a listed C2
# address in each firewall format raises the known-attack alert with
# the fields mapped.
. "$TOP/tests/e2e-lib.sh"
# The hand-written files are mostly odd lines on purpose: their counts
# are what is tested here, not the replay's verdict on them.
printf 'allow-empty\nreplay-max-errors 100%%\noutput o { type file; path "%s" }\n' "$T/out.json" > "$T/c.conf"
G="$B/tools"

# expect_counts FORMAT FILE LINES EVENTS ERRORS SKIPPED [SPLIT]
expect_counts() {
	"$D" -f "$T/c.conf" -r "$1:$2" -o /dev/null 2> "$T/stderr" ||
	    fail "replay of $2 as $1 exited $?"
	_s=$(grep "^detectd: $2: [0-9]* lines, " "$T/stderr") ||
	    fail "no statistics for $2"
	echo "$_s"
	case "$_s" in
	*": $3 lines, $4 events, $5 parse errors, $6 skipped, 0 truncated")
		;;
	*)	fail "$1 $2: want $3 lines, $4 events, $5 errors, $6 skipped" ;;
	esac
	_n=$(sed -n "s|^detectd: $2: \([0-9]*\) pieces of lines split.*|\1|p" \
	    "$T/stderr")
	[ "${_n:-0}" = "${7:-0}" ] ||
	    fail "$1 $2: want ${7:-0} pieces of split lines, not ${_n:-0}"
}

# generated FORMAT HEADER SEED: the generator's own count of events.
generated() {
	_f="$T/$1-$2.log"
	"$G/gen_$1" -c -H "$2" -n 20000 -s "$3" > "$_f" 2> "$T/gen" ||
	    fail "gen_$1 -H $2"
	_ev=$(sed -n 's/^20000 lines, \([0-9]*\) events$/\1/p' "$T/gen")
	[ -n "$_ev" ] || fail "gen_$1 -c: $(cat "$T/gen")"
	expect_counts "$1" "$_f" 20000 "$_ev" 0 $((20000 - _ev))
}

for h in bsd iso none; do
	generated iptables $h 11
	generated paloalto $h 12
	generated dhcpd $h 13
done
for h in bsd pri none; do
	generated fortigate $h 14
done
grep -q 'PROTO=ICMPv6' "$T/iptables-bsd.log" || fail "no IPv6"
grep -q ',THREAT,url,' "$T/paloalto-bsd.log" || fail "no THREAT url"
grep -q 'type="utm" subtype="ips"' "$T/fortigate-bsd.log" || fail "no IPS"
grep -q 'DHCPRELEASE' "$T/dhcpd-bsd.log" || fail "no release"

# Same options, same bytes.
"$G/gen_fortigate" -n 2000 -s 9 > "$T/a" && "$G/gen_fortigate" -n 2000 \
    -s 9 > "$T/b" && cmp -s "$T/a" "$T/b" || fail "gen_fortigate varies"

# Hand-written files: tests/data/<format>/README lists their lines.
expect_counts iptables "$TOP/tests/data/iptables/kern.log" 14 9 2 3
expect_counts fortigate "$TOP/tests/data/fortigate/fortigate.log" 11 5 3 2 1
expect_counts paloalto "$TOP/tests/data/paloalto/pan.log" 12 4 5 3
expect_counts dhcpd "$TOP/tests/data/dhcpd/dhcpd.log" 16 7 2 6 1

# The sample rules: 192.0.2.66 is in the c2-ips list.
confdir
echo "replay-max-errors 100%" >> "$T/etc/detectd.conf"
for f in iptables:iptables/kern.log fortigate:fortigate/fortigate.log \
    paloalto:paloalto/pan.log; do
	fmt=${f%%:*}
	"$D" -f "$T/etc/detectd.conf" -r "$fmt:$TOP/tests/data/${f#*:}" \
	    -o "$T/alerts-$fmt.json" 2>/dev/null || fail "$fmt with rules"
	validate "$T/alerts-$fmt.json"
	[ "$(wc -l < "$T/alerts-$fmt.json")" -eq 1 ] || fail "$fmt: alerts"
done
a=$(jq -r '[.rule.id, .source.ip, .source.mac, .destination.ip,
    .destination.port, .network.transport, .["@timestamp"]] | @tsv' \
    "$T/alerts-iptables.json")
[ "$a" = "$(printf '1000004\t10.20.1.15\t00:16:3e:dd:ee:ff\t192.0.2.66\t8443\ttcp\t2026-03-10T14:02:12.000Z')" ] ||
    fail "iptables alert: $a"
a=$(jq -r '[.rule.id, .source.ip, .source.port, .destination.ip,
    .destination.port, .destination.domain, .user.name,
    .network.application, .source.bytes, .destination.bytes,
    .["@timestamp"]] | @tsv' "$T/alerts-fortigate.json")
[ "$a" = "$(printf '1000004\t10.20.1.15\t51234\t192.0.2.66\t443\tc2.example.net\talice\tHTTPS.BROWSER\t1234\t56789\t2026-03-10T14:02:11.123Z')" ] ||
    fail "fortigate alert: $a"
a=$(jq -r '[.rule.id, .source.ip, .destination.ip, .destination.port,
    .user.name, .network.application, .source.bytes,
    .destination.bytes, .["@timestamp"]] | @tsv' \
    "$T/alerts-paloalto.json")
[ "$a" = "$(printf '1000004\t10.20.1.15\t192.0.2.66\t443\tcorp\\\\alice\tssl\t1200\t3800\t2026-03-10T14:02:11.000Z')" ] ||
    fail "paloalto alert: $a"
echo ok
