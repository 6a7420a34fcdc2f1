# The webhook examples of detectd.conf(5) (TheHive, Jira, Splunk, and
# the section's first) pass detectd -n as they are written there.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
cp "$C" "$T/base.conf"
# The literal blocks of the page that are webhook output blocks, one a file.
awk -v dir="$T" '
	/^\.Bd -literal/ { lit = 1; n++; next }
	/^\.Ed/ { lit = 0; next }
	lit && /^output [a-z]+ \{/ { out = dir "/example." n; keep[n] = 1 }
	lit && keep[n] { print > out }
' "$TOP/man/detectd.conf.5"
count=0
for f in "$T"/example.*; do
	grep -q "type webhook" "$f" || continue
	cp "$T/base.conf" "$C"
	cat "$f" >> "$C"
	"$D" -n -v -f "$C" > "$T/out" 2>&1 ||
	    fail "$(head -n 1 "$f"): $(cat "$T/out")"
	count=$((count + 1))
done
for kind in thehive jira splunk-hec; do
	cat "$T"/example.* | grep -q "payload $kind" ||
	    fail "no example of payload $kind"
done
[ "$count" -ge 4 ] || fail "only $count webhook examples found"
echo ok
