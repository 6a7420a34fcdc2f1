# Deceptive file names wherever a file name appears (rules 1000210-
# 1000212): a Sysmon 1 image, Sysmon 11 and 15 target names, a URL path
# through the proxy (percent-escaped Japanese), the Content-Disposition
# of a proxy reply (Squid's log_mime_hdrs, a logformat's extra field,
# RFC 8187 filename* in Japanese, in Squid native and combined), a
# Suricata fileinfo name; a document extension, misspelled, before an
# executable one (見積もり用写真.xlsxs.exe), a right-to-left override, a
# run of spaces.  The ordinary names beside them (an installer, a PDF,
# svchost, a PDF download by Content-Disposition) stay quiet.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
nx() {	# TIME ID JSON-MEMBERS
	printf '{"EventTime":"%s","Hostname":"ws1.corp.example","EventID":%s,"Channel":"Microsoft-Windows-Sysmon/Operational",%s}\n' "$1" "$2" "$3"
}
JP='見積もり用写真.xlsxs.exe'
JPESC='%E8%A6%8B%E7%A9%8D%E3%82%82%E3%82%8A%E7%94%A8%E5%86%99%E7%9C%9F.xlsxs.exe'
DL='C:\\Users\\yamada\\Downloads'
{
	nx "2026-03-10 09:00:01" 11 "\"Image\":\"C:\\\\Program Files\\\\Microsoft Office\\\\root\\\\Office16\\\\OUTLOOK.EXE\",\"TargetFilename\":\"$DL\\\\$JP\",\"User\":\"CORP\\\\yamada\""
	nx "2026-03-10 09:00:02" 1 "\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\",\"Image\":\"$DL\\\\$JP\",\"CommandLine\":\"\\\"$DL\\\\$JP\\\"\",\"User\":\"CORP\\\\yamada\""
	nx "2026-03-10 09:00:03" 15 "\"Image\":\"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\",\"TargetFilename\":\"$DL\\\\invoice\\u202Efdp.scr\",\"Hash\":\"SHA256=00\""
	nx "2026-03-10 09:00:04" 1 "\"ParentImage\":\"C:\\\\Windows\\\\explorer.exe\",\"Image\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\",\"CommandLine\":\"svchost.exe -k netsvcs\""
	nx "2026-03-10 09:00:05" 11 "\"Image\":\"C:\\\\Windows\\\\explorer.exe\",\"TargetFilename\":\"$DL\\\\setup.x64.exe\""
	nx "2026-03-10 09:00:06" 11 "\"Image\":\"C:\\\\Windows\\\\explorer.exe\",\"TargetFilename\":\"$DL\\\\minutes.pdf\""
} > "$T/sysmon.json"
{
	echo "1773133200.000    120 10.1.2.3 TCP_MISS/200 73802 GET http://files.example.jp/share/%E8%A6%8B%E7%A9%8D.pdf.exe - HIER_DIRECT/203.0.113.5 application/octet-stream"
	echo "1773133201.000    120 10.1.2.3 TCP_MISS/200 73802 GET http://dl.example.com/Firefox%20Setup%20120.0.1.exe - HIER_DIRECT/203.0.113.6 application/octet-stream"
	# Content-Disposition: the URL says nothing, the reply's name does.
	echo "1773133202.000    120 10.1.2.5 TCP_MISS/200 73802 GET http://dl.example.net/get?id=5 - HIER_DIRECT/203.0.113.7 application/octet-stream attachment;%20filename=%22report.pdf%22;%20filename*=UTF-8''$JPESC"
	echo "1773133203.000    120 10.1.2.6 TCP_MISS/200 73802 GET http://dl.example.net/get?id=6 - HIER_DIRECT/203.0.113.7 application/octet-stream [Host: dl.example.net%0D%0A] [HTTP/1.1 200 OK%0D%0AContent-Disposition: attachment; filename=\"minutes.doc                .scr\"%0D%0A]"
	echo "1773133204.000    120 10.1.2.7 TCP_MISS/200 73802 GET http://dl.example.net/get?id=7 - HIER_DIRECT/203.0.113.7 application/pdf attachment;%20filename=%22minutes.pdf%22"
} > "$T/proxy.log"
echo "10.1.2.8 - - [10/Mar/2026:09:00:05 +0000] \"GET http://dl.example.org/dl?f=9 HTTP/1.1\" 200 9000 \"-\" \"Mozilla/5.0\" TCP_MISS:HIER_DIRECT \"attachment; filename=\\\"orders.pdf\\\"; filename*=utf-8'ja'%E6%B3%A8%E6%96%87%E6%9B%B8.pdf.exe\"" > "$T/combined.log"
echo '{"timestamp":"2026-03-10T09:00:10.000000+0000","event_type":"fileinfo","src_ip":"203.0.113.9","src_port":80,"dest_ip":"10.1.2.4","dest_port":49711,"proto":"TCP","direction":"to_client","app_proto":"http","http":{"hostname":"dl.example","url":"/get?id=5","http_method":"GET","status":200},"fileinfo":{"filename":"/get/invoice.pdf               .exe","size":1000}}' > "$T/eve.json"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" -r "windows:$T/sysmon.json" \
    -r "squid:$T/proxy.log" -r "squid-combined:$T/combined.log" \
    -r "suricata:$T/eve.json" 2> "$T/detectd.err" || fail "replay"
cat "$T/detectd.err"
validate "$T/alerts.json"
got=$(jq -r 'select(.rule.id | startswith("100021")) |
    "\(.rule.id)|\(.threat.indicator.name)|\(.threat.indicator.matched.field)"' \
    "$T/alerts.json" | LC_ALL=C sort)
want="1000210|$JP|process.executable
1000211|invoice[U+202E]fdp.scr|file.name
1000211|$JP|file.name
1000212|invoice.pdf               .exe|file.name
1000212|minutes.doc                .scr|file.name
1000212|注文書.pdf.exe|file.name
1000212|見積.pdf.exe|url.path
1000212|$JP|file.name"
[ "$got" = "$want" ] || fail "deceptive names:
$got"
jq -s -e 'map(select(.rule.id == "1000210"))[0].event.reason |
    contains("a document extension before an executable one")' \
    "$T/alerts.json" > /dev/null || fail "reason"
exit 0
