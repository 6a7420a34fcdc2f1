# Outputs never stall detection for a target that drops: an unreachable
# UDP syslog receiver (ECONNREFUSED) drops and counts by default, and
# delivery resumes within seconds once it listens; a TCP receiver or a
# full disk with "policy drop" do the same.  Every line is analysed and
# written to the file output meanwhile.
. "$TOP/tests/e2e-lib.sh"
daemon_files
K="$B/tests/tools/syslogsink"
sed -i 's|^max-line.*|&\npoll-interval 50ms\nstats-interval off|' "$C"
# A free UDP port, with nothing listening on it.
"$K" -P "$T/udp.port" -o "$T/udp.txt" &
s=$!
wait_for 5 test -s "$T/udp.port" || fail "sink did not start"
kill $s
wait $s 2>/dev/null
P=$(cat "$T/udp.port")
# lines FIRST LAST: one alert each, from an endpoint of its own.
lines() { squid_lines "$1" "$2" >> "$LOG"; }
alerts() { [ -f "$A" ] && [ "$(grep -c '"rule":{"id":"1000001"' "$A")" -ge "$1" ]; }
stat() { jq -r "$1" "$T/state/stats.json"; }
start() {
	rm -f "$T/state/stats.json" "$T/daemon.log"
	"$D" -d -f "$C" 2> "$T/daemon.log" &
	pid=$!
	wait_for 10 grep -qs "started, following 1 inputs" "$T/daemon.log" ||
	    fail "daemon did not start: $(cat "$T/daemon.log")"
}
stats() {
	kill -USR1 $pid
	wait_for 10 test -s "$T/state/stats.json" || fail "no stats.json"
}
stop() {
	kill -TERM $pid
	wait $pid || fail "exit status $?"
}

cat >> "$C" <<EOF
output siem {
	type syslog
	address "udp://127.0.0.1:$P"
}
EOF
: > "$LOG"
start
trap 'kill $pid $s 2>/dev/null' EXIT
lines 1 1000
wait_for 30 alerts 1000 ||
    fail "detection stalled: $(grep -c '"rule":{"id":"1000001"' "$A") of 1000 alerts"
stats
[ "$(stat '.outputs[] | select(.name == "siem") | .dropped')" -gt 0 ] ||
    fail "drops not counted: $(stat '.outputs')"
grep -q "output siem: send to 127.0.0.1:$P (policy drop: .*): Connection refused" \
    "$T/daemon.log" || fail "drop not logged: $(cat "$T/daemon.log")"
# Once an episode: a datagram that got through before its refusal came
# back ends one.
[ "$(grep -c 'output siem: send to' "$T/daemon.log")" -le \
    $(($(grep -c 'output siem: sending again' "$T/daemon.log") + 1)) ] ||
    fail "logged more than once an episode: $(grep 'output siem' "$T/daemon.log")"
# The receiver comes up: delivery resumes within the capped back-off.
"$K" -P "$T/udp.port2" -p "$P" -o "$T/udp.txt" &
s=$!
wait_for 5 test -s "$T/udp.port2" || fail "sink did not start again"
n=1001
got() { [ -s "$T/udp.txt" ]; }
while ! got && [ $n -le 1040 ]; do
	lines $n $n
	n=$((n + 1))
	sleep 0.5
done
got || fail "delivery did not resume"
grep -q "output siem: sending again ([0-9]* alerts dropped meanwhile)" \
    "$T/daemon.log" || fail "recovery not logged"
stop
kill $s

# TCP to a closed port and a full disk, both with policy drop.
sed -i '/^output siem {/,$d' "$C"
cat >> "$C" <<EOF
output siem {
	type syslog
	address "tcp://127.0.0.1:$P"
	policy drop
}
output full {
	type file
	path "/dev/full"
	policy drop
}
EOF
"$D" -n -f "$C" > /dev/null || fail "policy drop refused"
: > "$A"
start
lines 2001 2500
wait_for 30 alerts 500 ||
    fail "detection stalled: $(grep -c '"rule":{"id":"1000001"' "$A") of 500 alerts"
stats
for o in siem full; do
	[ "$(stat ".outputs[] | select(.name == \"$o\") | .dropped")" -gt 0 ] ||
	    fail "$o: drops not counted: $(stat '.outputs')"
done
stop
trap - EXIT
echo ok
