# Shared helpers for the end-to-end tests.  Each test runs with
#   B    the build directory (absolute), with detectd and the tools
#   TOP  the repository
#   T    an empty temporary directory of its own
set -u
D="$B/detectd"
SCHEMA="$TOP/schema/alert.schema.json"
export DETECTD_NOW=1773273600000	# 2026-03-12T00:00:00Z, fixed event.created

fail() {
	echo "FAIL: $*"
	exit 1
}

# alone NAME: wait until no other test that called "alone NAME" in this
# run is running, and hold the turn until this test ends.  The Kafka
# tests take it: each runs a mock cluster and daemons whose group
# rebalances slow down, past their bounds, when three run at once on a
# machine of two cores.  E2E_LOCKS is the runner's directory of turns.
alone() {
	[ -n "${E2E_LOCKS:-}" ] || return 0
	exec 9> "$E2E_LOCKS/$1.lock"
	flock 9
}

# A configuration directory laid out as installed: $T/etc/detectd.conf
# and $T/etc/rules.d/.  DETECTD_TEST_WORKERS=N (when the whole of a test
# is run so by hand) adds "workers N": the same test on worker threads.
confdir() {
	sh "$TOP/scripts/confdir.sh" "$T/etc"
	sed -i -e "s|\"/var/lib/detectd\"|\"$T/state\"|" \
	    -e "s|\"/var/log/detectd/alerts.json\"|\"$T/alerts.json\"|" \
	    -e "s|\"/var/log/squid/access.log\"|\"$T/access.log\"|" \
	    -e "s|^#hostname.*|hostname \"sensor-test\"|" \
	    "$T/etc/detectd.conf"
	if [ -n "${DETECTD_TEST_WORKERS:-}" ]; then
		echo "workers $DETECTD_TEST_WORKERS" >> "$T/etc/detectd.conf"
	fi
	mkdir -p "$T/state"
}

# The files of a test of the running daemon: the configuration
# directory, and C its configuration, LOG the Squid log it follows and
# A the alerts it writes.
daemon_files() {
	confdir
	C="$T/etc/detectd.conf"
	LOG="$T/access.log"
	A="$T/alerts.json"
}

# daemon_start: detectd -d on $C in the background, its log in
# $T/daemon.log and its pid in $pid (killed at exit); back once it
# follows its input.
daemon_start() {
	# Emptied here, not by the redirection: that opens the file in the
	# child, maybe after the wait below has read an earlier daemon's
	# "started" in it.
	: > "$T/daemon.log"
	"$D" -d -f "$C" 2>> "$T/daemon.log" &
	pid=$!
	trap 'kill $pid 2>/dev/null' EXIT
	wait_for 10 grep -q "started, following 1 inputs" "$T/daemon.log" ||
	    fail "daemon did not start: $(cat "$T/daemon.log")"
}

# squid_line EPOCH CLIENT URL [USER]: a Squid native line, a GET of URL.
squid_line() {
	printf '%s.000 10 %s TCP_MISS/200 10 GET %s %s HIER_DIRECT/203.0.113.5 -\n' \
	    "$1" "$2" "$3" "${4:--}"
}

# squid_lines FIRST LAST: Squid lines FIRST to LAST, each a hit on a C2
# domain from an endpoint of its own, so that each makes an alert (rule
# 1000001) of its own.
squid_lines() {
	_i=$1
	while [ "$_i" -le "$2" ]; do
		squid_line $((1773136000 + _i)) \
		    "10.30.$((_i / 200)).$((_i % 200 + 1))" \
		    "http://qakbot-c2.example/p$_i"
		_i=$((_i + 1))
	done
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	_n=$(($1 * 10)); shift
	while [ "$_n" -gt 0 ]; do
		if "$@"; then return 0; fi
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

lines_at_least() {
	[ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ]
}

validate() {
	"$B/tests/tools/schemacheck" "$SCHEMA" "$@" || fail "schema: $*"
}

# expect_same EXPECTED ACTUAL: compare alert files whole.
expect_same() {
	if ! cmp -s "$1" "$2"; then
		diff -u "$1" "$2" | head -n 40
		fail "$2 differs from $1"
	fi
}

# dc_logon TIME USER IP WORKSTATION: a network logon (4624) of
# CORP\USER from WORKSTATION at IP on the domain controller, on
# 2026-03-10 at TIME, as NXLog writes it: what the identity table
# joins a mail recipient to their endpoint with.
dc_logon() {
	printf '{"EventTime":"2026-03-10 %s","Hostname":"dc1.corp.example","EventID":4624,"Channel":"Security","TargetUserName":"%s","TargetDomainName":"CORP","IpAddress":"%s","IpPort":"50000","WorkstationName":"%s","LogonType":"3"}\n' "$1" "$2" "$3" "$4"
}
