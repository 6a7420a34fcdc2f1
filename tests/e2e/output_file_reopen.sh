# The file output after logrotate renamed it: SIGUSR2 (and SIGHUP) open
# the path anew; until then alerts go on into the renamed file.
. "$TOP/tests/e2e-lib.sh"
daemon_files
hit() {	# N
	squid_line $((1773138000 + $1 * 1000)) "10.32.0.$1" \
	    http://qakbot-c2.example/f >> "$LOG"
}
count() { grep -c '"rule":{"id":"1000001"' "$1" 2>/dev/null; }
at_least() { [ "$(count "$1")" -ge "$2" ]; }
sed -i 's|^max-line.*|&\npoll-interval 50ms|' "$C"
: > "$LOG"
"$D" -d -f "$C" 2> "$T/daemon.log" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
wait_for 10 grep -q "started, following" "$T/daemon.log" ||
    fail "daemon did not start: $(cat "$T/daemon.log")"
hit 1
wait_for 10 at_least "$A" 1 || fail "first alert"
mv "$A" "$A.1"
hit 2
wait_for 10 at_least "$A.1" 2 || fail "alert lost after the rename"
[ ! -e "$A" ] || fail "reopened without a signal"
kill -USR2 $pid
wait_for 10 test -e "$A" || fail "not reopened on SIGUSR2"
hit 3
wait_for 10 at_least "$A" 1 || fail "alert after SIGUSR2"
mv "$A" "$A.2"
kill -HUP $pid
wait_for 10 test -e "$A" || fail "not reopened on SIGHUP"
hit 4
wait_for 10 at_least "$A" 1 || fail "alert after SIGHUP"
kill -TERM $pid
wait $pid || fail "exit status $?"
trap - EXIT
[ "$(count "$A.1")" -eq 2 ] && [ "$(count "$A.2")" -eq 1 ] &&
    [ "$(count "$A")" -eq 1 ] || fail "alerts in the wrong files"
cat "$A.1" "$A.2" "$A" > "$T/all.json"
validate "$T/all.json"
echo ok
