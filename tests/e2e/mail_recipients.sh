# A message to several recipients: each recipient is a user, joined to
# the endpoint they logged on at, and each gets the message's findings
# on their own endpoint.  Zeek smtp.log lists them in its rcptto set
# (TSV: one field, set separator ','; JSON: an array), amavis after
# "->" as <a>,<b>.  alice and bob logged on at WS-ALICE and WS-BOB;
# carol never did (her findings are keyed to the user); the postmaster
# entry "<>" names nobody.  A message to one recipient is unchanged.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
mkdir -p "$T/etc/local.d"
cat > "$T/etc/local.d/mail.rules" <<'EOF'
rule 9000001 {
	name "Mail from a known phishing sender"
	analyzer match
	viewpoint known-attack
	sources mail
	condition email.from.address == "eve@evil.example"
	stage intrusion
	importance high
}
EOF
JP='見積もり用写真.xlsxs.exe'
{
	dc_logon 08:50:00 alice 10.1.2.3 WS-ALICE
	dc_logon 08:51:00 bob 10.1.2.4 WS-BOB
} > "$T/dc.json"
tab=$(printf '\t')
{
	printf '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tsmtp\n'
	printf '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\tmailfrom\trcptto\tfrom\tto\tsubject\n'
	printf '#types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tset[string]\tstring\tset[string]\tstring\n'
	echo "1773133200.000000${tab}C1${tab}192.0.2.66${tab}40000${tab}10.1.0.25${tab}25${tab}1${tab}eve@evil.example${tab}alice@corp.example,bob@corp.example,carol@corp.example,<>${tab}eve@evil.example${tab}alice@corp.example${tab}見積もりの件"
	echo "1773133260.000000${tab}C2${tab}192.0.2.66${tab}40001${tab}10.1.0.25${tab}25${tab}1${tab}eve@evil.example${tab}bob@corp.example${tab}eve@evil.example${tab}bob@corp.example${tab}再送"
} > "$T/smtp.log"
echo '{"ts":1773133320.0,"uid":"C3","id.orig_h":"192.0.2.66","id.orig_p":40002,"id.resp_h":"10.1.0.25","id.resp_p":25,"trans_depth":1,"mailfrom":"eve@evil.example","rcptto":["alice@corp.example","bob@corp.example"],"subject":"見積もり"}' > "$T/smtp.json"
echo "Mar 10 09:05:01 mx1 amavis[3]: (00003-01) Blocked BANNED (multipart/mixed | application/x-msdownload,.exe,.exe-ms,$JP) {DiscardedInbound,Quarantined}, [192.0.2.66]:40123 [192.0.2.66] <eve@evil.example> -> <alice@corp.example>,<bob@corp.example>, Queue-ID: 4BQ0M52ZtTz9sV1, size: 48213, 90 ms" > "$T/mail.log"
touch -d 2026-03-10T12:00:00Z "$T/mail.log"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" -r "windows:$T/dc.json" \
    -r "zeek:$T/smtp.log" -r "zeek-json:$T/smtp.json" \
    -r "postfix:$T/mail.log" 2> "$T/detectd.err" || fail "replay"
cat "$T/detectd.err"
validate "$T/alerts.json"
got=$(jq -r 'select(.rule.id == "9000001" or .rule.id == "1000222") |
    "\(.rule.id) \(.log.file.path | split("/") | last) \(.incident.endpoint.key) \(.user.name)"' \
    "$T/alerts.json" | LC_ALL=C sort)
want="1000222 mail.log ws-alice alice
1000222 mail.log ws-bob bob
9000001 mail.log ws-alice alice
9000001 mail.log ws-bob bob
9000001 smtp.json ws-alice alice
9000001 smtp.json ws-bob bob
9000001 smtp.log user:carol carol
9000001 smtp.log ws-alice alice
9000001 smtp.log ws-bob bob
9000001 smtp.log ws-bob bob"
[ "$got" = "$want" ] || fail "alerts per recipient:
$got"
exit 0
