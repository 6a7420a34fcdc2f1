# The analyst's commands: -h and --version, -l (rules with their file,
# line and state, filtered by id, tag or text) and -t (a line's fields,
# the rules that match it and on what, why an asked rule does not).
# The examples of detectd(8)'s "Tuning a rule" run as they are written.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
cat > "$T/etc/rules.d/zz-local.rules" <<'RULES'
disable 1000106
suppress {
	rules 1000002
	until 2099-01-01
}
suppress {
	rules 1000001
	endpoint 10.99.7.7
}
RULES
LINE='1773136805.009 3012 10.20.1.22 TCP_TUNNEL/200 48211 CONNECT update-check.badcdn.example:443 - HIER_DIRECT/203.0.113.66 -'

"$D" -h > "$T/out" 2>&1 || fail "-h exited $?"
grep -q "^usage: detectd" "$T/out" || fail "-h: no usage"
grep -q "squid" "$T/out" || fail "-h: no formats"
"$D" --version > "$T/out" 2>&1 || fail "--version exited $?"
grep -qx "detectd [0-9][0-9.]*" "$T/out" || fail "--version: $(cat "$T/out")"
"$D" -x > "$T/out" 2>&1 && fail "unknown option accepted"
grep -q "^usage:" "$T/out" || fail "no usage on a bad option"
"$D" -n -f "$C" extra > /dev/null 2>&1 && fail "-n took an argument"
"$D" -l -i 1000001 -f "$C" > /dev/null 2>&1 && fail "-i without -t"

# -l: every rule, then filters.
"$D" -f "$C" -l > "$T/all" 2> "$T/err" || fail "-l exited $?: $(cat "$T/err")"
head -n 1 "$T/all" | grep -q "^id	uuid	analyzer	source	state	name$" ||
    fail "-l: header"
n=$("$D" -n -f "$C" 2>&1 | sed -n 's/.*: \([0-9]*\) rules,.*/\1/p')
[ "$(($(wc -l < "$T/all") - 1))" -eq "$n" ] || fail "-l: not $n rules"
row() { awk -F '\t' -v id="$1" '$1 == id' "$T/all"; }
row 1000001 | grep -q "	match	$T/etc/rules.d/proxy-blacklist.rules:[0-9]*	suppressed in part ($T/etc/rules.d/zz-local.rules:6)	Proxy request to a known C2 domain$" ||
    fail "-l: row of 1000001: $(row 1000001)"
row 1000002 | grep -q "	suppressed until 2099-01-02T00:00:00.000Z	" ||
    fail "-l: row of 1000002: $(row 1000002)"
row 1000106 | grep -q "	disabled	" || fail "-l: row of 1000106"
row 1000003 | grep -q "	enabled	" || fail "-l: row of 1000003"
"$D" -f "$C" -l 1000003 2> /dev/null > "$T/out"
[ "$(wc -l < "$T/out")" -eq 2 ] || fail "-l ID: $(cat "$T/out")"
"$D" -f "$C" -l t1071.001 2> /dev/null | cut -f 1 > "$T/out"
grep -qx 1000001 "$T/out" || fail "-l TECHNIQUE: no 1000001"
grep -qx 1000020 "$T/out" && fail "-l TECHNIQUE: 1000020 too"
"$D" -f "$C" -l LOG4SHELL 2> /dev/null | cut -f 1 | grep -qx 1000020 ||
    fail "-l TEXT: no 1000020"
"$D" -f "$C" -l no-such-thing > "$T/out" 2>&1 && fail "-l: empty filter exit 0"
grep -q "no rule has that id, tag or text" "$T/out" || fail "-l: no message"

# -t: fields, the rules that match and why the asked ones do not.
"$D" -f "$C" -t squid -i 1000020 -i 1000106 "$LINE" > "$T/out" 2> "$T/err" ||
    fail "-t exited $?: $(cat "$T/err")"
grep -q "^    destination.domain  *update-check.badcdn.example$" "$T/out" ||
    fail "-t: no fields: $(cat "$T/out")"
grep -q "^    @timestamp  *2026-03-10T10:00:05.009Z$" "$T/out" || fail "-t: time"
grep -qx "    1000001 \[match\] Proxy request to a known C2 domain" "$T/out" ||
    fail "-t: 1000001 not matched"
grep -qx '        destination.domain in list c2-domains "update-check.badcdn.example"' "$T/out" ||
    fail "-t: what matched"
grep -q "^    1000020 Log4Shell.*failed: it is \"update-check.badcdn.example:443\"$" "$T/out" ||
    fail "-t: why not 1000020: $(cat "$T/out")"
grep -qx "    1000106 HTTP to a raw IP address: it is disabled" "$T/out" ||
    fail "-t: disabled rule"
# A suppressed hit says so; stdin; a line that does not parse exits 1.
squid_line 1773136805 10.20.1.5 http://files.payload-host.test/a.doc |
    "$D" -f "$C" -t squid - > "$T/out" 2>/dev/null || fail "-t - exited $?"
grep -q "^    1000002 .*(suppressed: no alert)$" "$T/out" ||
    fail "-t: suppression not said: $(cat "$T/out")"
printf '%s\nnot a squid line\n' "$LINE" | "$D" -f "$C" -t squid > "$T/out" 2>&1 &&
    fail "-t: a bad line exit 0"
grep -q "^line 2: not a squid line" "$T/out" || fail "-t: line 2 not shown"
grep -q "^  not a squid line: " "$T/out" || fail "-t: no parse error"
"$D" -f "$C" -t nosuch "$LINE" > /dev/null 2>&1 && fail "-t: unknown format"
"$D" -f "$C" -t squid -i 999 "$LINE" > "$T/out" 2>&1 && fail "-t: unknown id"
grep -q "no such rule" "$T/out" || fail "-t: no message for an unknown id"

# detectd(8)'s examples, run as written on this configuration.
printf '%s\n' "$LINE" > "$T/access.log"
sed -n '/^\.Ss Tuning a rule/,/^\.Sh/p' "$TOP/man/detectd.8" |
    sed -n 's/^\$ //p' > "$T/examples"
[ "$(wc -l < "$T/examples")" -ge 4 ] || fail "examples not found"
while IFS= read -r ex; do
	cmd=$(printf '%s' "$ex" | sed -e "s|detectd |\"$D\" -f \"$C\" |" \
	    -e "s|/var/log/squid/access.log|$T/access.log|")
	sh -c "$cmd" > "$T/exout" 2> "$T/err" || fail "example failed: $ex: $(cat "$T/err")"
done < "$T/examples"
# The output the page shows is what the explain example prints.
sed -n '/^\.Ss Tuning a rule/,/^\.Sh/p' "$TOP/man/detectd.8" |
    grep -E '^    1000001 |^        destination.domain' > "$T/shown"
ex=$(grep -- '-t squid -i' "$T/examples" | sed -e "s|detectd |\"$D\" -f \"$C\" |")
sh -c "$ex" 2> /dev/null > "$T/exout"
while IFS= read -r l; do
	grep -qxF -- "$l" "$T/exout" || fail "man page shows '$l', not printed"
done < "$T/shown"
echo ok
