# The shipped rules on hand-written logs: a Squid log with one request
# for each proxy check (and near misses), and Windows events (NXLog and
# Winlogbeat JSON) for PsExec.  A test profile and suppressions are added
# to rules.d as an analyst would.  Each expected rule fires, nothing else
# does, and every alert validates against the schema.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
cp "$TOP/tests/data/rules/match-profile.rules" \
    "$TOP/tests/data/rules/exe-sites.txt" \
    "$TOP/tests/data/rules/site-categories.txt" "$T/etc/rules.d/"
"$D" -n -f "$C" > "$T/out" 2>&1 || fail "rules rejected: $(cat "$T/out")"

ids() {
	jq -r 'select(.rule.id | startswith("10")) | .rule.id' "$1" | sort |
	    tr '\n' ' '
}

"$D" -f "$C" -r "squid:$TOP/tests/data/rules/proxy.log" -o "$T/proxy.json" \
    2> "$T/err" || fail "proxy replay exited $?: $(cat "$T/err")"
validate "$T/proxy.json"
got=$(ids "$T/proxy.json")
# The ProxyShell request also reaches an internal server on a port the
# profile does not list (1000102).
want="1000003 1000004 1000020 1000022 1000023 1000024 1000101 1000102 \
1000105 1000106 1000107 1000108 1000109 1000110 "
[ "$got" = "$want" ] || fail "proxy: got '$got', want '$want'"
[ "$(jq -r '.rule.id' "$T/proxy.json" | grep -c '^10')" -eq 14 ] ||
    fail "proxy: an alert too many"
# Each alert says what its condition matched: the substring of a regex,
# the listed indicator of a list test.
m() { jq -c "select(.rule.id == \"$1\") | .incident.matched" "$T/proxy.json"; }
[ "$(m 1000020)" = '[{"field":"url.original","operator":"~","value":"${jndi"}]' ] ||
    fail "regex match not said: $(m 1000020)"
[ "$(m 1000004)" = '[{"field":"destination.ip","operator":"in list c2-ips","value":"192.0.2.66"}]' ] ||
    fail "list match not said: $(m 1000004)"
[ "$(m 1000101)" = null ] || fail "a profile rule lists a match: $(m 1000101)"
# The profile rules say why with the value and the profile.
jq -r 'select(.rule.id == "1000101") | .incident.reason' "$T/proxy.json" |
    grep -q "CN is not among the usual countries of profile test-hq" ||
    fail "no analyzer reason for the country rule"

"$D" -f "$C" -r "windows:$TOP/tests/data/rules/windows.json" \
    -o "$T/win.json" 2> "$T/err" ||
    fail "windows replay exited $?: $(cat "$T/err")"
validate "$T/win.json"
got=$(ids "$T/win.json")
want="1000010 1000011 1000012 1000013 1000014 "
[ "$got" = "$want" ] || fail "windows: got '$got', want '$want'"

# A disabled rule is quiet; a catastrophic regex is survived.
cat > "$T/etc/rules.d/zz-local.rules" <<'RULES'
disable 1000106
rule 9000001 {
	name "catastrophic pattern"
	viewpoint known-attack
	stage c2
	sources proxy
	condition url.original ~ "(a+)+$"
}
RULES
{
	i=0
	while [ $i -lt 20 ]; do
		printf '1773136900.000 10 10.30.1.5 TCP_MISS/200 10 GET http://x.example/%s! - HIER_DIRECT/198.51.100.11 -\n' \
		    "$(head -c 3000 /dev/zero | tr '\0' a)"
		i=$((i + 1))
	done
	cat "$TOP/tests/data/rules/proxy.log"
} > "$T/evil.log"
timeout 60 "$D" -f "$C" -r "squid:$T/evil.log" -o "$T/evil.json" \
    2> "$T/err" || fail "catastrophic replay exited $?: $(cat "$T/err")"
got=$(ids "$T/evil.json")
want="1000003 1000004 1000020 1000022 1000023 1000024 1000101 1000102 \
1000105 1000107 1000108 1000109 1000110 "
[ "$got" = "$want" ] || fail "local: got '$got', want '$want'"
jq -r '.rule.id' "$T/evil.json" | grep -q 9000001 &&
    fail "the catastrophic pattern matched"
echo ok
