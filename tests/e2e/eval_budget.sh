# The false-positive budget of make eval: tools/gen_benign writes the
# same bytes for the same seed, one host per line of hosts.txt, logs
# that parse without error and hold the benign patterns it promises
# (sync polls every 5 to 27 minutes, Apple push on 5223, video calls
# sending 100 MB or more over UDP, parallel connections to a CDN, the
# benign look-alikes of the Windows attack classes, on which no Windows
# rule fires);
# eval_campaign -B counts alerts per benign host-day by rule, only on
# the listed hosts, and fails over the budget of one per host-day.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
G="$B/tools/gen_benign"
E="$B/tools/eval_campaign"
[ -x "$G" ] && [ -x "$E" ] || fail "tools not built"

"$G" -n 30 -s 7 -o "$T/a" || fail "gen_benign"
"$G" -n 30 -s 7 -o "$T/b" || fail "gen_benign again"
"$G" -n 30 -s 8 -o "$T/c" || fail "gen_benign, seed 8"
for f in conn.log dns.log ssl.log windows.json hosts.txt; do
	cmp -s "$T/a/$f" "$T/b/$f" || fail "$f differs for the same seed"
done
cmp -s "$T/a/conn.log" "$T/c/conn.log" && fail "seed 8 gave seed 7's conn.log"
[ "$(wc -l < "$T/a/hosts.txt")" -eq 30 ] || fail "hosts.txt: not 30 hosts"
"$G" -n 0 -o "$T/d" 2> /dev/null && fail "0 hosts accepted"

# In the order Zeek writes: lookups and TLS by time, connections when
# they end.
for f in dns ssl; do
	grep -v '^#' "$T/a/$f.log" | cut -f1 | sort -c -n ||
	    fail "$f.log not in time order"
done
grep -v '^#' "$T/a/conn.log" | awk -F'\t' '{ e = $1 + $9
	if (e < last - 0.002) { print "line " NR; exit 1 } last = e }' ||
    fail "conn.log not in order of ends"
grep -v '^#' "$T/a/conn.log" | awk -F'\t' '
	$1 < 1773014400 || $1 >= 1773100800 { bad++ }
	$6 == 5223 { push++ }
	$7 == "udp" && $6 == 3478 && $10 >= 100000000 { call++ }
	END { if (bad) { print "outside the day: " bad; exit 1 }
	      if (!push) { print "no push on 5223"; exit 1 }
	      if (!call) { print "no video call of 100 MB"; exit 1 } }' ||
    fail "conn.log patterns"
# A sync client polls one service at a period of 5 to 27 minutes.
grep -v '^#' "$T/a/dns.log" | awk -F'\t' '
	$8 ~ /^(skyapi\.live\.net|client\.dropbox\.com|clients6\.google\.com)$/ {
		k = $3; if (k in last) { g = $1 - last[k]
		    if (g > 280 && g < 1700) ok[k]++ } last[k] = $1 }
	END { for (k in ok) if (ok[k] >= 8) n++; if (n < 10) exit 1 }' ||
    fail "sync polls at 5 to 27 minutes"
# A page that opens many connections at once to a CDN's addresses.
grep -v '^#' "$T/a/conn.log" | awk -F'\t' '$5 ~ /^198\.1[89]\./ {
	k = $3 " " int($1); n[k]++; if (n[k] >= 10) found = 1 }
	END { exit !found }' || fail "no burst of CDN connections"

printf 'state-dir "%s"\ninclude "%s/rules/*.rules"\n' "$T/state" "$TOP" > "$T/c.conf"
mkdir -p "$T/state"
"$D" -f "$T/c.conf" -o "$T/out.json" -r "windows:$T/a/windows.json" \
    -r "zeek:$T/a/dns.log" -r "zeek:$T/a/conn.log" -r "zeek:$T/a/ssl.log" \
    2> "$T/log" || { cat "$T/log"; fail "replay"; }
[ "$(grep -c ' 0 parse errors' "$T/log")" -eq 4 ] || { cat "$T/log"; fail "parse errors"; }
# The benign Windows events hold the look-alikes of the attack classes
# (typos, a stale account name, WMI running PowerShell, an update
# service) and none of the Windows rules fires on them.
for k in '"Status":"0x18"' '"Status":"0x6"' 'svc_old' 'WmiPrvSE' '"EventID":7045'; do
	grep -q "$k" "$T/a/windows.json" || fail "windows.json: no $k"
done
n=$(jq -r '.rule.id' "$T/out.json" | grep -c '^10000\|^300003' || true)
[ "$n" -eq 0 ] || { jq -c '[.rule.id, .incident.reason]' "$T/out.json"; fail "Windows rules on benign events"; }

# eval_campaign -B on alerts written here: three on listed hosts (two
# of rule 1, one of rule 2), one from outside.
alert() {
	printf '{"rule":{"id":"%s"},"event":{"start":"2026-03-09T10:00:00Z","end":"2026-03-09T10:00:00Z"},"source":{"ip":"%s"},"incident":{"viewpoint":{"analyzer":"statistical"},"endpoint":{"key":"%s"}}}\n' "$1" "$2" "$3"
}
{
	alert 9000001 10.50.1.1 10.50.1.1
	alert 9000001 10.50.1.2 ws-named
	alert 9000002 10.50.1.1 10.50.1.1
	alert 9000002 203.0.113.9 203.0.113.9
} > "$T/alerts.json"
printf '10.50.1.1 pc-0001\n10.50.1.2 pc-0002\n' > "$T/hosts"
"$E" -B 4 -h "$T/hosts" -l test "$T/alerts.json" > "$T/budget" ||
    { cat "$T/budget"; fail "3 alerts on 4 host-days: over budget?"; }
cat "$T/budget"
grep -q "^benign test .* 4 host-days *3 alerts *0.750 per host-day (budget 1: met)$" "$T/budget" ||
    fail "total line"
grep -q "rule 9000001 .* 2 alerts *0.500 per host-day$" "$T/budget" || fail "rule 9000001"
grep -q "rule 9000002 .* 1 alerts *0.250 per host-day$" "$T/budget" || fail "rule 9000002"
grep -q "(1 alerts on other sources" "$T/budget" || fail "outside alert"
"$E" -B 2 -h "$T/hosts" -l test "$T/alerts.json" > "$T/budget" &&
    fail "3 alerts on 2 host-days: within budget?"
grep -q "EXCEEDED" "$T/budget" || fail "no EXCEEDED"
"$E" -B 4 -l all "$T/alerts.json" | grep -q " 4 alerts " || fail "without -h, every alert counts"
exit 0
