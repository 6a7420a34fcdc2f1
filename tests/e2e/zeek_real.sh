# Replay the real Zeek logs of tests/data/zeek (Stratosphere Laboratory,
# CTU) with the zeek and zeek-json formats: no parse errors, one event per
# data line of conn, dns, http and ssl logs, every other log skipped, the
# same counts once converted to the other writer's form, and the fields
# of known lines seen by rules.
. "$TOP/tests/e2e-lib.sh"
Z="$TOP/tests/data/zeek"
N="$Z/normal-day-ctu-normal-40/data"
command -v jq > /dev/null || fail "jq is needed"
printf 'allow-empty\nstate-dir "%s"\noutput o { type file; path "%s" }\n' \
    "$T/state" "$T/out.json" > "$T/c.conf"
mkdir -p "$T/state"

# replay FORMAT FILE: "lines events errors skipped" into $T/counts.
replay() {
	"$D" -f "$T/c.conf" -r "$1:$2" -o "$T/out.json" 2> "$T/stderr"
	_rc=$?
	sed -n 's/.*: \([0-9]*\) lines, \([0-9]*\) events, \([0-9]*\) parse errors, \([0-9]*\) skipped.*/\1 \2 \3 \4/p' \
	    "$T/stderr" | tail -n 1 > "$T/counts"
	[ -s "$T/counts" ] || fail "$2: no statistics line"
	# A file without events (a log type not read) exits 2, detectd(8).
	_want=0
	[ "$(cut -d' ' -f2 "$T/counts")" -ne 0 ] || _want=2
	[ "$_rc" -eq "$_want" ] || { cat "$T/stderr"; fail "replay of $2 exited $_rc"; }
}

# expect FORMAT FILE EVENTS: zero errors, EVENTS events.
expect() {
	replay "$1" "$2"
	echo "$1 $(basename "$2"): $(cat "$T/counts")"
	# shellcheck disable=SC2046
	set -- "$1" "$2" "$3" $(cat "$T/counts")
	[ "$6" -eq 0 ] || fail "$2: $6 parse errors"
	[ "$5" -eq "$3" ] || fail "$2: $5 events, expected $3"
}

data_lines() {
	grep -vc '^#' "$1"
}

# TSV, as the ASCII writer wrote them: paths we read give one event per
# data line, the others none.
for f in "$Z/rat-androidtester/conn.log" "$Z/rat-androidtester/dns.log" \
    "$N/conn.log.labeled" "$N/http.log.labeled" "$N/ssl.log.labeled" \
    "$N/notice.log.labeled"; do
	expect zeek "$f" "$(data_lines "$f")"
done
for f in "$N/sip.log.labeled" \
    "$N/tunnel.log.labeled" "$N/weird.log.labeled"; do
	expect zeek "$f" 0
done
# The port scan was logged by the JSON writer.
expect zeek-json "$Z/port-scan-nmap/conn.log" \
    "$(wc -l < "$Z/port-scan-nmap/conn.log")"

# TSV to JSON lines, typed by the #types header, unset fields left out,
# sets as arrays: what the JSON writer would have written.
tsv2json() {
	jq -R -s -c '
	    split("\n") as $l
	    | ($l | map(select(startswith("#fields\t")))[0] | split("\t")[1:]) as $f
	    | ($l | map(select(startswith("#types\t")))[0] | split("\t")[1:]) as $t
	    | $l[] | select(length > 0 and (startswith("#") | not))
	    | split("\t")
	    | [range(0; $f | length) as $i
	       | select(.[$i] != "-" and .[$i] != "(empty)")
	       | {key: $f[$i], value:
	          (if ($t[$i] | test("^(time|interval|count|port|double|int)$"))
	           then (.[$i] | tonumber)
	           elif ($t[$i] | test("^(set|vector)\\["))
	           then (.[$i] | split(","))
	           else .[$i] end)}]
	    | from_entries' "$1"
}
for f in "$Z/rat-androidtester/conn.log" "$Z/rat-androidtester/dns.log" \
    "$N/conn.log.labeled" "$N/http.log.labeled" "$N/ssl.log.labeled" \
    "$N/notice.log.labeled"; do
	b=$(basename "$f")
	tsv2json "$f" > "$T/$b.json" || fail "jq on $f"
	expect zeek-json "$T/$b.json" "$(data_lines "$f")"
done
# Without #path or _path, notice is told by its note, and sip, tunnel
# and weird apart by their fields, and skipped.
for f in "$N/sip.log.labeled" \
    "$N/tunnel.log.labeled" "$N/weird.log.labeled"; do
	b=$(basename "$f")
	tsv2json "$f" > "$T/$b.json" || fail "jq on $f"
	expect zeek-json "$T/$b.json" 0
done

# And the port scan back to TSV, with a header in another column order.
{
	printf '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n'
	printf '#unset_field\t-\n#path\tconn\n'
	printf '#fields\tuid\tts\tid.resp_h\tid.resp_p\tid.orig_h\tid.orig_p\t'
	printf 'proto\tconn_state\tduration\torig_bytes\tresp_bytes\tservice\n'
	jq -r '[.uid, (.ts | tostring), ."id.resp_h", (."id.resp_p" | tostring),
	    ."id.orig_h", (."id.orig_p" | tostring), .proto, .conn_state,
	    (.duration // "-" | tostring), (.orig_bytes // "-" | tostring),
	    (.resp_bytes // "-" | tostring), (.service // "-")] | @tsv' \
	    "$Z/port-scan-nmap/conn.log"
} > "$T/portscan.log" || fail "jq on the port scan"
expect zeek "$T/portscan.log" "$(wc -l < "$Z/port-scan-nmap/conn.log")"

# Known lines, seen through rules.
cat > "$T/zeek.rules" <<'EOF'
rule 9000001 {
	name "RAT port"
	viewpoint known-attack
	stage c2
	sources network
	condition destination.port == 1337 and network.transport == "tcp"
}
rule 9000002 {
	name "Zeek DNS"
	viewpoint known-attack
	stage c2
	sources dns
	condition dns.question.name == "infinitedata-pa.googleapis.com" and dns.question.type == "A" and dns.response_code == "NOERROR"
}
rule 9000003 {
	name "Zeek HTTP"
	viewpoint known-attack
	stage c2
	sources network
	condition url.original == "http://i4.c.eset.com/livegrid" and http.request.method == "POST"
}
rule 9000004 {
	name "Zeek TLS"
	viewpoint known-attack
	stage c2
	sources network
	condition destination.domain == "settings-win.data.microsoft.com" and network.protocol == "ssl"
}
EOF
# One alert per connection: no aggregation of repeats.
printf 'state-dir "%s"\naggregate-window off\ninclude "%s"\noutput o { type file; path "%s" }\n' \
    "$T/state" "$T/zeek.rules" "$T/alerts.json" > "$T/r.conf"
"$D" -f "$T/r.conf" -r "zeek:$Z/rat-androidtester/conn.log" \
    -r "zeek:$Z/rat-androidtester/dns.log" \
    -r "zeek:$N/http.log.labeled" -r "zeek:$N/ssl.log.labeled" \
    -o "$T/alerts.json" 2> "$T/stderr" || { cat "$T/stderr"; fail "rules replay"; }
n=$(grep -c '' "$T/alerts.json")
[ "$n" -ge 4 ] || { cat "$T/stderr"; fail "$n alerts, expected at least 4"; }
for id in 9000001 9000002 9000003 9000004; do
	jq -c --arg id "$id" 'select(.rule.id == $id)' "$T/alerts.json" \
	    > "$T/a.$id" || fail "jq on the alerts"
	[ -s "$T/a.$id" ] || fail "no alert of rule $id"
done
# check RULE JQ-FILTER: every alert of RULE passes the filter.
check() {
	[ "$(jq -s "map(select($2)) | length" "$T/a.$1")" -eq \
	    "$(grep -c '' "$T/a.$1")" ] ||
	    fail "rule $1 fields: $(head -c 800 "$T/a.$1")"
}
check 9000001 '.destination.port == 1337 and .source.ip == "10.8.0.61" and
    .destination.ip == "147.32.83.234" and .network.transport == "tcp"'
[ "$(grep -c '' "$T/a.9000001")" -eq \
    "$(grep -c '	1337	tcp	' "$Z/rat-androidtester/conn.log")" ] ||
    fail "not one alert per RAT connection"
check 9000002 '.source.ip == "10.8.0.61" and .destination.ip == "8.8.8.8" and
    .destination.port == 53 and
    .dns.question.name == "infinitedata-pa.googleapis.com"'
check 9000003 '.source.ip == "147.32.81.167" and .destination.port == 80 and
    .url.original == "http://i4.c.eset.com/livegrid" and
    .destination.domain == "i4.c.eset.com"'
check 9000004 '.source.ip == "147.32.81.167" and .destination.port == 443 and
    .destination.domain == "settings-win.data.microsoft.com"'
validate "$T/alerts.json"
echo ok
