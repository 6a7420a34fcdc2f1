# Helpers of the collector's end-to-end tests (collector_*.sh source this
# file with COLLECTOR_LIB=1).  Run on its own, it is itself a test: the
# input and listen statements and their errors with detectd -n.
#
# Lines are counted exactly: every line written by hits() requests a
# listed C2 domain (rule 1000001) from its own endpoint address, so the
# set of source.ip values in the alerts tells which lines were analysed,
# and the "N lines" statistics tell how many times.
. "$TOP/tests/e2e-lib.sh"
A="$T/alerts.json"
C="$T/etc/detectd.conf"
L="$T/logs"

# cwrite BLOCK [GLOBALS]: a configuration of these tests, with one input
# or listen block, its alerts written to $A.
cwrite() {
	confdir
	cat > "$C" <<EOF
hostname "sensor-test"
state-dir "$T/state"
ruleset "collector-test"
evidence-max 64
include "rules.d/proxy-blacklist.rules"
${2:-}
$1
output alerts {
	type file
	path "$A"
}
EOF
}

# ccfg INPUT-OPTIONS [GLOBALS]: a configuration with one input "proxy"
# following $L/access.log (or $PATHGLOB), fast timers for the tests.
ccfg() {
	mkdir -p "$L"
	cwrite "input proxy {
	path \"${PATHGLOB:-$L/access.log}\"
	format squid
	rotate-wait ${ROTATE_WAIT:-1s}
	partial-wait 1s
	${1:-}
}" "poll-interval 50ms
state-interval 100ms
rescan-interval 1s
${2:-}"
}

# lcfg PORT: a configuration with one listener "sys" on 127.0.0.1:PORT,
# UDP and TCP, with the options in $LOPTS.
lcfg() {
	cwrite "listen sys {
	udp \"127.0.0.1:$1\"
	tcp \"127.0.0.1:$1\"
	format squid
	${LOPTS:-}
}"
}

# shift_logs: access.log.N becomes access.log.N+1, as logrotate does.
shift_logs() {
	for _k in 8 7 6 5 4 3 2 1; do
		[ -e "$L/access.log.$_k" ] &&
		    mv "$L/access.log.$_k" "$L/access.log.$((_k + 1))"
	done
	return 0
}

# hits FROM TO FILE: append lines FROM..TO, each from endpoint number N;
# lines FROM TO: the same on standard output.
lines() {
	awk -v f="$1" -v t="$2" 'BEGIN {
		for (i = f; i <= t; i++)
			printf "%d.000 10 10.%d.%d.%d TCP_MISS/200 10 GET " \
			    "http://qakbot-c2.example/x - HIER_DIRECT/" \
			    "203.0.113.5 -\n", 1773136000 + i, \
			    int(i / 65536), int(i / 256) % 256, i % 256
	}'
}
hits() { lines "$1" "$2" >> "$3"; }

# writer FROM TO: hits FROM..TO in batches of 50 lines, in the
# background ($wpid).
writer() {
	(
		_i=$1
		while [ "$_i" -le "$2" ]; do
			hits "$_i" $((_i + 49)) "$L/access.log"
			_i=$((_i + 50))
			sleep 0.01
		done
	) &
	wpid=$!
}

# ip N: the endpoint address of line N.
ip() {
	echo "10.$(($1 / 65536)).$(($1 / 256 % 256)).$(($1 % 256))"
}

# Distinct lines analysed (alerts of rule 1000001), and alerts in all;
# grep rather than jq: these run in every wait_for.
ips() {
	[ -f "$A" ] || return 0
	LC_ALL=C grep -F '"rule":{"id":"1000001"' "$A" |
	    LC_ALL=C grep -o '"source":{"ip":"[0-9.]*"' | cut -d'"' -f6
}
seen() { ips | sort -u | wc -l; }
alerts() { ips | wc -l; }
seen_at_least() { [ "$(seen)" -ge "$1" ]; }

# expect_lines FROM TO: every line FROM..TO was analysed.
# (grep, not jq: a SIGKILL may leave the alert file with a cut record.)
expect_lines() {
	ips | sort -u > "$T/got"
	awk -v f="$1" -v t="$2" 'BEGIN { for (i = f; i <= t; i++)
	    printf "10.%d.%d.%d\n", int(i / 65536), int(i / 256) % 256,
	    i % 256 }' | sort -u > "$T/want"
	comm -23 "$T/want" "$T/got" > "$T/missing"
	[ ! -s "$T/missing" ] ||
	    fail "lines not analysed: $(head -n 5 "$T/missing" | tr '\n' ' ')"
}

# start: run the daemon in the foreground, its log in $T/d.log (appended
# over restarts); stop: SIGTERM and wait for a clean exit.
start() {
	echo "--- start" >> "$T/d.log"
	_n=$(grep -c "^--- start" "$T/d.log")
	"$D" -d -f "$C" 2>> "$T/d.log" &
	pid=$!
	wait_for 10 started_n "$_n" ||
	    fail "daemon did not start: $(tail -n 5 "$T/d.log")"
}
started_n() { [ "$(grep -c "started, following" "$T/d.log")" -ge "$1" ]; }
stop() {
	kill -TERM "$pid"
	wait "$pid" || fail "exit status $? on SIGTERM"
	pid=
}
crash() {
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	pid=
}
# lstart CONFIG-FUNCTION: a listener's daemon on a port picked at random
# from a high range (again if it is taken): CONFIG-FUNCTION PORT writes
# the configuration; $port is the port.
lstart() {
	_tries=0
	while :; do
		port=$(awk -v s="$$$_tries" \
		    'BEGIN { srand(s); print 20000 + int(rand() * 40000) }')
		"$1" "$port"
		echo "--- start" >> "$T/d.log"
		_ls=$(grep -c "^--- start" "$T/d.log")
		"$D" -d -f "$C" 2>> "$T/d.log" &
		pid=$!
		wait_for 10 eval 'started_n $_ls || ! kill -0 $pid' ||
		    fail "daemon did not start"
		started_n "$_ls" && return 0
		wait "$pid"
		pid=
		tail -n 3 "$T/d.log" | grep -q "in use" ||
		    fail "listener failed: $(tail -n 3 "$T/d.log")"
		_tries=$((_tries + 1))
		[ "$_tries" -lt 5 ] || fail "no free port"
	done
}
cleanup() { [ -n "${pid:-}" ] && kill -KILL "$pid" 2>/dev/null; }
trap cleanup EXIT

# fill_until_paused N FROM MAX OUT: after the alert file was pointed at
# /dev/full and reopened, lines FROM.. one at a time until the inputs
# paused for the Nth time; each line's alert either reached OUT (the
# reopen had not happened yet) or is held.  The next line is $k.
paused_n() { [ "$(grep -c "inputs paused" "$T/d.log")" -ge "$1" ]; }
fill_until_paused() {
	k=$2 _fp_n=$1 _fp_out=$4
	while ! paused_n "$_fp_n"; do
		[ "$k" -le "$3" ] || fail "inputs not paused (time $_fp_n)"
		hits "$k" "$k" "$L/access.log"
		wait_for 10 eval 'paused_n $_fp_n ||
		    grep -q "\"ip\":\"$(ip $k)\"" "$_fp_out"' ||
		    fail "line $k neither written nor held"
		k=$((k + 1))
	done
}

# logged PATTERN: the daemon said it (extended regexp).
logged() { grep -Eq "$1" "$T/d.log"; }

# lines_read: the sum of the "proxy: N lines" totals logged at each exit
# (not those of SIGUSR1); the lines may be led by their time.
lines_read() {
	awk '/exiting on signal/ { x = 1 }
	    x && match($0, /proxy: [0-9]+ lines/) {
		s += substr($0, RSTART + 7, RLENGTH - 13); x = 0 }
	    END { print s + 0 }' "$T/d.log"
}

[ "${COLLECTOR_LIB:-0}" = 1 ] && return 0

# As a test of its own: the statements check, and bad ones are named.
ccfg 'rotated "access.log.*"
	start-at beginning
	catch-up-gzip yes
	follow-symlinks yes' 'inotify no
listen sys {
	udp "127.0.0.1:5514"
	tcp "[::1]:5514"
	format squid
	idle-timeout 10m
	max-connections 1000
	max-connections-per-peer 10
}'
"$D" -n -f "$C" > "$T/out" 2>&1 || fail "good configuration: $(cat "$T/out")"
grep -q "configuration OK" "$T/out" || fail "no OK"
ccfg 'start-at middle
	rotate-wait soon
	follow-symlinks perhaps
	color blue' 'state-interval 1ms
listen a {
	udp "localhost:514"
	format squid
}
listen b {
	format squid
}
listen c {
	udp "127.0.0.1:514"
	path "/x"
	format squid
}
listen d {
	tcp "127.0.0.1:514"
	format squid
	idle-timeout 10ms
	max-connections 0
}
listen e {
	tcp "127.0.0.1:514"
	format squid
	max-connections 10
	max-connections-per-peer 20
}'
"$D" -n -f "$C" > "$T/out" 2>&1 && fail "bad configuration accepted"
cat "$T/out"
grep -q "start-at: expected end or beginning, found 'middle'" "$T/out" ||
    fail "start-at"
grep -q "rotate-wait: expected a time" "$T/out" || fail "rotate-wait"
grep -q "expected yes or no, found 'perhaps'" "$T/out" ||
    fail "follow-symlinks"
grep -q "input proxy: unknown option 'color'" "$T/out" || fail "unknown"
grep -q "state-interval: expected a time from 100ms" "$T/out" ||
    fail "state-interval"
grep -q "listen a: udp 'localhost:514': expected a numeric address" \
    "$T/out" || fail "listen address"
grep -q "listen b: needs udp or tcp" "$T/out" || fail "listen without"
grep -q "listen c: unknown option 'path'" "$T/out" || fail "listen path"
grep -q "idle-timeout: expected off or a time from 1s" "$T/out" ||
    fail "idle-timeout"
grep -q "max-connections: expected a whole number from 1" "$T/out" ||
    fail "max-connections"
grep -q "listen e: max-connections-per-peer 20 is over max-connections" \
    "$T/out" || fail "per peer over the total"
echo ok
