# workers N (detectd.conf(5)): the same logs replayed with 1, 2 and 4
# worker threads give the same alert files, byte for byte (ids, order,
# incidents): the campaign as make eval generates it (its attack, on
# the LAN's background: match, statistical and composite alerts), a
# labelled normal day of Zeek logs, every statistical pattern and a
# LAN's day with the statistical rules split over the workers, the
# hand-written and real fixture logs of each format, Sigma rules over their own events (the
# events index their field names then), and a message to two
# recipients (the findings of each recipient's pass go back in their
# place).  A suppression counts the hits the workers held back.  Bad
# values are refused.  (workers_crash.sh: the daemon.)
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
"$B/tools/gen_campaign" -n 200 -s 1 -o "$T/attack" > /dev/null ||
    fail "gen_campaign"

# conf BASE N: BASE with "workers N" added, as w.conf beside it (its
# includes are relative to it), named in $W.
conf() {
	W="$(dirname "$1")/w.conf"
	{ cat "$1"; echo "workers $2"; } > "$W.new"
	mv "$W.new" "$W"
}

# same NAME BASE ARGS...: detectd -f BASE ARGS at 1, 2 and 4 workers,
# into $T/NAME.N.json, the three files identical and not empty, and
# the exit status the same (2 where a fixture file is mostly bad lines
# on purpose, 0 otherwise).
same() {
	_name=$1 _base=$2
	shift 2
	for _n in 1 2 4; do
		rm -rf "$T/state" && mkdir "$T/state"
		conf "$_base" "$_n"
		_rc=0
		"$D" -f "$W" -o "$T/$_name.$_n.json" "$@" \
		    2> "$T/$_name.$_n.log" || _rc=$?
		[ "$_rc" -le 2 ] ||
		    fail "$_name, workers $_n: $(tail -n 3 "$T/$_name.$_n.log")"
		echo "$_rc" > "$T/$_name.$_n.rc"
	done
	[ -s "$T/$_name.1.json" ] || fail "$_name: no alert at all"
	for _n in 2 4; do
		expect_same "$T/$_name.1.json" "$T/$_name.$_n.json"
		expect_same "$T/$_name.1.rc" "$T/$_name.$_n.rc"
	done
	echo "$_name: $(wc -l < "$T/$_name.1.json") records, the same at 1, 2, 4"
}

C="$T/etc/detectd.conf"
# scenario DIR: the logs of a campaign, identity sources first (eval.sh).
scenario() {
	echo "-r dhcpd:$1/dhcp.log -r windows:$1/dc.log" \
	    "-r windows:$1/endpoint.log -r postfix:$1/mail.log" \
	    "-r iptables:$1/fw.log -r bind:$1/dns.log -r squid:$1/proxy.log"
}
# shellcheck disable=SC2046
same attack "$C" $(scenario "$T/attack")
"$B/tools/eval_campaign" -c "$T/attack/truth.tsv" "$T/attack.2.json" \
    > "$T/eval.txt" || fail "campaign at 2 workers: $(tail -n 5 "$T/eval.txt")"
N="$TOP/tests/data/zeek/normal-day-ctu-normal-40/data"
same normal "$C" -r "zeek:$N/conn.log.labeled" -r "zeek:$N/ssl.log.labeled" \
    -r "zeek:$N/http.log.labeled"

# The statistical rules split over the workers (a part of the rules
# each, every event): every pattern of tools/gen_stats mixed into a
# background of many endpoints, in each format, the beacon rule judging
# at once (not after its 7 days of learning); a LAN's day of benign
# traffic (the learning, the organisation's counters: prevalence, first
# sight); and the file of the benchmark, the statistics of many
# endpoints at once.
G="$B/tools/gen_stats"
cp -R "$T/etc" "$T/now"
sed -i '/^rule 3000001 {/,/^}/ s/^\tlearn 7d$/\tlearn 0s/' \
    "$T/now/rules.d/stats.rules"
grep -q "learn 0s" "$T/now/rules.d/stats.rules" || fail "learn not patched"
"$G" -f zeek-conn -p beacon,twomode,sleep,slow,scan,volume,spike,rare \
    -e 60 -H 26 > "$T/conn.log" || fail "gen_stats conn"
"$G" -f zeek-dns -p dga,tunnel -e 60 -H 3 > "$T/dns.log" || fail "gen_stats dns"
"$G" -f windows -p spray,kerberoast -e 60 -H 3 > "$T/win.log" ||
    fail "gen_stats windows"
"$G" -f squid -p beacon -e 60 -H 6 > "$T/proxy.log" || fail "gen_stats squid"
same patterns "$T/now/detectd.conf" -r "zeek:$T/conn.log" \
    -r "zeek:$T/dns.log" -r "windows:$T/win.log" -r "squid:$T/proxy.log"
for r in 3000001 3000010 3000011 3000022 3000023 3000031 3000032 3000040; do
	grep -q "\"rule\":{[^}]*\"id\":\"$r\"" "$T/patterns.2.json" ||
	    fail "patterns: no alert of rule $r at 2 workers"
done
# A beacon known by its address only, named by the endpoint's own DNS
# answer (the evidence is the connection given that name), and two
# rules that count the same connections: both alert on the same event,
# each from its own part, and go out in the order of the rules.
cat > "$T/now/rules.d/zz-twins.rules" <<'RULES'
rule 9101 {
	name "twin a"
	analyzer stats
	viewpoint similar-to-attack
	stage c2
	statistic count
	window 10m
	threshold 5
	condition destination.port == 443
}
rule 9102 {
	name "twin b"
	analyzer stats
	viewpoint similar-to-attack
	stage c2
	statistic count
	window 10m
	threshold 5
	condition destination.port == 443
}
RULES
t=1773273600
printf '{"_path":"dns","ts":%s.0,"uid":"D1","id.orig_h":"10.9.9.9","id.orig_p":5353,"id.resp_h":"10.0.0.53","id.resp_p":53,"proto":"udp","query":"c2.named-test.example","qtype_name":"A","rcode_name":"NOERROR","answers":["203.0.113.77"]}\n' \
    "$t" > "$T/named-dns.json"
i=1
while [ "$i" -le 40 ]; do
	printf '{"_path":"conn","ts":%s.0,"uid":"C%s","id.orig_h":"10.9.9.9","id.orig_p":50000,"id.resp_h":"203.0.113.77","id.resp_p":443,"proto":"tcp","duration":1.0,"orig_bytes":300,"resp_bytes":500,"conn_state":"SF"}\n' \
	    $((t + 60 * i)) "$i"
	i=$((i + 1))
done > "$T/named-conn.json"
same named "$T/now/detectd.conf" -r "zeek-json:$T/named-dns.json" \
    -r "zeek-json:$T/named-conn.json"
[ "$(jq -r 'select(.rule.id == "3000001") | .destination.domain' \
    "$T/named.2.json" | sort -u)" = "c2.named-test.example" ] ||
    fail "named: $(jq -c '[.rule.id, .destination]' "$T/named.2.json")"
jq -r .rule.id "$T/named.2.json" | grep -A1 -m1 "^9101$" | tail -n 1 |
    grep -q "^9102$" || fail "named: twins $(jq -r .rule.id "$T/named.2.json")"
rm "$T/now/rules.d/zz-twins.rules"
"$B/tools/gen_statslan" -e 80 -H 30 > "$T/lan.log" || fail "gen_statslan"
"$B/tools/gen_squid" -n 60000 -e 2000 -d 3000 -s 3 \
    -i update-check.badcdn.example:20 > "$T/squid.log" || fail "gen_squid"
cp "$C" "$T/etc/many.conf"
echo "aggregate-window off" >> "$T/etc/many.conf"
same lan "$T/etc/many.conf" -r "zeek:$T/lan.log" -r "squid:$T/squid.log"

F="$TOP/tests/data"
same fixtures "$C" -r "dhcpd:$F/dhcpd/dhcpd.log" \
    -r "windows:$F/windows/empire_dcsync_nxlog.json.gz" \
    -r "bind:$F/bind/query.log" -r "unbound:$F/unbound/unbound.log" \
    -r "iptables:$F/iptables/kern.log" -r "fortigate:$F/fortigate/fortigate.log" \
    -r "paloalto:$F/paloalto/pan.log" -r "squid:$F/squid/sample.log" \
    -r "squid-combined:$F/squid-combined/access.log" \
    -r "zeek-json:$F/zeek/port-scan-nmap/conn.log" \
    -r "zeek:$F/zeek/rat-androidtester/dns.log" \
    -r "zeek:$F/zeek/rat-androidtester/conn.log"

S="$F/sigma"
cat > "$T/sigma.conf" <<CONF
ruleset "sigma-test"
hostname "sensor-test"
aggregate-window off
sigma "$S/rules" {
	logsources "$TOP/rules/sigma-logsources.conf"
	license "DRL-1.1"
}
CONF
E="$S/events"
same sigma "$T/sigma.conf" -r "windows:$E/winlogbeat.json" \
    -r "windows:$E/nxlog.json" -r "squid:$E/squid.log" \
    -r "squid-combined:$E/combined.log" -r "bind:$E/bind.log" \
    -r "zeek:$E/zeek-dns.log" -r "iptables:$E/iptables.log"

# Two recipients of one message: two passes of the analyzers, each
# with its own findings.
JP='見積もり用写真.xlsxs.exe'
{
	dc_logon 08:50:00 alice 10.1.2.3 WS-ALICE
	dc_logon 08:51:00 bob 10.1.2.4 WS-BOB
} > "$T/dc.json"
echo "Mar 10 09:05:01 mx1 amavis[3]: (00003-01) Blocked BANNED (multipart/mixed | application/x-msdownload,.exe,.exe-ms,$JP) {DiscardedInbound,Quarantined}, [192.0.2.66]:40123 [192.0.2.66] <eve@evil.example> -> <alice@corp.example>,<bob@corp.example>, Queue-ID: 4BQ0M52ZtTz9sV1, size: 48213, 90 ms" > "$T/mail.log"
touch -d 2026-03-10T12:00:00Z "$T/mail.log"
{ cat "$C"; echo "aggregate-window off"; } > "$T/etc/noagg.conf"
same recipients "$T/etc/noagg.conf" -r "windows:$T/dc.json" \
    -r "postfix:$T/mail.log"
[ "$(jq -r 'select(.threat.indicator.name == "'"$JP"'") | .user.name' \
    "$T/recipients.2.json" | sort | tr '\n' ' ')" = "alice bob " ] ||
    fail "recipients: $(jq -c '[.rule.id, .user.name]' "$T/recipients.2.json")"

# Postfix lines joined by queue id: the line that ends a message (a
# short one) gives the event the sender and client of earlier lines,
# which the parser copies in beside the line: with workers the line is
# copied into the event first, and the arena must have room for both.
Q=4BQ0M52ZtTz9sVG
{
	echo "Mar 10 09:00:01 mx1 postfix/smtpd[1]: $Q: client=mx.evil.example[203.0.113.25]"
	echo "Mar 10 09:00:01 mx1 postfix/qmgr[2]: $Q: from=<eve@evil.example>, size=48213, nrcpt=1 (queue active)"
	echo "Mar 10 09:00:02 mx1 amavis[3]: (00003-01) Blocked BANNED (multipart/mixed | application/zip,.zip,mitsumori.zip | .exe,.exe-ms,$JP) {DiscardedInbound,Quarantined}, [203.0.113.25]:40123 [203.0.113.25] <eve@evil.example> -> <alice@corp.example>, Queue-ID: $Q, size: 48213, 90 ms"
	echo "Mar 10 09:00:06 mx1 postfix/smtpd[1]: 8FQ0M52ZtTz9sVL: client=mail.partner.example[198.51.100.7]"
	echo "Mar 10 09:00:06 mx1 postfix/qmgr[2]: 8FQ0M52ZtTz9sVL: from=<news@partner.example>, size=5000, nrcpt=1 (queue active)"
	echo "Mar 10 09:00:07 mx1 postfix/lmtp[5]: 8FQ0M52ZtTz9sVL: to=<frank@corp.example>, relay=mbox.corp.example[10.1.0.30]:24, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)"
	echo "Mar 10 09:00:07 mx1 postfix/qmgr[2]: 8FQ0M52ZtTz9sVL: removed"
} > "$T/joined.log"
touch -d 2026-03-10T12:00:00Z "$T/joined.log"
same joined "$T/etc/noagg.conf" -r "postfix:$T/joined.log"
for _n in 1 2 4; do
	grep -q "joined.log: 7 lines, 2 events, 0 parse errors" \
	    "$T/joined.$_n.log" ||
	    fail "joined, workers $_n: $(grep joined.log "$T/joined.$_n.log")"
done

# A suppression's hits happen in the workers' rule sets: the replay's
# summary counts them all.
cat > "$T/etc/rules.d/zz-local.rules" <<'RULES'
suppress {
	rules 1000001
	endpoint 10.20.1.1
	reason "sinkhole test"
}
RULES
for i in 1 2 3; do
	squid_line $((1773136000 + i)) 10.20.1.1 "http://qakbot-c2.example/$i"
done > "$T/supp.log"
for n in 1 2; do
	conf "$C" "$n"
	"$D" -v -f "$T/etc/w.conf" -r "squid:$T/supp.log" -o /dev/null \
	    2> "$T/supp.$n" || fail "suppressed replay, workers $n"
	grep -q "zz-local.rules:1: suppression: 3 hits" "$T/supp.$n" ||
	    fail "workers $n: hits not counted: $(grep suppression "$T/supp.$n")"
done
rm "$T/etc/rules.d/zz-local.rules"

# auto is the processors; 0, 65 and words are refused, with the reason.
conf "$C" auto
"$D" -n -f "$T/etc/w.conf" > "$T/out" 2>&1 || fail "workers auto: $(cat "$T/out")"
for bad in 0 65 many 1.5; do
	conf "$C" "$bad"
	"$D" -n -f "$T/etc/w.conf" > "$T/out" 2>&1 &&
	    fail "workers $bad accepted"
	grep -q "workers: expected" "$T/out" || fail "workers $bad: $(cat "$T/out")"
done
echo ok
