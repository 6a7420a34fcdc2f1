# A reload says what changed and nothing else: no input line when the
# inputs are the same; one line per input added, removed or changed,
# with its file:line, since inputs are kept until a restart.
. "$TOP/tests/e2e-lib.sh"
daemon_files
sed -i 's|^max-line.*|&\npoll-interval 50ms|' "$C"
: > "$LOG"
daemon_start
reloads=0
reload() {
	reloads=$((reloads + 1))
	kill -HUP $pid
	wait_for 10 sh -c "[ \$(grep -c 'reloaded ' '$T/daemon.log') -ge $reloads ]" ||
	    fail "reload $reloads not done: $(tail -n 5 "$T/daemon.log")"
}
reload
grep -q "inputs are kept" "$T/daemon.log" && fail "the old notice is back"
grep -q "reload: input" "$T/daemon.log" && fail "reload: an input line with nothing changed"

# A new path for proxy, and a new input.
sed -i "s|\"$T/access.log\"|\"$T/other.log\"|" "$C"
cat >> "$C" <<CONF
input dns {
	path "$T/dns.log"
	format bind
}
CONF
reload
grep -q "reload: input proxy ($C:[0-9]*): path changed; the input is kept as it was opened until a restart" "$T/daemon.log" ||
    fail "changed input not said: $(grep 'reload: input' "$T/daemon.log")"
grep -q "reload: input dns ($C:[0-9]*) is new: restart to open it" "$T/daemon.log" ||
    fail "new input not said"
# The dns input goes again (never opened: nothing to say); proxy's path
# stays changed until a restart, and is said again.
sed -i '/^input dns {/,/^}/d' "$C"
reload
[ "$(grep -c 'reload: input proxy .*path changed' "$T/daemon.log")" -eq 2 ] ||
    fail "a change not applied is not said at each reload"
[ "$(grep -c 'reload: input' "$T/daemon.log")" -eq 3 ] ||
    fail "reload input lines: $(grep 'reload: input' "$T/daemon.log")"
# Renamed: a new one, and the one followed no longer configured.
sed -i "s|^input proxy {|input web {|" "$C"
reload
grep -q "reload: input proxy is no longer configured; it is followed until a restart" \
    "$T/daemon.log" || fail "removed input not said"
grep -q "reload: input web (.*) is new" "$T/daemon.log" || fail "renamed"
# Back as they were opened: nothing to say.
sed -i -e "s|^input web {|input proxy {|" \
    -e "s|\"$T/other.log\"|\"$T/access.log\"|" "$C"
reload
[ "$(grep -c 'reload: input' "$T/daemon.log")" -eq 5 ] ||
    fail "reload input lines: $(grep 'reload: input' "$T/daemon.log")"
kill -TERM $pid
wait $pid || fail "exit status $?"
trap - EXIT
echo ok
