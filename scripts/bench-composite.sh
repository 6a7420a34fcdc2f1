#!/bin/sh
# Composite analyzer cost: the campaign scenario at many endpoints
# replayed with the shipped rules, with and without the composite rules
# (rules.d/composite.rules).  The identity table is kept either way: it
# completes every alert's endpoint.  Best of RUNS, one core.
#   COMPOSITE_ENDPOINTS  endpoints (default 100000)
#   COMPOSITE_RATE       proxy requests per endpoint per hour (default 1)
#   RUNS                 runs per figure (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${COMPOSITE_ENDPOINTS:-100000}
RATE=${COMPOSITE_RATE:-1}
RUNS=${RUNS:-3}
dir="$B/bench/composite"
mkdir -p "$dir"
for v in with without; do
	rm -rf "$dir/etc-$v"
	sh "$top/scripts/confdir.sh" "$dir/etc-$v"
	printf 'output null { type file; path "/dev/null" }\n' \
	    >> "$dir/etc-$v/detectd.conf"
done
rm -f "$dir/etc-without/rules.d/composite.rules"
scen="$dir/campaign-$N-$RATE"
[ -s "$scen/proxy.log" ] || "$B/tools/gen_campaign" -n "$N" -r "$RATE" \
    -o "$scen"
lines=$(cat "$scen"/*.log | wc -l)

now() { date +%s%N; }
run() {
	"$B/detectd" -f "$dir/etc-$1/detectd.conf" -o /dev/null \
	    -r "dhcpd:$scen/dhcp.log" -r "windows:$scen/dc.log" \
	    -r "windows:$scen/endpoint.log" -r "iptables:$scen/fw.log" \
	    -r "bind:$scen/dns.log" -r "squid:$scen/proxy.log" \
	    > /dev/null 2>&1
}
best() {
	_best=0
	_i=0
	while [ $_i -lt "$RUNS" ]; do
		_t0=$(now)
		run "$1"
		_t=$(( $(now) - _t0 ))
		if [ $_best -eq 0 ] || [ $_t -lt $_best ]; then _best=$_t; fi
		_i=$((_i + 1))
	done
	echo $_best
}
with=$(best with)
without=$(best without)
echo "composite: campaign at $N endpoints, $lines lines, best of $RUNS"
printf '  %-34s %8d ms %10d lines/s\n' "without composite rules" \
    $((without / 1000000)) $((lines * 1000000000 / without))
printf '  %-34s %8d ms %10d lines/s\n' "with composite rules" \
    $((with / 1000000)) $((lines * 1000000000 / with))
echo "  composite rules add $(( (with - without) * 1000 / without / 10 )).$(( (with - without) * 1000 / without % 10 ))% (target: 10% at most)"
"$B/detectd" -v -f "$dir/etc-with/detectd.conf" -o /dev/null \
    -r "dhcpd:$scen/dhcp.log" -r "windows:$scen/dc.log" \
    -r "windows:$scen/endpoint.log" -r "iptables:$scen/fw.log" \
    -r "bind:$scen/dns.log" -r "squid:$scen/proxy.log" 2>&1 |
    sed -n 's/^detectd: \(composite: .*\)/  \1/p'
