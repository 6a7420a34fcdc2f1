# The syslog listener's bounds.  300 TCP connections that each send one
# byte and nothing more do not lock a real sender out: connections are
# bounded per peer and in total, a new one takes the place of the one
# idle longest, and idle ones are closed after idle-timeout; each
# refusal and closing is counted.  UDP datagrams the kernel drops while
# the daemon does not read (stopped with SIGSTOP) are counted, so that
# messages + drops = datagrams sent.  Needs bash for /dev/tcp.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
command -v bash > /dev/null || { echo "skipped: no bash"; exit 77; }
LOPTS='idle-timeout 5s
	max-connections 256
	max-connections-per-peer 32'
lstart lcfg
S="$T/state/stats.json"
# st KEY: a listener count from a fresh stats.json.
st() {
	rm -f "$S"
	kill -USR1 "$pid"
	wait_for 10 test -s "$S" || fail "no stats.json"
	jq -r ".inputs[0].listener.$1" "$S"
}
st_at_least() { [ "$(st "$1")" -ge "$2" ]; }

# 300 connections, one byte each (the start of an octet count), held
# open by one bash until the test ends.
bash -c 'trap "" PIPE
for i in $(seq 300); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$1" || continue
	printf 1 >&$fd
done
echo opened > "$2"
sleep 60' _ "$port" "$T/held" 2> /dev/null &
hpid=$!
trap 'kill $hpid 2>/dev/null; cleanup' EXIT
wait_for 20 test -s "$T/held" || fail "idle connections not opened"
held() {
	[ $(($(st connections) + $(st refused) + $(st refused_peer))) -ge 300 ]
}
wait_for 20 held || fail "the 300 connections not all seen"
sleep 1.2		# all idle for over a second: they may give way

# A real sender: its lines are analysed.  A refused one may retry.
lines 1 20 > "$T/real"
n=0
while ! seen_at_least 20; do
	n=$((n + 1))
	[ "$n" -le 5 ] || fail "a real sender locked out: $(seen) of 20"
	bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && cat >&3" \
	    < "$T/real" 2> /dev/null
	wait_for 2 seen_at_least 20
done
[ "$(st refused_peer)" -gt 0 ] || fail "no refusal per peer counted"
[ "$(st evicted)" -gt 0 ] || fail "no connection closed for another"
# The idle ones are closed after idle-timeout (5s), and counted.
wait_for 20 st_at_least timeouts 31 || fail "idle: $(st timeouts) closed"
[ "$(st frame_errors)" -ge 31 ] || fail "cut frames: $(st frame_errors)"

# UDP: 3000 datagrams while the daemon is stopped; most are dropped.
lines 1001 4000 > "$T/flood"
m0=$(st messages)
kill -STOP "$pid"
bash -c 'exec 3>"/dev/udp/127.0.0.1/$1"
while IFS= read -r l; do printf "%s" "$l" >&3; done' _ "$port" \
    < "$T/flood"
kill -CONT "$pid"
# The count comes with the next datagram: probes until all are told.
sent=3000
told() {
	[ $(($(st messages) - m0 + $(st udp_drops))) -eq "$sent" ] &&
	    return 0
	sent=$((sent + 1))
	lines 5000 5000 | bash -c "cat > /dev/udp/127.0.0.1/$port"
	return 1
}
wait_for 20 told || fail "messages $(st messages), drops $(st udp_drops)"
[ "$(st udp_drops)" -gt 0 ] || fail "no drop counted"
stop
grep -q "listen sys: .* refused per peer, [0-9]* closed idle" "$T/d.log" ||
    fail "counts not logged"
echo ok
