# Exit codes of detectd(8): 0 when all went well, 1 for an error of
# configuration, files or outputs, 2 when a replayed file is not what
# its format says (no events, or more parse errors than
# replay-max-errors).  And the repository's etc/detectd.conf, as it is,
# loads the shipped rules; a configuration without rules is refused.
. "$TOP/tests/e2e-lib.sh"
SQ="$TOP/tests/data/squid/sample.log"
CB="$TOP/tests/data/squid-combined/access.log"

# code EXPECTED COMMAND...: run it, its stderr in $T/err.
code() {
	_want=$1; shift
	"$@" > "$T/out" 2> "$T/err"
	_rc=$?
	[ "$_rc" -eq "$_want" ] || { cat "$T/err"; fail "exit $_rc, not $_want: $*"; }
}

# From the checkout, with no copy: rules.d/ is found beside the file.
cd "$T"
code 0 "$D" -n -f "$TOP/etc/detectd.conf"
grep -q "configuration OK" "$T/out" || fail "-n said no OK"
n=$(sed -n 's/.*: \([0-9]*\) rules, .*/\1/p' "$T/err")
[ "${n:-0}" -gt 40 ] || fail "etc/detectd.conf loaded ${n:-no} rules"

# No rules: refused for -n and for a replay, unless allow-empty.
printf 'include "nothing.d/*.rules"\n' > "$T/empty.conf"
code 1 "$D" -n -f "$T/empty.conf"
grep -q "empty.conf: no rules loaded" "$T/err" || fail "no reason given"
code 1 "$D" -f "$T/empty.conf" -r "squid:$SQ" -o -
printf 'allow-empty\ninclude "nothing.d/*.rules"\n' > "$T/allow.conf"
code 0 "$D" -n -f "$T/allow.conf"

confdir
C="$T/etc/detectd.conf"
code 0 "$D" -f "$C" -r "squid:$SQ" -o "$T/a.json"
# Combined lines read as Squid: mostly parse errors.
code 2 "$D" -f "$C" -r "squid:$CB" -o "$T/b.json"
grep -q "did not parse as squid, more than replay-max-errors 50%" \
    "$T/err" || fail "no reason for exit 2"
# The same file in its own format.
code 0 "$D" -f "$C" -r "squid-combined:$CB" -o "$T/b.json"
# A file without one event (here empty), among good ones.
: > "$T/empty.log"
code 2 "$D" -f "$C" -r "squid:$SQ" -r "squid:$T/empty.log" -o "$T/c.json"
grep -q "empty.log: no events in 0 lines read as squid" "$T/err" ||
    fail "no reason for the empty file"
# The good file's alerts are still written.
[ "$(wc -l < "$T/c.json")" -eq 4 ] || fail "alerts lost beside a bad file"
# The share is the configuration's: 100% lets the combined file pass
# (one of its lines happens to parse), 0% fails the sample's two bad lines.
echo "replay-max-errors 100%" >> "$C"
code 0 "$D" -f "$C" -r "squid:$CB" -o "$T/d.json"
sed -i 's/^replay-max-errors .*/replay-max-errors 0%/' "$C"
code 2 "$D" -f "$C" -r "squid:$SQ" -o "$T/d.json"
sed -i 's/^replay-max-errors .*/replay-max-errors 120%/' "$C"
code 1 "$D" -n -f "$C"
grep -q "replay-max-errors takes a share from 0% to 100%" "$T/err" ||
    fail "bad share accepted"
sed -i '/^replay-max-errors/d' "$C"
# Errors: a missing file, a broken configuration.
code 1 "$D" -f "$C" -r "squid:$T/missing.log" -o "$T/e.json"
echo "colour red" >> "$C"
code 1 "$D" -n -f "$C"
echo ok
