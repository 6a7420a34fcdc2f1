# Started as root with `user` and `group` in the configuration, detectd
# opens its inputs and outputs, then runs as that user; an unknown user
# is refused, also by -n.  Needs root: skipped otherwise.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
echo "user detectd-no-such-user" >> "$C"
"$D" -n -f "$C" > "$T/out" 2>&1 && fail "-n accepted an unknown user"
grep -q "user detectd-no-such-user does not exist" "$T/out" ||
    fail "no message for an unknown user: $(cat "$T/out")"
sed -i '$d' "$C"
echo "group detectd-no-such-group" >> "$C"
"$D" -n -f "$C" > "$T/out" 2>&1 && fail "-n accepted a group without a user"
sed -i '$d' "$C"
if [ "$(id -u)" -ne 0 ]; then
	echo "skipped: the privilege drop needs root"
	exit 77
fi
# A throwaway user would need useradd and cleanup: nobody does.
U=nobody
G=$(id -gn nobody)
printf 'user %s\ngroup %s\nstats-interval off\npoll-interval 50ms\n' \
    "$U" "$G" >> "$C"
chmod 755 "$T"
chown "$U" "$T/state"
: > "$T/access.log"
"$D" -d -f "$C" 2> "$T/daemon.log" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
wait_for 10 grep -q "started, following 1 inputs" "$T/daemon.log" ||
    fail "daemon did not start: $(cat "$T/daemon.log")"
grep -q "running as user $U" "$T/daemon.log" || fail "no drop logged"
uid=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
[ "$uid" = "$(id -u $U) $(id -u $U) $(id -u $U) $(id -u $U)" ] ||
    fail "uids are $uid"
gid=$(awk '/^Gid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
[ "$gid" = "$(id -g $U) $(id -g $U) $(id -g $U) $(id -g $U)" ] ||
    fail "gids are $gid"
awk '/^Groups:/' "/proc/$pid/status" | grep -qw 0 && fail "still in group root"
awk '/^CapEff:/ { exit $2 != "0000000000000000" }' "/proc/$pid/status" ||
    fail "capabilities left"
# Still working: the input opened as root is read, alerts written.
squid_line 1773136001 10.20.1.1 http://qakbot-c2.example/x >> "$T/access.log"
wait_for 10 lines_at_least "$T/alerts.json" 1 || fail "no alert after the drop"
kill -USR1 $pid
wait_for 10 test -f "$T/state/stats.json" || fail "no stats after the drop"
[ "$(stat -c %U "$T/state/stats.json")" = "$U" ] || fail "stats not written as $U"
kill -TERM $pid
wait $pid || fail "exit status $?"
trap - EXIT
# A state directory the user cannot write: refused at start.
chown root "$T/state"
chmod 755 "$T/state"
"$D" -d -f "$C" > "$T/out" 2>&1 && fail "started without a writable state directory"
grep -q "state-dir: $T/state belongs to root:root with mode 0755: it must belong to $U" \
    "$T/out" || fail "no message: $(cat "$T/out")"
echo ok
