# Bad input of every kind gets a clear error, is counted, and loses
# nothing else.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"

# A missing input file: one line naming it, exit 1, no alerts written.
"$D" -f "$C" -r "squid:$T/nope.log" -o "$T/a.json" 2> "$T/err" &&
    fail "missing file accepted"
grep -q "$T/nope.log: No such file or directory" "$T/err" ||
    fail "missing file not named: $(cat "$T/err")"

# Missing among good ones: nothing is read before every file is open.
"$D" -f "$C" -r "squid:$TOP/tests/data/squid/sample.log" \
    -r "squid:$T/nope.log" -o "$T/b.json" 2>/dev/null && fail "accepted"
[ ! -s "$T/b.json" ] || fail "alerts written before the missing file"

# An unknown format.
"$D" -f "$C" -r "nosuch:$TOP/tests/data/squid/sample.log" -o - 2> "$T/err" &&
    fail "unknown format accepted"
grep -q "unknown format 'nosuch'" "$T/err" || fail "unknown format message"

# -r without a path, and a bad option.
"$D" -f "$C" -r squid -o - 2>/dev/null && fail "-r squid accepted"
"$D" -x 2>/dev/null && fail "-x accepted"

# A missing configuration file.
"$D" -n -f "$T/none.conf" 2> "$T/err" && fail "missing config accepted"
grep -q "none.conf" "$T/err" || fail "missing config not named"

# An unreadable rule file: a link to nothing (root reads any mode), and
# a file without read permission when not root.
ln -s "$T/nowhere" "$T/etc/rules.d/broken.rules"
"$D" -n -f "$C" 2> "$T/err" && fail "unreadable rule file accepted"
cat "$T/err"
grep -q "broken.rules" "$T/err" || fail "unreadable rule file not named"
rm "$T/etc/rules.d/broken.rules"
if [ "$(id -u)" -ne 0 ]; then
	echo 'rule 1 { }' > "$T/etc/rules.d/secret.rules"
	chmod 000 "$T/etc/rules.d/secret.rules"
	"$D" -n -f "$C" 2> "$T/err" && fail "mode 000 rule file accepted"
	grep -q "secret.rules.*Permission denied" "$T/err" ||
	    fail "permission error not named"
	rm -f "$T/etc/rules.d/secret.rules"
fi
# A directory that matches the glob is not a rule file: it is skipped.
mkdir "$T/etc/rules.d/old.rules"
"$D" -n -f "$C" > /dev/null 2>&1 || fail "a directory in rules.d broke -n"
rmdir "$T/etc/rules.d/old.rules"

# A rule file with syntax errors: every one with file:line:column.
cat > "$T/etc/rules.d/zz-broken.rules" <<'RULES'
rule 9000001 {
	name "unterminated
	viewpoint known-attack
}
}
rule 9000002 {
	name "never closed"
RULES
"$D" -n -f "$C" 2> "$T/err" && fail "broken rules accepted"
cat "$T/err"
grep -q "zz-broken.rules:2:7: unterminated string" "$T/err" ||
    fail "string error position"
grep -q "zz-broken.rules:5:1: " "$T/err" || fail "stray brace"
grep -q "zz-broken.rules:6:[0-9]*: .*not closed" "$T/err" || fail "open block"
# A rule file that parses but means nothing: every error again.
cat > "$T/etc/rules.d/zz-broken.rules" <<'RULES'
rule 9000002 {
	name "bad level"
	viewpoint known-attack
	stage c2
	importance urgent
	condition destination.domain in list no-such-list
}
rule 9000003 {
	name "no viewpoint"
	stage 9
	condition destination.domian == "x"
	countermeasure endpoint reboot
}
RULES
"$D" -n -f "$C" 2> "$T/err" && fail "meaningless rules accepted"
cat "$T/err"
grep -q "zz-broken.rules:5:13: .*urgent" "$T/err" || fail "level error"
grep -q "zz-broken.rules:6:39: .*no-such-list" "$T/err" ||
    fail "unknown list error"
grep -q "zz-broken.rules:10:8: .*stage '9'" "$T/err" || fail "stage error"
grep -q "zz-broken.rules:11:12: .*destination.domian" "$T/err" ||
    fail "unknown field error"
grep -q "zz-broken.rules:12:26: .*reboot" "$T/err" || fail "action error"
grep -q "zz-broken.rules:8:1: .*no viewpoint" "$T/err" ||
    fail "missing viewpoint"
rm "$T/etc/rules.d/zz-broken.rules"

# An empty or missing indicator list is an error naming it.
: > "$T/etc/rules.d/lists/c2-domains.txt"
"$D" -n -f "$C" 2> "$T/err" && fail "empty list accepted"
grep -q "c2-domains" "$T/err" || fail "empty list not named"
rm "$T/etc/rules.d/lists/c2-domains.txt"
"$D" -n -f "$C" 2> "$T/err" && fail "missing list accepted"
grep -q "c2-domains.txt" "$T/err" || fail "missing list not named"
sh "$TOP/scripts/confdir.sh" "$T/etc" && confdir

# The good configuration checks.
"$D" -n -f "$C" > "$T/out" || fail "good configuration rejected"
grep -q "configuration OK" "$T/out" || fail "no 'configuration OK'"

# Garbage in the log: binary bytes, a 10 MB line, NUL bytes, no final
# newline. The good lines around them still alert; the rest is counted.
{
	head -c 100000 /dev/urandom
	printf '\n'
	head -c 10485760 /dev/zero | tr '\0' 'A'
	printf '\n'
	cat "$TOP/tests/data/squid/sample.log"
	head -c 5000 /dev/zero
	printf '\n1773136900.000 10 10.20.1.99 TCP_MISS/200 10 GET http://qakbot-c2.example/x - HIER_DIRECT/1.2.3.4 -'
} > "$T/garbage.log"
# Mostly errors: the replay exits 2 (detectd(8)), its alerts written.
"$D" -f "$C" -r "squid:$T/garbage.log" -o "$T/g.json" 2> "$T/err"
rc=$?
[ $rc -eq 2 ] || fail "garbage replay exited $rc, not 2"
cat "$T/err"
[ "$(wc -l < "$T/g.json")" -eq 5 ] || fail "expected 5 alerts from garbage.log"
validate "$T/g.json"
grep -q "truncated" "$T/err" || fail "no truncated count"
grep -Eq "[1-9][0-9]* truncated" "$T/err" || fail "cut line not counted"
echo ok
