# Windows Defender through the Windows parser, in NXLog's shape and
# Winlogbeat's: a detection (1116, rule 1000230), a remediation that
# failed (1117 with an error code, 1000231, critical) beside one that
# worked (quiet), real-time protection off (5001) and an exclusion
# added (5007) (1000232, critical) beside a harmless setting change.
# Then Sigma rules of category antivirus over the same events and over
# clamd's log: they read only the detections (1006, 1116, 1117 and
# FOUND lines), Signature as the threat's name, Filename as the path.
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

# Sigma, category antivirus: one rule on the threat's name and the
# file's path, one that holds for every line its targets read (so it
# shows which lines those are: no 5001 or 5007, no clean clamd line).
mkdir -p "$T/sigma"
cat > "$T/sigma/av_name.yml" <<'YML'
title: Trojan detected in a download
id: 6b1c9f3e-2d44-4a51-9c1e-0d1f2a3b4c01
status: test
logsource:
    category: antivirus
detection:
    sel:
        Signature|contains: 'Wacatac'
        Filename|contains: '\Downloads\'
    condition: sel
level: high
YML
cat > "$T/sigma/av_any.yml" <<'YML'
title: Any antivirus detection
id: 6b1c9f3e-2d44-4a51-9c1e-0d1f2a3b4c02
status: test
logsource:
    category: antivirus
detection:
    sel:
        Signature|contains: 'no such threat'
    condition: not sel
level: low
YML
cat > "$T/sigma.conf" <<CONF
ruleset "av-sigma"
aggregate-window off
sigma "$T/sigma" { logsources "$TOP/rules/sigma-logsources.conf" }
CONF
{
	echo "Tue Mar 10 14:02:11 2026 -> /home/bob/Downloads/x.exe: Win.Trojan.Wacatac-1 FOUND"
	echo "Tue Mar 10 14:02:12 2026 -> /tmp/a: OK"
	echo "Tue Mar 10 14:02:13 2026 -> /srv/share/y.doc: Doc.Dropper.Agent-2 FOUND"
} > "$T/clamd.log"
"$D" -f "$T/sigma.conf" -o "$T/sigma-alerts.json" -r "windows:$T/nx.json" \
    -r "windows:$T/wb.json" -r "clamd:$T/clamd.log" 2> "$T/detectd.err" ||
    fail "sigma replay: $(cat "$T/detectd.err")"
validate "$T/sigma-alerts.json"
n=$(jq -r 'select(.rule.name == "Any antivirus detection") |
    .winlog.event_id // "clamd"' "$T/sigma-alerts.json" | sort | tr '\n' ' ')
[ "$n" = "1116 1116 1117 1117 1117 1117 clamd clamd " ] ||
    fail "the lines antivirus reads: $n"
n=$(jq -r 'select(.rule.name == "Trojan detected in a download") |
    .winlog.event_id // "clamd"' "$T/sigma-alerts.json" | sort | tr '\n' ' ')
# clamd's path has no backslash: the Windows path does not match it.
[ "$n" = "1116 1116 1117 1117 1117 1117 " ] ||
    fail "Signature and Filename: $n"
exit 0
