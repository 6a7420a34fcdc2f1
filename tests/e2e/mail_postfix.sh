# The mail relay's log and clamd's: amavis and clamav-milter malware
# verdicts (1000220), a banned attachment (1000221), one with a
# deceptive name, 見積もり用写真.xlsxs.exe inside the chain amavis logs
# (1000222), a clamd detection (1000223); ordinary deliveries, joined
# across their queue id's lines, alert nothing.  A generated day with
# planted messages gives exactly the planted alerts.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
H="Mar 10 09:00:0"
Q=4BQ0M52ZtTz9sVG
JP='見積もり用写真.xlsxs.exe'
{
	echo "${H}1 mx1 postfix/smtpd[1]: $Q: client=mx.evil.example[203.0.113.25]"
	echo "${H}1 mx1 postfix/qmgr[2]: $Q: from=<eve@evil.example>, size=48213, nrcpt=1 (queue active)"
	echo "${H}2 mx1 amavis[3]: (00003-01) Blocked BANNED (multipart/mixed | application/zip,.zip,mitsumori.zip | .exe,.exe-ms,$JP) {DiscardedInbound,Quarantined}, [203.0.113.25]:40123 [203.0.113.25] <eve@evil.example> -> <alice@corp.example>, Queue-ID: $Q, size: 48213, 90 ms"
	echo "${H}3 mx1 amavis[3]: (00003-02) Blocked INFECTED (Eicar-Signature) {DiscardedInbound,Quarantined}, [203.0.113.26]:40124 [203.0.113.26] <x@evil.example> -> <bob@corp.example>,<carol@corp.example>, Queue-ID: 5CQ0M52ZtTz9sVH, size: 1000, 80 ms"
	echo "${H}4 mx1 amavis[3]: (00003-03) Blocked BANNED (.exe,.exe-ms,setup.exe) {DiscardedInbound,Quarantined}, [203.0.113.27]:40125 [203.0.113.27] <y@vendor.example> -> <dave@corp.example>, Queue-ID: 6DQ0M52ZtTz9sVJ, size: 2000, 70 ms"
	echo "${H}5 mx1 clamav-milter[4]: Message 7EQ0M52ZtTz9sVK from <z@evil.example> to <erin@corp.example> infected by Win.Trojan.Agent-1"
	echo "${H}6 mx1 postfix/smtpd[1]: 8FQ0M52ZtTz9sVL: client=mail.partner.example[198.51.100.7]"
	echo "${H}6 mx1 postfix/qmgr[2]: 8FQ0M52ZtTz9sVL: from=<news@partner.example>, size=5000, nrcpt=1 (queue active)"
	echo "${H}7 mx1 postfix/lmtp[5]: 8FQ0M52ZtTz9sVL: to=<frank@corp.example>, relay=mbox.corp.example[10.1.0.30]:24, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 2.0.0 Ok)"
	echo "${H}7 mx1 postfix/qmgr[2]: 8FQ0M52ZtTz9sVL: removed"
} > "$T/mail.log"
echo "Tue Mar 10 09:00:08 2026 -> /srv/share/in/$JP: Win.Trojan.Agent-1 FOUND" > "$T/clamd.log"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" -r "postfix:$T/mail.log" \
    -r "clamd:$T/clamd.log" 2> "$T/detectd.err" || fail "replay"
cat "$T/detectd.err"
validate "$T/alerts.json"
grep -q "mail.log: 10 lines, 5 events, 0 parse errors, 5 skipped" "$T/detectd.err" ||
    fail "counts"
got=$(jq -r '"\(.rule.id) \(.email.to.address // .user.name // "-") \(.threat.indicator.name // "-")"' \
    "$T/alerts.json" | LC_ALL=C sort | tr '\n' ';')
[ -n "$got" ] || fail "no alerts"
for w in "1000220 " "1000221 " "1000222 " "1000223 "; do
	case $got in *"$w"*) ;; *) fail "no $w alert: $got" ;; esac
done
# The INFECTED message went to bob and carol: one alert for each
# recipient (mail_recipients.sh), and one for clamav-milter's.
got=$(jq -r 'select(.rule.id == "1000220") | .user.name' "$T/alerts.json" |
    LC_ALL=C sort | tr '\n' ' ')
[ "$got" = "bob carol erin " ] || fail "malware alerts for: $got"
jq -s -e --arg jp "$JP" 'map(select(.rule.id == "1000222"))[0] |
    .threat.indicator.name == $jp and .source.ip == "203.0.113.25"' \
    "$T/alerts.json" > /dev/null || fail "deceptive attachment: $got"
n=$(jq -c 'select(.rule.id == "1000221")' "$T/alerts.json" | wc -l)
[ "$n" -eq 1 ] || fail "$n banned alerts, want 1 (the deceptive one is 1000222)"

# A generated day: the planted messages, no more.
"$B/tools/gen_postfix" -n 20000 -e 40 -s 3 -i eve@evil.example:7 > "$T/day.log"
"$D" -f "$T/etc/detectd.conf" -o "$T/day-alerts.json" \
    -r "postfix:$T/day.log" 2> "$T/detectd.err" || fail "replay of the day"
validate "$T/day-alerts.json"
n=$(jq -c 'select(.rule.id == "1000222")' "$T/day-alerts.json" | wc -l)
[ "$n" -eq 7 ] || fail "$n deceptive attachments, want 7"
n=$(jq -c 'select(.rule.id | startswith("10002"))' "$T/day-alerts.json" | wc -l)
[ "$n" -eq 7 ] || fail "$n mail alerts, want 7"
grep -q "0 parse errors" "$T/detectd.err" || fail "parse errors in the day"
exit 0
