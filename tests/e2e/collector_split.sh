# Lines split across syslog frames: a Windows event in JSON cut by a
# relay in two and in three frames, the pieces after the first without
# a header.  Read from a file and received by the listener (UDP
# datagrams, and TCP newline framing of a message with a newline
# inside), the pieces are counted as split and skipped, never as parse
# errors and never fatal; whole lines around them are events, a line
# without a header that parses is one too, and a header line that is
# simply not JSON stays a parse error.  Needs bash for /dev/udp.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
command -v jq > /dev/null || fail "jq is needed"
J='{"EventTime":"2026-03-10 09:00:02","Hostname":"ws1.corp.example","EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Image":"C:\\Users\\yamada\\Downloads\\invoice.pdf.exe","CommandLine":"invoice.pdf.exe","User":"CORP\\yamada"}'
head_of() { printf '%s\n' "$J" | cut -c "$1"; }
H='Mar 10 09:00:01 ws1 nxlog:'

# A file: one line in two pieces, a whole one, one in three, a header
# line that is not JSON, then a whole line without a header.
# (printf, not echo: dash's echo would take the JSON's backslashes.)
{
	printf '%s %s\n' "$H" "$(head_of 1-90)"
	head_of 91-
	printf '%s %s\n' "$H" "$J"
	printf '%s %s\n' "$H" "$(head_of 1-60)"
	head_of 61-120
	head_of 121-
	printf '%s not json\n' "$H"
	printf '%s\n' "$J" | sed 's/invoice.pdf.exe/orders.doc.scr/g'
} > "$T/win.log"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
"$D" -f "$T/etc/detectd.conf" -r "windows:$T/win.log" -o "$T/file.json" \
    2> "$T/file.err" || fail "replay: $(cat "$T/file.err")"
cat "$T/file.err"
grep -q "win.log: 8 lines, 2 events, 1 parse errors, 0 skipped" \
    "$T/file.err" || fail "file counts"
grep -q "win.log: 5 pieces of lines split across syslog frames skipped" \
    "$T/file.err" || fail "split count"
got=$(jq -r 'select(.rule.id == "1000210") | .threat.indicator.name' \
    "$T/file.json" | sort | tr '\n' ' ')
[ "$got" = "invoice.pdf.exe orders.doc.scr " ] || fail "alerts: $got"

# The listener: UDP datagrams (the head, its rest, a whole message),
# then TCP with newline framing and a newline inside one message.
command -v bash > /dev/null || { echo "skipped: no bash"; exit 77; }
scfg() {
	cwrite "listen sys {
	udp \"127.0.0.1:$1\"
	tcp \"127.0.0.1:$1\"
	format windows
}"
}
rm -rf "$T/state" "$A"
lstart scfg
udp() { bash -c "printf '%s' \"\$1\" > /dev/udp/127.0.0.1/$port" _ "$1"; }
udp "<13>$H $(head_of 1-100)"
udp "$(head_of 101-)"
udp "<13>$H $J"
printf '<13>%s %s\n%s\n' "$H" "$(head_of 1-70)" "$(head_of 71-)" > "$T/tcp"
bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && cat >&3" < "$T/tcp"
S="$T/state/stats.json"
parsed() {
	kill -USR1 "$pid"
	[ -f "$S" ] && jq -e '.inputs[] | select(.name == "sys") |
	    .parsed.lines == 5' "$S" > /dev/null
}
wait_for 10 parsed || fail "listener: $(cat "$S" 2>/dev/null)"
jq -e '.inputs[] | select(.name == "sys") | .parsed |
    .events == 1 and .split == 4 and .parse_errors == 0' "$S" \
    > /dev/null || fail "listener counts: $(jq -c '.inputs' "$S")"
stop
echo ok
