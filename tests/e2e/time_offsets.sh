# Event time anywhere: one capture (a DGA burst in Zeek dns.log, a
# beacon in conn.log, a burst of failed logons and an account
# enumeration in Windows events) replayed with its clock starting at 0.5 s
# after the epoch (as lab captures with relative time have it), at 1000 s,
# in 2018 and in 2026 gives the same alerts apart from their times; so do
# its lines out of order within a few seconds, and a Windows source whose
# clock goes back two hours in the middle gives what the same lines
# sorted by time give.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir


# The capture in seconds from its start: "SECONDS KIND FIELDS".
awk 'BEGIN {
	srand(15)
	for (i = 0; i < 113; i++) {
		n = ""
		len = 10 + int(rand() * 7)
		for (j = 0; j < len; j++)
			n = n substr("abcdefghijklmnopqrstuvwxyz0123456789", 1 + int(rand() * 36), 1)
		printf "%.3f dns 10.0.0.5 %s.%s\n", 0.5 + i * 1.55, n, (i % 2 ? "com" : "net")
	}
	for (i = 0; i < 150; i++)
		printf "%.3f conn 10.0.0.7 203.0.113.50\n", 2 + i * 60 + rand() * 0.4
	for (i = 0; i < 30; i++)
		printf "%.3f fail 10.0.0.9 user%02d\n", 600 + i * 2, i
	for (i = 0; i < 4; i++)
		printf "%.3f enum 10.0.0.10 guess%d\n", 700.25, i
}' | sort -n > "$T/base"

# zeek_dns OFFSET, zeek_conn OFFSET, windows OFFSET < base: the logs.
zeek_head() {
	printf '#separator \\x09\n#path\t%s\n#fields\t%s\n' "$1" "$2" | sed 's/ /\t/g'
}
zeek_dns() {
	zeek_head dns "ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto query qtype_name rcode_name"
	awk -v o="$1" '$2 == "dns" { printf "%.3f\tD%d\t%s\t53000\t10.0.0.1\t53\tudp\t%s\tA\tNXDOMAIN\n", $1 + o, NR, $3, $4 }'
}
zeek_conn() {
	zeek_head conn "ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto duration orig_bytes resp_bytes conn_state"
	awk -v o="$1" '$2 == "conn" { printf "%.3f\tC%d\t%s\t4%04d\t%s\t443\ttcp\t0.3\t310\t1200\tSF\n", $1 + o, NR, $3, NR, $4 }'
}
windows() {
	awk -v o="$1" '$2 == "fail" || $2 == "enum" { printf "%d %s %s %s\n", $1 + o, $2, $3, $4 }' |
	while read -r s kind ip user; do
		ts=$(date -u -d "@$s" +%Y-%m-%dT%H:%M:%S)
		if [ "$kind" = fail ]; then
			printf '{"@timestamp":"%sZ","winlog":{"event_id":4625,"channel":"Security","computer_name":"dc1.corp.example","event_data":{"TargetUserName":"%s","IpAddress":"%s","Status":"0xc000006d","SubStatus":"0xc000006a","LogonType":"3"}}}\n' "$ts" "$user" "$ip"
		else
			printf '{"EventTime":"%s","Hostname":"dc1.corp.example","EventID":4768,"Channel":"Security","TargetUserName":"%s","IpAddress":"::ffff:%s","Status":"0x6"}\n' "$(echo "$ts" | tr T ' ')" "$user" "$ip"
		fi
	done
}

# replay NAME OFFSET [FILTER]: the three logs at OFFSET, each piped
# through FILTER (cat by default), replayed; rule and endpoint of every
# alert, with its count, sorted, in $T/NAME.got.
replay() {
	_f=${3:-cat}
	zeek_dns "$2" < "$T/base" | $_f > "$T/$1.dns.log"
	zeek_conn "$2" < "$T/base" | $_f > "$T/$1.conn.log"
	windows "$2" < "$T/base" | $_f > "$T/$1.win.json"
	rm -rf "$T/state" && mkdir "$T/state"
	"$D" -f "$T/etc/detectd.conf" -o "$T/$1.json" -r "zeek:$T/$1.dns.log" \
	    -r "zeek:$T/$1.conn.log" -r "windows:$T/$1.win.json" \
	    2> "$T/$1.log" || { cat "$T/$1.log"; fail "$1: replay"; }
	grep -q " 0 parse errors" "$T/$1.log" || { cat "$T/$1.log"; fail "$1: parse errors"; }
	validate "$T/$1.json"
	jq -r '[.rule.id, .incident.endpoint.key, .incident.count] | @tsv' \
	    "$T/$1.json" | sort > "$T/$1.got"
	echo "$1: $(tr '\t\n' ' ;' < "$T/$1.got")"
}

replay y2018 1530000000
for r in 3000001 3000022 3000030 3000031 3000033; do
	grep -q "^$r	" "$T/y2018.got" || fail "2018: no alert of rule $r"
done
for o in 0 1000 1773100000; do
	replay "at$o" "$o"
	diff "$T/y2018.got" "$T/at$o.got" || fail "offset $o: alerts differ from 2018's"
done

# Out of order: every run of four lines reversed (up to six seconds).
rev4() {
	awk '/^#/ { print; next } { b[n++] = $0; if (n == 4) { while (n) print b[--n] } }
	    END { while (n) print b[--n] }'
}
replay shuffled 1530000000 rev4
diff "$T/y2018.got" "$T/shuffled.got" || fail "lines out of order: alerts differ"

# The Windows source's clock goes back two hours after its tenth line;
# the same lines sorted by time are the reference.
windows 1530000000 < "$T/base" > "$T/orig.json"
head -n 10 "$T/orig.json" > "$T/jump.json"
tail -n +11 "$T/orig.json" | while read -r l; do
	ts=$(echo "$l" | sed -n 's/.*"\(@timestamp\|EventTime\)":"\([^"Z]*\)Z\{0,1\}".*/\2/p')
	back=$(date -u -d "@$(($(date -u -d "$ts" +%s) - 7200))" +%Y-%m-%dT%H:%M:%S)
	case $l in
	*EventTime*) echo "$l" | sed "s/\"EventTime\":\"[^\"]*\"/\"EventTime\":\"$(echo "$back" | tr T ' ')\"/" ;;
	*) echo "$l" | sed "s/\"@timestamp\":\"[^\"]*\"/\"@timestamp\":\"${back}Z\"/" ;;
	esac
done >> "$T/jump.json"
jq -c -s 'sort_by(."@timestamp" // (.EventTime | sub(" "; "T") + "Z"))[]' \
    "$T/jump.json" > "$T/sorted.json"
for f in jump sorted; do
	rm -rf "$T/state" && mkdir "$T/state"
	"$D" -f "$T/etc/detectd.conf" -o "$T/$f.out" -r "windows:$T/$f.json" \
	    2> "$T/$f.log" || { cat "$T/$f.log"; fail "$f: replay"; }
	jq -r '[.rule.id, .incident.endpoint.key] | @tsv' "$T/$f.out" |
	    sort > "$T/$f.got"
	echo "$f: $(tr '\t\n' ' ;' < "$T/$f.got")"
done
grep -q "^3000030	" "$T/sorted.got" || fail "sorted: no 3000030"
diff "$T/sorted.got" "$T/jump.got" || fail "clock back: alerts differ from sorted"

# Fewer lines: three failed logons, the clock back two hours, three
# more.  Sorted, no five distinct accounts fall in ten minutes, and the
# spray rule is quiet; the accounts from before the jump must not count
# with those after it.
for u in a:09:00:01 b:09:00:02 c:09:00:03 d:07:00:04 e:07:00:05 f:07:00:06; do
	printf '{"EventTime":"2026-03-10 %s","Hostname":"dc1.corp.example","EventID":4625,"Channel":"Security","TargetUserName":"user%s","IpAddress":"10.0.0.12","Status":"0xc000006d","SubStatus":"0xc000006a","LogonType":"3"}\n' \
	    "${u#*:}" "${u%%:*}"
done > "$T/jump2.json"
rm -rf "$T/state" && mkdir "$T/state"
"$D" -f "$T/etc/detectd.conf" -o "$T/jump2.out" -r "windows:$T/jump2.json" \
    2> "$T/jump2.log" || { cat "$T/jump2.log"; fail "jump2: replay"; }
[ -s "$T/jump2.out" ] && { jq -c '[.rule.id, .incident.reason]' "$T/jump2.out"; fail "three and three accounts across a clock jump alerted"; }
exit 0
