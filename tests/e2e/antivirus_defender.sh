# Windows Defender through the Windows parser, in NXLog's shape and
# Winlogbeat's: a detection (1116, rule 1000230), a remediation that
# failed (1117 with an error code, 1000231, critical) beside one that
# worked (quiet), real-time protection off (5001) and an exclusion
# added (5007) (1000232, critical) beside a harmless setting change.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"
CH='Microsoft-Windows-Windows Defender/Operational'
nx() {	# SECOND ID DATA
	printf '{"EventTime":"2026-03-10 09:00:%02d","Hostname":"ws1.corp.example","EventID":%s,"Channel":"%s",%s}\n' "$1" "$2" "$CH" "$3"
}
wb() {
	printf '{"@timestamp":"2026-03-10T09:00:%02dZ","winlog":{"event_id":%s,"channel":"%s","computer_name":"ws2.corp.example","event_data":{%s}}}\n' "$1" "$2" "$CH" "$3"
}
det() {	# ACTION CODE
	printf '"Threat Name":"Trojan:Win32/Wacatac.B!ml","Severity ID":"5","Category Name":"Trojan","Detection User":"CORP\\\\alice","Process Name":"C:\\\\Windows\\\\explorer.exe","Path":"file:_C:\\\\Users\\\\alice\\\\Downloads\\\\%s","Action Name":"%s","Error Code":"%s","Error Description":"x"' "見積もり用写真.xlsxs.exe" "$1" "$2"
}
for shape in nx wb; do
	{
		$shape 1 1116 "$(det 'Not Applicable' 0x00000000)"
		$shape 2 1117 "$(det Quarantine 0x00000000)"
		$shape 3 1117 "$(det Quarantine 0x80508023)"
		$shape 4 5001 '"Product Name":"Microsoft Defender Antivirus"'
		$shape 5 5007 '"Old Value":"","New Value":"HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Exclusions\\Paths\\C:\\Users\\Public = 0x0"'
		$shape 6 5007 '"Old Value":"","New Value":"HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\SignatureUpdateInterval = 0x4"'
	} > "$T/$shape.json"
	"$D" -f "$T/etc/detectd.conf" -o "$T/$shape-alerts.json" \
	    -r "windows:$T/$shape.json" 2> "$T/detectd.err" || fail "replay $shape"
	cat "$T/detectd.err"
	validate "$T/$shape-alerts.json"
	got=$(jq -r 'select(.rule.id | startswith("100023")) |
	    "\(.rule.id) \(.incident.importance)"' "$T/$shape-alerts.json" |
	    sort | tr '\n' ';')
	want="1000230 high;1000231 critical;1000232 critical;1000232 critical;"
	[ "$got" = "$want" ] || fail "$shape: $got"
done
exit 0
