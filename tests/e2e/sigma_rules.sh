# Sigma rules of our own (tests/data/sigma/rules) over Windows events of
# our own as Winlogbeat and NXLog write them, and Squid, combined, BIND,
# Zeek and iptables lines: the replays give the expected alerts
# (tests/e2e/expected/sigma_*.json, the tree's paths taken off), every
# alert validates against the schema, -n counts what was loaded and
# skipped, and a Sigma rule is disabled and suppressed by its id.
. "$TOP/tests/e2e-lib.sh"
S="$TOP/tests/data/sigma"
E="$S/events"

# As installed: rules.d holds the shipped mapping, found beside the file.
confdir
printf 'sigma "%s/rules" { license "DRL-1.1" }\n' "$S" \
    > "$T/etc/rules.d/zz-sigma.rules"
"$D" -n -f "$T/etc/detectd.conf" > "$T/n.out" 2>&1 ||
    fail "rules rejected: $(cat "$T/n.out")"
cat "$T/n.out"
grep -q "sigma: 13 rules loaded from 16 files, 2 skipped, 1 filters applied" \
    "$T/n.out" || fail "-n totals"
grep -q "correlation" "$T/n.out" && fail "-n: the correlation rule skipped"
grep -q "skipped 1: status below the minimum" "$T/n.out" ||
    fail "-n: the experimental rule"
grep -q "windows/broken.yml:4:1: not YAML: " "$T/n.out" ||
    fail "-n: the broken file's position"
# -l sigma lists the Sigma rules loaded, by their id and file.
"$D" -f "$T/etc/detectd.conf" -l sigma 2> /dev/null > "$T/l.out"
[ "$(tail -n +2 "$T/l.out" | wc -l)" -eq 13 ] || fail "-l sigma: $(cat "$T/l.out")"
tail -n +2 "$T/l.out" | awk -F '\t' '$1 != $2 || $4 !~ /\.yml:[0-9]+$/' |
    grep -q . && fail "-l sigma: uuid or file: $(cat "$T/l.out")"

cat > "$T/c.conf" <<CONF
ruleset "sigma-test"
hostname "sensor-test"
aggregate-window off
sigma "$S/rules" {
	logsources "$TOP/rules/sigma-logsources.conf"
	license "DRL-1.1"
}
CONF

# replay NAME SPEC...: alerts of the replay, compared with the expected.
replay() {
	_name=$1
	shift
	_args=""
	for _s in "$@"; do
		_args="$_args -r $_s"
	done
	# shellcheck disable=SC2086
	"$D" -f "$T/c.conf" $_args -o "$T/$_name.json" 2> "$T/err" ||
	    fail "$_name replay exited $?: $(cat "$T/err")"
	validate "$T/$_name.json"
	sed "s|$TOP/||g" "$T/$_name.json" > "$T/$_name.rel.json"
	expect_same "$TOP/tests/e2e/expected/sigma_$_name.json" \
	    "$T/$_name.rel.json"
}

replay windows "windows:$E/winlogbeat.json" "windows:$E/nxlog.json"
replay network "squid:$E/squid.log" "squid-combined:$E/combined.log" \
    "bind:$E/bind.log" "zeek:$E/zeek-dns.log" "iptables:$E/iptables.log"

# What fired where, in words: each rule on the lines meant for it.
jq -r '[.rule.uuid[-2:], .host.name // .source.ip] | @tsv' \
    "$T/windows.json" "$T/network.json" | tr '\t' ' ' > "$T/fired"
cat > "$T/want" <<WANT
01 WS0001.corp.local
02 WS0002.corp.local
03 WS0002.corp.local
11 WS0003.corp.local
04 WS0003.corp.local
05 WS0003.corp.local
06 DC01.corp.local
01 WS0004.corp.local
02 WS0005.corp.local
10 10.20.1.15
10 10.20.1.17
11 10.20.1.18
13 10.20.1.19
11 10.20.1.19
12 fw1
WANT
expect_same "$T/want" "$T/fired"

# A keyword finds a path in a JSON line, whose escapes are decoded for
# it, and a value over 8 KB with escapes is read whole, as a field of
# the line's own (CurrentDirectory), as an event field (CommandLine)
# and as part of the message.  The payload's file creation (Sysmon 11),
# a PowerShell started with an encoded command behind 20 KB of escaped
# paths, and a process whose long folder ends in the test folder, then
# names the payload (Sysmon 1).
wb() {	# wb EVENT_ID EVENT_DATA
	printf '{"@timestamp":"2026-03-10T11:00:00.000Z","event":{"code":"%s"},' \
	    "$1"
	printf '"winlog":{"channel":"Microsoft-Windows-Sysmon/Operational",'
	printf '"computer_name":"WS0010.corp.local","event_id":%s,' "$1"
	printf '"provider_name":"Microsoft-Windows-Sysmon","event_data":{%s}}}\n' \
	    "$2"
}
pad=$(awk 'BEGIN { for (i = 0; i < 2000; i++) printf "C:\\\\pad\\\\%04d ", i }')
ps='"Image":"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"'
{
	wb 11 '"Image":"C:\\Windows\\explorer.exe","TargetFilename":"C:\\Users\\Public\\detectd-payload.exe"'
	wb 11 '"Image":"C:\\Windows\\explorer.exe","TargetFilename":"C:\\Users\\Public\\other.exe"'
	wb 1 "$ps,\"CommandLine\":\"powershell.exe $pad -enc SQBFAFgA\",\"User\":\"CORP\\\\zoe\""
	wb 1 "$ps,\"CommandLine\":\"powershell.exe -nop\",\"CurrentDirectory\":\"$pad\\\\detectd-dir\\\\\""
	wb 1 "$ps,\"CommandLine\":\"powershell.exe -nop\",\"CurrentDirectory\":\"$pad\\\\other-dir\\\\\",\"Comment\":\"$pad C:\\\\Users\\\\Public\\\\detectd-payload.exe\""
	# A product-only rule reads every channel: a Security 4688.
	printf '{"@timestamp":"2026-03-10T11:00:00.000Z","event":{"code":"4688"},'
	printf '"winlog":{"channel":"Security","computer_name":"WS0010.corp.local",'
	printf '"event_id":4688,"event_data":{"NewProcessName":"C:\\\\Users\\\\zoe\\\\m.exe",'
	printf '"CommandLine":"m.exe \\"kerberos::golden /user:x\\" exit"}}}\n'
} > "$T/decode.json"
[ "$(wc -c < "$T/decode.json")" -gt 60000 ] || fail "decode: the long lines"
"$D" -f "$T/c.conf" -r "windows:$T/decode.json" -o "$T/decode.out" \
    2> "$T/err" || fail "decode replay exited $?: $(cat "$T/err")"
validate "$T/decode.out"
got=$(jq -r '[.rule.uuid[-2:], .log.offset] | @tsv' "$T/decode.out" |
    sort -n -k2 | cut -f1 | tr '\n' ' ')
[ "$got" = "14 02 14 14 15 " ] || fail "decode: got '$got'"
jq -s -e 'map(select(.rule.uuid[-2:] == "02")) | .[0].user.name == "zoe"' \
    "$T/decode.out" > /dev/null || fail "decode: the long line's user"

# Disabled by id, and suppressed by id for one user.
cat >> "$T/c.conf" <<'CONF'
disable 5f0c5a44-61c1-4e46-9d0e-0a1b2c3d4e05
suppress {
	rules 5f0c5a44-61c1-4e46-9d0e-0a1b2c3d4e02
	user erin
}
CONF
"$D" -f "$T/c.conf" -r "windows:$E/winlogbeat.json" \
    -r "windows:$E/nxlog.json" -o "$T/toggled.json" 2> "$T/err" ||
    fail "toggled replay exited $?: $(cat "$T/err")"
got=$(jq -r '.rule.uuid[-2:]' "$T/toggled.json" | tr '\n' ' ')
[ "$got" = "01 02 03 11 04 06 01 " ] || fail "toggled: got '$got'"
# The correlation (Many whoami: 10 in 5 minutes on one computer) fires on
# the tenth whoami of WS0009, not on nine.
burst() {
	_i=0
	while [ $_i -lt "$1" ]; do
		head -n 1 "$E/winlogbeat.json" | sed \
		    -e "s/09:00:00/09:0$((_i / 6)):$((_i % 6))0/g" \
		    -e 's/WS0001/WS0009/; s/ws0001/ws0009/'
		_i=$((_i + 1))
	done
}
burst 10 > "$T/burst10.json"
burst 9 > "$T/burst9.json"
"$D" -f "$T/c.conf" -r "windows:$T/burst10.json" -o "$T/burst10.out" \
    2> "$T/err" || fail "burst replay exited $?: $(cat "$T/err")"
validate "$T/burst10.out"
got=$(jq -r 'select(.rule.uuid[-2:] == "09") | .rule.name' \
    "$T/burst10.out" | sort -u)
[ "$got" = "Many whoami" ] || fail "correlation: got '$got'"
"$D" -f "$T/c.conf" -r "windows:$T/burst9.json" -o "$T/burst9.out" \
    2> "$T/err" || fail "burst replay exited $?: $(cat "$T/err")"
[ -z "$(jq -r 'select(.rule.uuid[-2:] == "09")' "$T/burst9.out")" ] ||
    fail "correlation fired on nine"
echo ok
