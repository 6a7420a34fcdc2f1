#!/bin/sh
# make bench: lines per second of each stage beside the floor that no
# parser can beat (wc -l and cat over the same file).  Best of RUNS.
#   BENCH_LINES  lines to generate (default 3000000)
#   RUNS         runs per figure (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${BENCH_LINES:-3000000}
RUNS=${RUNS:-3}
dir="$B/bench"
mkdir -p "$dir"
log="$dir/squid-$N.log"
[ -s "$log" ] || "$B/tools/gen_squid" -n "$N" -e 2000 -d 5000 -s 1 \
    -i update-check.badcdn.example:50 -i qakbot-c2.example:50 > "$log"
bytes=$(wc -c < "$log")

sh "$top/scripts/confdir.sh" "$dir/etc"
printf 'ruleset "bench-empty"\noutput null { type file; path "/dev/null" }\n' \
    > "$dir/empty.conf"

now() { date +%s%N; }
# best NAME COMMAND...: run RUNS times, keep the shortest.
best() {
	_best=0
	_i=0
	while [ $_i -lt "$RUNS" ]; do
		_t0=$(now)
		"$@" > /dev/null 2>&1
		_t=$(( $(now) - _t0 ))
		if [ $_best -eq 0 ] || [ $_t -lt $_best ]; then _best=$_t; fi
		_i=$((_i + 1))
	done
	echo $_best
}
rate() { echo $(( N * 1000000000 / $1 )); }
mb() { echo $(( bytes * 1000 / $1 )); }

floor_wc=$(best wc -l "$log")
floor_cat=$(best cat "$log")
parse=$(best "$B/detectd" -f "$dir/empty.conf" -r "squid:$log" -o /dev/null)
full=$(best "$B/detectd" -f "$dir/etc/detectd.conf" -r "squid:$log" -o /dev/null)

printf '%s\n' "detectd bench: $N Squid lines, $((bytes / 1048576)) MiB, best of $RUNS, one core"
printf '%-34s %12s %10s %10s\n' "stage" "lines/s" "MB/s" "of wc -l"
row() {
	printf '%-34s %12s %10s %9s%%\n' "$1" "$(rate "$2")" "$(mb "$2")" \
	    "$(( floor_wc * 100 / $2 ))"
}
row "floor: wc -l" "$floor_wc"
row "floor: cat" "$floor_cat"
row "squid parse (no rules)" "$parse"
row "whole pipeline (shipped rules)" "$full"
"$B/detectd" -f "$dir/etc/detectd.conf" -r "squid:$log" -o "$dir/alerts.json" 2>/dev/null
echo "alerts from the pipeline run: $(wc -l < "$dir/alerts.json") (100 planted)"
