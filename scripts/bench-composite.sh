#!/bin/sh
# Composite analyzer cost: the campaign scenario at many endpoints
# replayed with the shipped rules, with and without the composite rules
# (rules.d/composite.rules).  The identity table is kept either way: it
# completes every alert's endpoint.  Best of RUNS, one core.
# Wall clock on a shared machine moves by more than the 10% being
# judged, so the same comparison is also made by instructions executed
# (perf stat when the CPU counters are readable, else callgrind) on a
# slice of the same campaign: that figure decides the target.
#   COMPOSITE_ENDPOINTS  endpoints (default 100000)
#   COMPOSITE_RATE       proxy requests per endpoint per hour (default 1)
#   COMPOSITE_IR_ENDPOINTS endpoints of the instruction count (default
#                        10000; 0 skips it)
#   RUNS                 runs per figure (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${COMPOSITE_ENDPOINTS:-100000}
RATE=${COMPOSITE_RATE:-1}
RUNS=${RUNS:-3}
IRN=${COMPOSITE_IR_ENDPOINTS:-10000}
dir="$B/bench/composite"
mkdir -p "$dir"
for v in with without; do
	rm -rf "$dir/etc-$v"
	sh "$top/scripts/confdir.sh" "$dir/etc-$v"
	printf 'output null { type file; path "/dev/null" }\n' \
	    >> "$dir/etc-$v/detectd.conf"
done
rm -f "$dir/etc-without/rules.d/composite.rules"
# campaign ENDPOINTS: the scenario's directory, generated once.
campaign() {
	_s="$dir/campaign-$1-$RATE"
	[ -s "$_s/proxy.log" ] || "$B/tools/gen_campaign" -n "$1" \
	    -r "$RATE" -o "$_s" > /dev/null
	echo "$_s"
}
scen=$(campaign "$N")
lines=$(cat "$scen"/*.log | wc -l)

now() { date +%s%N; }
# pct WITH WITHOUT: what WITH adds to WITHOUT, in percent, one decimal.
pct() {
	_pm=$(( ($1 - $2) * 1000 / $2 ))
	_sign=
	if [ $_pm -lt 0 ]; then _sign=-; _pm=$((-_pm)); fi
	echo "$_sign$((_pm / 10)).$((_pm % 10))%"
}
# replay with|without SCENARIO [OPTION...]: detectd, under $wrap if set.
wrap=
replay() {
	_v=$1
	_s=$2
	shift 2
	$wrap "$B/detectd" "$@" -f "$dir/etc-$_v/detectd.conf" -o /dev/null \
	    -r "dhcpd:$_s/dhcp.log" -r "windows:$_s/dc.log" \
	    -r "windows:$_s/endpoint.log" -r "iptables:$_s/fw.log" \
	    -r "bind:$_s/dns.log" -r "squid:$_s/proxy.log"
}
run() {
	replay "$1" "$scen" > /dev/null 2>&1
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
echo "  composite rules add $(pct "$with" "$without") of wall clock (noisy on a shared machine)"
replay with "$scen" -v 2>&1 |
    sed -n 's/^detectd: \(composite: .*\)/  \1/p'

# instr with|without SCENARIO: instructions one replay executes.
instr() {
	if [ "$counter" = perf ]; then
		wrap="perf stat -x, -e instructions:u -o $dir/ir-$1.txt"
		replay "$1" "$2" > /dev/null 2>&1
		wrap=
		sed -n 's/^\([0-9]*\),.*instructions.*/\1/p' "$dir/ir-$1.txt"
		return
	fi
	wrap="valgrind --tool=callgrind --callgrind-out-file=$dir/ir-$1.out"
	replay "$1" "$2" > /dev/null 2>&1
	wrap=
	sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$dir/ir-$1.out"
}
counter=
if [ "$IRN" -gt 0 ]; then
	if perf stat -x, -e instructions:u true 2>&1 >/dev/null |
	    grep -q '^[0-9][0-9]*,'; then
		counter=perf
	elif command -v valgrind > /dev/null 2>&1; then
		counter=callgrind
	else
		echo "  no instruction count: neither perf counters nor valgrind"
	fi
fi
if [ -n "$counter" ]; then
	irscen=$(campaign "$IRN")
	# Counts do not depend on load: both at once.
	instr with "$irscen" > "$dir/ir-with.n" &
	instr without "$irscen" > "$dir/ir-without.n"
	wait $!
	irwith=$(cat "$dir/ir-with.n")
	irwithout=$(cat "$dir/ir-without.n")
	if [ -z "$irwith" ] || [ -z "$irwithout" ]; then
		echo "  instruction count failed ($counter)" >&2
		exit 1
	fi
	echo "composite: campaign at $IRN endpoints, instructions ($counter)"
	printf '  %-34s %14d\n' "without composite rules" "$irwithout"
	printf '  %-34s %14d\n' "with composite rules" "$irwith"
	echo "  composite rules add $(pct "$irwith" "$irwithout") of instructions (target: 10% at most)"
	if [ $(( (irwith - irwithout) * 1000 / irwithout )) -gt 100 ]; then
		echo "  over target" >&2
		exit 1
	fi
fi
