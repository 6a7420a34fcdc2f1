# The endpoint identity table across a restart of the daemon: a DHCP
# lease learned before SIGTERM still names the machine behind an
# address after the restart (state directory, file "identity"); a
# broken identity file is reported and ignored, and detectd still runs;
# identity-max takes whole numbers only.
COLLECTOR_LIB=1 . "$TOP/tests/e2e/collector_lib.sh"
confdir
mkdir -p "$L"
cat > "$C" <<EOF2
hostname "sensor-test"
state-dir "$T/state"
ruleset "identity-test"
include "rules.d/proxy-blacklist.rules"
aggregate-window off
identity-max 5000
poll-interval 50ms
state-interval 100ms
input dhcp {
	path "$L/dhcpd.log"
	format dhcpd
}
input proxy {
	path "$L/access.log"
	format squid
}
output alerts {
	type file
	path "$A"
}
EOF2
: > "$L/dhcpd.log"
: > "$L/access.log"
now=$(date +%s)
# c2 N: a request from 10.20.1.15 for a listed C2 domain.
c2() {
	squid_line $((now + $1)) 10.20.1.15 "http://qakbot-c2.example/$1" \
	    >> "$L/access.log"
}
host_of() {	# N: the endpoint host of the alert for request N
	jq -r --arg p "/$1" 'select(.url.original // "" | endswith($p)) |
	    .incident.endpoint.host // "-"' "$A" 2> /dev/null
}
has_alert() { [ -n "$(host_of "$1")" ]; }

start
echo "$(date -u -d @"$now" '+%b %e %H:%M:%S') dhcp1 dhcpd[1234]: DHCPACK on 10.20.1.15 to 00:16:3e:00:01:0f (WS-ALICE) via eth1" \
    >> "$L/dhcpd.log"
sleep 0.5
c2 10
wait_for 10 has_alert 10 || fail "no alert before the restart"
[ "$(host_of 10)" = "ws-alice" ] || fail "before: host $(host_of 10)"
stop
[ -s "$T/state/identity" ] || fail "identity not saved at exit"
grep -q "^detectd-identity 1$" "$T/state/identity" || fail "identity file"

start
c2 20
wait_for 10 has_alert 20 || fail "no alert after the restart"
[ "$(host_of 20)" = "ws-alice" ] ||
    fail "after the restart: host $(host_of 20), the lease was forgotten"
stop

# A broken file: said, ignored, and the daemon runs on.
printf 'not an identity file\n' > "$T/state/identity"
start
c2 30
wait_for 10 has_alert 30 || fail "no alert with a broken identity file"
[ "$(host_of 30)" = "-" ] || fail "host from a broken file: $(host_of 30)"
logged "identity: not an identity file, ignored" || fail "not reported"
stop

# identity-max: a whole number from 1000 up.
for bad in 12 1.5 10KB; do
	sed "s/^identity-max .*/identity-max $bad/" "$C" > "$T/etc/bad.conf"
	"$D" -n -f "$T/etc/bad.conf" 2> "$T/err" && fail "identity-max $bad accepted"
	grep -q "identity-max: expected a whole number" "$T/err" ||
	    fail "identity-max $bad: $(cat "$T/err")"
done
echo ok
