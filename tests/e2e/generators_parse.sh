# What the generators write, the parsers read: every Zeek log gen_zeek
# writes (TSV with its header, and JSON) and gen_windows' Defender
# channel (Winlogbeat's shape and NXLog's), a few hundred lines each,
# replayed with no rules: every line an event, no parse error, and the
# fields of its own log filled (a notice's threat.name, a certificate's
# hash), so that a line read as another log fails too.  make bench
# times the same generators and trusts this.
. "$TOP/tests/e2e-lib.sh"
N=300
printf '%s\n' 'allow-empty' 'ruleset "empty"' \
    'output null { type file; path "/dev/null" }' > "$T/empty.conf"

# replay LABEL FORMAT FILE LINES SKIPPED: the replay summary, exactly.
replay() {
	"$D" -f "$T/empty.conf" -o /dev/null -r "$2:$3" 2> "$T/err" ||
	    fail "$1: replay"
	want="detectd: $3: $4 lines, $N events, 0 parse errors,"
	want="$want $5 skipped, 0 truncated"
	grep -qxF "$want" "$T/err" || { cat "$T/err"; fail "$1: summary"; }
}

# fields LABEL FORMAT FILE FIELD...: the lines explained (the header
# with them), each FIELD filled in at least one, as "name value".
fields() {
	label=$1 fmt=$2 file=$3
	shift 3
	head -n 40 "$file" | "$D" -f "$T/empty.conf" -t "$fmt" - \
	    > "$T/explain" 2>&1 || fail "$label: -t"
	for f in "$@"; do
		grep -qE "^ +$f( |\$)" "$T/explain" ||
		    { head -n 30 "$T/explain"; fail "$label: no $f"; }
	done
}

# The field that shows each log read as itself.
zeek_field() {
	case $1 in
	conn)	echo "network.conn_state" ;;
	dns)	echo "dns.question.name" ;;
	http)	echo "url.original" ;;
	files)	echo "file.mime_type" ;;
	smtp)	echo "email.from.address" ;;
	notice)	echo "threat.name" ;;
	ssh)	echo "network.protocol +ssh" ;;
	x509)	echo "process.hash" ;;
	esac
}

for log in conn dns http files smtp notice ssh x509; do
	"$B/tools/gen_zeek" -l "$log" -n "$N" -s 3 > "$T/$log.log"
	"$B/tools/gen_zeek" -j -l "$log" -n "$N" -s 3 > "$T/$log.json"
	# The header's eight lines and #close are skipped, not events.
	replay "zeek $log" zeek "$T/$log.log" $((N + 9)) 9
	replay "zeek-json $log" zeek-json "$T/$log.json" "$N" 0
	fields "zeek $log" zeek "$T/$log.log" "$(zeek_field "$log")"
	fields "zeek-json $log" zeek-json "$T/$log.json" "$(zeek_field "$log")"
done
# More of the new logs' fields, in both writers: a notice's message and
# hosts, the outcome and client of an SSH login, the server a
# certificate names in san.dns.
for ext in log json; do
	fmt=zeek
	[ $ext = json ] && fmt=zeek-json
	fields "$fmt notice" $fmt "$T/notice.$ext" source.ip destination.ip \
	    event.reason
	fields "$fmt ssh" $fmt "$T/ssh.$ext" "event.action +(success|failure)" \
	    user_agent.original
	fields "$fmt x509" $fmt "$T/x509.$ext" destination.domain
done

for shape in winlogbeat nxlog; do
	"$B/tools/gen_windows" -D -x "$shape" -n "$N" -s 3 > "$T/$shape.json"
	replay "defender $shape" windows "$T/$shape.json" "$N" 0
	fields "defender $shape" windows "$T/$shape.json" threat.name \
	    threat.category file.name \
	    "winlog.channel +Microsoft-Windows-Windows Defender/Operational"
	for id in 1006 1116 1117 5001 5007; do
		grep -q "\"$id\"\|\"EventID\":$id," "$T/$shape.json" ||
		    fail "defender $shape: no event $id"
	done
done
exit 0
