# The campaign's LAN without the attack: no composite alert at all.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
"$B/tools/gen_campaign" -b -n 200 -o "$T/bg" || fail "gen_campaign"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" \
    -r "dhcpd:$T/bg/dhcp.log" -r "windows:$T/bg/dc.log" \
    -r "windows:$T/bg/endpoint.log" -r "iptables:$T/bg/fw.log" \
    -r "bind:$T/bg/dns.log" -r "squid:$T/bg/proxy.log" 2> "$T/log" ||
    fail "replay"
n=$(jq -c 'select(.incident.viewpoint.analyzer == "composite")' \
    "$T/alerts.json" | wc -l)
[ "$n" -eq 0 ] || fail "$n composite alerts on background: $(jq -c \
    'select(.incident.viewpoint.analyzer == "composite") |
    [.rule.id, .incident.composite.summary]' "$T/alerts.json" | head -3)"
exit 0
