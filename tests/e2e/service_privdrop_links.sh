# Started as root with `user nobody`, detectd makes its state, spool and
# alert files for nobody, so that its webhook delivers after the drop;
# it never writes through a link nobody planted (a state file's
# temporary copy, a spool segment, the spool directory, the alert file),
# and it refuses directories of the wrong owner or mode, naming what
# they should be.  Needs root: skipped otherwise.
. "$TOP/tests/e2e-lib.sh"
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: planting links for root to follow needs root"
	exit 77
fi
daemon_files
U=nobody
G=$(id -gn nobody)
chmod 755 "$T"
chown "$U" "$T/state"
# The alert directory is the user's, as LogsDirectory= makes it.
mkdir "$T/out"
chown "$U" "$T/out"
A="$T/out/alerts.json"
sed -i "s|\"$T/alerts.json\"|\"$A\"|" "$C"
printf 'user %s\ngroup %s\nstats-interval off\npoll-interval 50ms\n' \
    "$U" "$G" >> "$C"
echo ok > "$T/ctl"
"$B/tests/tools/httpsink" -P "$T/port" -o "$T/recv.json" -c "$T/ctl" &
sink=$!
pid=
trap 'kill $sink 2>/dev/null; [ -z "$pid" ] || kill $pid 2>/dev/null' EXIT
wait_for 5 test -s "$T/port" || fail "httpsink did not start"
cat >> "$C" <<EOF
output hook {
	type webhook
	url "http://127.0.0.1:$(cat "$T/port")/alerts"
	retry-min 100ms
	drain-timeout 1s
}
EOF
victim() {	# NAME: a file of root's that nobody may not write
	printf 'precious\n' > "$T/victim.$1"
	chmod 644 "$T/victim.$1"
}
intact() {
	[ "$(cat "$T/victim.$1")" = precious ] ||
	    fail "$1: written through a planted link"
}
# plant TARGET LINK: a link made by nobody, as the service user would.
plant() {
	ln -s "$1" "$2"
	chown -h "$U" "$2"
}
# refused MESSAGE: a start that stops at once, saying so.
refused() {
	timeout 20 "$D" -d -f "$C" > "$T/start.log" 2>&1 &&
	    fail "started with $1"
	grep -q "$1" "$T/start.log" ||
	    fail "no message '$1': $(cat "$T/start.log")"
}

# The state file's temporary copy, linked by nobody to a file of root's.
victim state
plant "$T/victim.state" "$T/state/collector.state.tmp"
: > "$LOG"
"$D" -d -f "$C" 2> "$T/daemon.log" &
pid=$!
wait_for 10 grep -qs "started, following 1 inputs" "$T/daemon.log" ||
    fail "daemon did not start: $(cat "$T/daemon.log")"
grep -q "running as user $U" "$T/daemon.log" || fail "no drop logged"
squid_line 1773136001 10.20.1.1 http://qakbot-c2.example/x >> "$LOG"
wait_for 15 grep -qs '"rule":{"id":"1000001"' "$T/recv.json" ||
    fail "the webhook did not deliver after the drop: $(cat "$T/daemon.log")"
intact state
[ -L "$T/state/collector.state.tmp" ] && fail "the planted link is left"
for f in "$T/state/spool-hook" "$T/state/spool-hook/"*.seg \
    "$T/state/spool-hook/head" "$A"; do
	[ "$(stat -c %U "$f")" = "$U" ] ||
	    fail "$f belongs to $(stat -c %U "$f"), not $U"
done
[ "$(stat -c %a "$T/state/spool-hook")" = 700 ] || fail "spool mode"
kill -TERM $pid
wait $pid || fail "exit status $?"
pid=

# Records refused (400) go to rejected.json: a link there, planted for
# a replay run by root, is not written through.
victim rej
plant "$T/victim.rej" "$T/state/spool-hook/rejected.json"
echo reject > "$T/ctl"
squid_line 1773136002 10.20.1.2 http://qakbot-c2.example/y > "$T/r.log"
"$D" -f "$C" -r "squid:$T/r.log" 2> "$T/replay.log"
grep -q "output hook: $T/state/spool-hook/rejected.json is a symbolic link" \
    "$T/replay.log" || fail "rejected.json: $(cat "$T/replay.log")"
intact rej
rm "$T/state/spool-hook/rejected.json"
echo ok > "$T/ctl"

# A spool segment linked to a file of root's.
victim seg
plant "$T/victim.seg" "$T/state/spool-hook/00000000000000000099.seg"
refused "spool-hook: 00000000000000000099.seg is a symbolic link"
intact seg
rm "$T/state/spool-hook/00000000000000000099.seg"
# The alert file, in the user's directory, linked to a file of root's.
victim alerts
mv "$A" "$T/alerts.kept"
plant "$T/victim.alerts" "$A"
refused "output alerts: $A is a symbolic link"
intact alerts
rm "$A"
mv "$T/alerts.kept" "$A"
# One of root's is the administrator's: followed.
ln -s "$A" "$T/out/root-link.json"
sed -i "s|\"$A\"|\"$T/out/root-link.json\"|" "$C"
squid_line 1773136003 10.20.1.3 http://qakbot-c2.example/z > "$T/r3.log"
"$D" -f "$C" -r "squid:$T/r3.log" 2> "$T/replay.log" ||
    fail "a link of root's refused: $(cat "$T/replay.log")"
grep -q '"ip":"10.20.1.3"' "$A" || fail "not written through root's link"
sed -i "s|\"$T/out/root-link.json\"|\"$A\"|" "$C"
# The spool directory itself a link.
mv "$T/state/spool-hook" "$T/spool.real"
plant "$T/spool.real" "$T/state/spool-hook"
refused "spool: $T/state/spool-hook is a symbolic link"
rm "$T/state/spool-hook"
mv "$T/spool.real" "$T/state/spool-hook"
# Wrong owners and modes.
chown root "$T/state/spool-hook"
refused "spool: $T/state/spool-hook belongs to root:.* with mode 0700: it must belong to $U"
chown "$U" "$T/state/spool-hook"
chmod 777 "$T/state"
refused "state-dir: $T/state belongs to $U:.* with mode 0777: it must belong to $U"
chmod 750 "$T/state"
chmod 777 "$T/out"
refused "output alerts: $T/out belongs to $U:.* with mode 0777: it must belong to $U or root"
chmod 750 "$T/out"
# Put right, it starts again.
"$D" -d -f "$C" 2> "$T/daemon2.log" &
pid=$!
wait_for 10 grep -qs "started, following 1 inputs" "$T/daemon2.log" ||
    fail "daemon did not start again: $(cat "$T/daemon2.log")"
kill -TERM $pid
wait $pid || fail "exit status $?"
pid=
echo ok
