# The daemon follows its input from the end, survives rotation and
# truncation, reloads rules on SIGHUP (keeping the old set when the new
# one is broken), and exits cleanly on SIGTERM.
. "$TOP/tests/e2e-lib.sh"
daemon_files
hit() {	# EPOCH ENDPOINT DOMAIN
	squid_line "$1" "10.20.1.$2" "http://$3/x" >> "$LOG"
}
sed -i 's|^max-line.*|&\npoll-interval 50ms|' "$C"
# Each C2 line gives one alert of rule 1000001; composite rules may add
# their own (the same C2 seen from several endpoints), counted apart.
c2_alerts() {
	[ -f "$A" ] && [ "$(grep -c '"rule":{"id":"1000001"' "$A")" -ge "$1" ]
}
hit 1773136000 1 qakbot-c2.example		# before start: not read
daemon_start
logged() { grep -q "$1" "$T/daemon.log"; }

hit 1773136001 2 qakbot-c2.example
wait_for 10 c2_alerts 1 || fail "no alert for an appended line"
hit 1773136002 3 www.example.com
hit 1773136003 4 api.c2relay.example
wait_for 10 c2_alerts 2 || fail "second alert"

# Rotation by rename and create.
mv "$LOG" "$LOG.1"
hit 1773136004 5 qakbot-c2.example			# new file
printf '1773136005.000 10 10.20.1.6 TCP_MISS/200 10 GET http://qakbot-c2.example/late - HIER_DIRECT/1.2.3.4 -\n' >> "$LOG.1"
wait_for 10 c2_alerts 4 || fail "lines lost across rotation"

# Copytruncate.
: > "$LOG"
hit 1773136006 7 qakbot-c2.example
wait_for 10 c2_alerts 5 || fail "lines lost after truncation"

# A broken rule set on reload: kept running with the old one.
echo 'rule 9 { name "x" ' > "$T/etc/rules.d/zz-broken.rules"
kill -HUP $pid
wait_for 10 logged "keeping the running configuration" ||
    fail "broken reload not reported"
kill -0 $pid || fail "daemon died on a broken reload"
hit 1773136007 8 qakbot-c2.example
wait_for 10 c2_alerts 6 || fail "old rules stopped working"

# A good reload adds a new indicator.
rm "$T/etc/rules.d/zz-broken.rules"
echo "brand-new-c2.example	added during the test" >> \
    "$T/etc/rules.d/lists/c2-domains.txt"
kill -HUP $pid
wait_for 10 logged "reloaded $C" || fail "good reload not reported"
hit 1773136008 9 x.brand-new-c2.example
wait_for 10 c2_alerts 7 || fail "new indicator not used after reload"

kill -TERM $pid
wait $pid || fail "exit status $? on SIGTERM"
trap - EXIT
validate "$A"
n=$(grep -c '"rule":{"id":"1000001"' "$A")
[ "$n" -eq 7 ] || fail "expected exactly 7 alerts of rule 1000001, got $n"
others=$(grep -v '"rule":{"id":"1000001"' "$A" | jq -r '.incident.viewpoint.name' | sort -u)
[ -z "$others" ] || [ "$others" = "composite" ] ||
    fail "unexpected other alerts: $others"
grep '"rule":{"id":"1000001"' "$A" | jq -r '.source.ip' | sort | tr '\n' ' ' > "$T/ips"
[ "$(cat "$T/ips")" = "10.20.1.2 10.20.1.4 10.20.1.5 10.20.1.6 10.20.1.7 10.20.1.8 10.20.1.9 " ] ||
    fail "unexpected alerts: $(cat "$T/ips")"
echo ok
