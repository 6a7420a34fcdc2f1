# The training exercise's attachment, 見積もり用写真.xlsxs.exe ("photos
# for the quotation"), in every source that names a file, in each
# encoding that source writes non-ASCII names in: the mail relay
# (amavis, raw UTF-8), Zeek files.log (TSV raw, TSV with Zeek's \xHH
# escapes, JSON with \u escapes; over HTTP and over SMTP), Zeek
# http.log (a percent-encoded URI), Suricata fileinfo (\u escapes),
# Squid (a percent-encoded URL path; Content-Disposition with RFC 8187
# filename*), Sysmon 1, 11 and 15 (NXLog raw UTF-8, Winlogbeat \u
# escapes; Sysmon 15 names the Zone.Identifier stream after the file).
# Each file gives its rule's alert, with the name decoded back to the
# same UTF-8 as the indicator.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
JP='見積もり用写真.xlsxs.exe'
PCT='%E8%A6%8B%E7%A9%8D%E3%82%82%E3%82%8A%E7%94%A8%E5%86%99%E7%9C%9F.xlsxs.exe'
XHH='\xe8\xa6\x8b\xe7\xa9\x8d\xe3\x82\x82\xe3\x82\x8a\xe7\x94\xa8\xe5\x86\x99\xe7\x9c\x9f.xlsxs.exe'
UJS='\u898b\u7a4d\u3082\u308a\u7528\u5199\u771f.xlsxs.exe'
tab=$(printf '\t')
# (printf '%s\n', not echo: dash's echo would take the backslashes.)
out() { printf '%s\n' "$@"; }

out "Mar 10 09:05:01 mx1 amavis[3]: (00003-01) Blocked BANNED (multipart/mixed | application/x-msdownload,.exe,.exe-ms,$JP) {DiscardedInbound,Quarantined}, [192.0.2.66]:40123 [192.0.2.66] <eve@evil.example> -> <alice@corp.example>, Queue-ID: 4BQ0M52ZtTz9sV1, size: 48213, 90 ms" > "$T/mail.log"
touch -d 2026-03-10T12:00:00Z "$T/mail.log"

files_tsv() {	# NAME SOURCE
	out '#separator \x09' "#set_separator$tab," "#empty_field$tab(empty)" \
	    "#unset_field$tab-" "#path${tab}files" \
	    "#fields${tab}ts${tab}fuid${tab}uid${tab}id.orig_h${tab}id.orig_p${tab}id.resp_h${tab}id.resp_p${tab}source${tab}mime_type${tab}filename${tab}seen_bytes" \
	    "#types${tab}time${tab}string${tab}string${tab}addr${tab}port${tab}addr${tab}port${tab}string${tab}string${tab}string${tab}count" \
	    "1773133500.000000${tab}F1${tab}C1${tab}10.1.2.3${tab}50000${tab}203.0.113.9${tab}80${tab}$2${tab}application/x-dosexec${tab}$1${tab}73802"
}
files_tsv "$JP" HTTP > "$T/files-raw.log"
files_tsv "$XHH" SMTP > "$T/files-xhh.log"
out "{\"ts\":1773133500.0,\"fuid\":\"F2\",\"uid\":\"C2\",\"id.orig_h\":\"10.1.2.3\",\"id.orig_p\":50001,\"id.resp_h\":\"203.0.113.9\",\"id.resp_p\":80,\"source\":\"HTTP\",\"mime_type\":\"application/x-dosexec\",\"filename\":\"$UJS\",\"seen_bytes\":73802}" > "$T/files.json"
out '#separator \x09' "#set_separator$tab," "#empty_field$tab(empty)" \
    "#unset_field$tab-" "#path${tab}http" \
    "#fields${tab}ts${tab}uid${tab}id.orig_h${tab}id.orig_p${tab}id.resp_h${tab}id.resp_p${tab}method${tab}host${tab}uri${tab}status_code" \
    "#types${tab}time${tab}string${tab}addr${tab}port${tab}addr${tab}port${tab}string${tab}string${tab}string${tab}count" \
    "1773133500.000000${tab}C3${tab}10.1.2.3${tab}50002${tab}203.0.113.9${tab}80${tab}GET${tab}files.example.jp${tab}/share/$PCT${tab}200" \
    > "$T/http.log"
out "{\"timestamp\":\"2026-03-10T09:05:10.000000+0000\",\"event_type\":\"fileinfo\",\"src_ip\":\"203.0.113.9\",\"src_port\":80,\"dest_ip\":\"10.1.2.4\",\"dest_port\":49711,\"proto\":\"TCP\",\"app_proto\":\"http\",\"http\":{\"hostname\":\"dl.example\",\"url\":\"/get?id=5\"},\"fileinfo\":{\"filename\":\"/get/$UJS\",\"size\":1000}}" > "$T/eve.json"
out "1773133500.000    120 10.1.2.5 TCP_MISS/200 73802 GET http://files.example.jp/$PCT - HIER_DIRECT/203.0.113.5 application/octet-stream" \
    "1773133501.000    120 10.1.2.6 TCP_MISS/200 73802 GET http://dl.example.net/get?id=5 - HIER_DIRECT/203.0.113.7 application/octet-stream attachment;%20filename=%22photos.xlsx%22;%20filename*=UTF-8''$PCT" \
    > "$T/proxy.log"
DL='C:\\Users\\yamada\\Downloads'
nx() {	# TIME ID JSON-MEMBERS
	out "{\"EventTime\":\"2026-03-10 $1\",\"Hostname\":\"ws1.corp.example\",\"EventID\":$2,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",$3}"
}
{
	nx 09:06:01 1 "\"Image\":\"$DL\\\\$JP\",\"CommandLine\":\"$JP\",\"User\":\"CORP\\\\yamada\""
	nx 09:06:02 15 "\"Image\":\"C:\\\\Windows\\\\explorer.exe\",\"TargetFilename\":\"$DL\\\\$JP:Zone.Identifier\",\"Hash\":\"SHA256=00\""
} > "$T/sysmon-nxlog.json"
out "{\"@timestamp\":\"2026-03-10T09:06:03Z\",\"winlog\":{\"event_id\":11,\"channel\":\"Microsoft-Windows-Sysmon/Operational\",\"computer_name\":\"ws2.corp.example\",\"event_data\":{\"Image\":\"C:\\\\Program Files\\\\Microsoft Office\\\\root\\\\Office16\\\\OUTLOOK.EXE\",\"TargetFilename\":\"$DL\\\\$UJS\"}}}" \
    > "$T/sysmon-beat.json"

"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" \
    -r "postfix:$T/mail.log" -r "zeek:$T/files-raw.log" \
    -r "zeek:$T/files-xhh.log" -r "zeek-json:$T/files.json" \
    -r "zeek:$T/http.log" -r "suricata:$T/eve.json" \
    -r "squid:$T/proxy.log" -r "windows:$T/sysmon-nxlog.json" \
    -r "windows:$T/sysmon-beat.json" 2> "$T/detectd.err" || fail "replay"
cat "$T/detectd.err"
validate "$T/alerts.json"
got=$(jq -r 'select(.threat.indicator.name == "'"$JP"'" and
    (.rule.id | startswith("1000"))) |
    "\(.log.file.path | split("/") | last) \(.rule.id) \(.threat.indicator.matched.field)"' \
    "$T/alerts.json" | LC_ALL=C sort | uniq)
want="eve.json 1000212 file.name
files-raw.log 1000212 file.name
files-xhh.log 1000212 file.name
files.json 1000212 file.name
http.log 1000212 url.path
mail.log 1000222 file.name
proxy.log 1000212 file.name
proxy.log 1000212 url.path
sysmon-beat.json 1000211 file.name
sysmon-nxlog.json 1000210 process.executable
sysmon-nxlog.json 1000211 file.name"
[ "$got" = "$want" ] || fail "the Japanese name by source:
$got
all: $(jq -c '[.rule.id, .threat.indicator.name, .log.file.path]' "$T/alerts.json")"
exit 0
