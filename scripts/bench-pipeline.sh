#!/bin/sh
# The whole-pipeline figures of make bench (issue 17): Squid lines per
# CPU-second with every shipped rule beside the blacklist rules alone
# and the wc -l floor, at several numbers of endpoints; peak memory of
# each replay; then the start-up (rule load, -n) time and peak memory of
# the shipped rules, and of the shipped rules with a SigmaHQ tree when
# SIGMA=DIR is given.  $1 is the build directory.
#
# Times are CPU (user + system) seconds from tools/bench_run, the least
# of RUNS runs: the machine is shared, and CPU time is what another
# process stretches least.  System time counts, since the kernel zeroing
# the pages of big tables is part of what a rule set costs.
#   PIPE_LINES      Squid lines per file (default 1000000)
#   PIPE_ENDPOINTS  the endpoint counts (default "2000 5000 100000")
#   RUNS            runs per figure (default 3)
#   WORKERS         worker thread counts compared (default "1 2")
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${PIPE_LINES:-1000000}
EPS=${PIPE_ENDPOINTS:-2000 5000 100000}
RUNS=${RUNS:-3}
WORKERS=${WORKERS:-1 2}
dir="$B/bench/pipeline"
mkdir -p "$dir"
D="$B/detectd"
. "$(dirname "$0")/benchlib.sh"

sh "$top/scripts/confdir.sh" "$dir/etc"
mkdir -p "$dir/bl/rules.d"
cp "$dir/etc/detectd.conf" "$dir/bl/detectd.conf"
cp "$top/rules/proxy-blacklist.rules" "$dir/bl/rules.d/"
rm -rf "$dir/bl/rules.d/lists"
cp -R "$top/rules/lists" "$dir/bl/rules.d/"

# cpu LINES "USER SYS CPU WALL RSS": lines per CPU-second.
rate() {
	set -- "$1" $2
	echo $(( $1 * 1000000 / ($4 > 0 ? $4 : 1) ))
}
rss() {
	set -- $1
	echo $(( $5 / 1024 ))
}

echo "pipeline, Squid ($N lines; lines per CPU-second, best of $RUNS;" \
    "peak RSS)"
printf '  %-9s %10s %12s %12s %7s %8s %8s\n' endpoints "wc -l" \
    blacklist "every rule" "of bl" "bl MB" "all MB"
for e in $EPS; do
	log="$dir/squid-$N-e$e.log"
	[ -s "$log" ] || "$B/tools/gen_squid" -n "$N" -e "$e" -d 5000 -s 1 \
	    -i update-check.badcdn.example:50 -i qakbot-c2.example:50 > "$log"
	wc=$(cpurun wc -l "$log")
	bl=$(cpurun "$D" -f "$dir/bl/detectd.conf" -r "squid:$log" -o /dev/null)
	all=$(cpurun "$D" -f "$dir/etc/detectd.conf" -r "squid:$log" -o /dev/null)
	set -- $bl
	blcpu=$3
	set -- $all
	printf '  %-9s %10s %12s %12s %6s%% %8s %8s\n' "$e" "$(rate "$N" "$wc")" \
	    "$(rate "$N" "$bl")" "$(rate "$N" "$all")" \
	    "$(( blcpu * 100 / ($3 > 0 ? $3 : 1) ))" "$(rss "$bl")" "$(rss "$all")"
done

# Worker threads (workers N, docs/scale.md): every rule on the file of
# the middle endpoint count, CPU and wall time at each N.  The wall time
# is what threads buy; on a shared machine it moves with the others'
# load, so each N runs RUNS times, interleaved with the others.  Beside
# the ratio of the best times, the median of each round's own ratio
# (the runs of one round are next to each other in time, so a machine
# that slows down for a minute slows both sides of it).
set -- $EPS
[ $# -ge 2 ] && shift
log="$dir/squid-$N-e$1.log"
echo "worker threads, every rule, $1 endpoints (best of $RUNS; lines/s" \
    "of wall time, CPU-seconds, wall seconds)"
printf '  %-8s %12s %9s %9s %8s %10s\n' workers "lines/s" "CPU s" "wall s" \
    "x one" "x (median)"
for w in $WORKERS; do
	{ cat "$dir/etc/detectd.conf"; echo "workers $w"; } > "$dir/etc/w$w.conf"
done
for w in $WORKERS; do
	eval "best_$w=''"
	eval "walls_$w=''"
done
r=0
while [ "$r" -lt "$RUNS" ]; do
	for w in $WORKERS; do
		set -- $("$B/tools/bench_run" -r 1 "$D" -f "$dir/etc/w$w.conf" \
		    -r "squid:$log" -o /dev/null)
		eval "_b=\$best_$w"
		eval "walls_$w=\"\$walls_$w $4\""
		if [ -z "$_b" ] || [ "$4" -lt "$(echo "$_b" | cut -d' ' -f4)" ]; then
			eval "best_$w='$*'"
		fi
	done
	r=$((r + 1))
done
secs() { printf '%d.%02d' $(( $1 / 1000000 )) $(( $1 / 10000 % 100 )); }
# median_ratio "A..." "B...": the median over rounds of A[i] / B[i].
median_ratio() {
	printf '%s\n%s\n' "$1" "$2" | awk 'NR == 1 { n = split($0, a) }
	    NR == 2 { split($0, b)
		for (i = 1; i <= n; i++) print (b[i] > 0 ? a[i] / b[i] : 0) }' |
	    sort -g | awk '{ r[NR] = $1 } END { h = int((NR + 1) / 2)
		printf "%.2fx", NR % 2 ? r[h] : (r[h] + r[h + 1]) / 2 }'
}
one=
for w in $WORKERS; do
	eval "set -- \$best_$w"
	eval "_walls=\$walls_$w"
	if [ -z "$one" ]; then
		one=$4
		onewalls=$_walls
	fi
	printf '  %-8s %12s %9s %9s %5d.%02dx %10s\n' "$w" \
	    "$(( N * 1000000 / ($4 > 0 ? $4 : 1) ))" "$(secs "$3")" \
	    "$(secs "$4")" $(( one / ($4 > 0 ? $4 : 1) )) \
	    $(( one * 100 / ($4 > 0 ? $4 : 1) % 100 )) \
	    "$(median_ratio "$onewalls" "$_walls")"
done

# start-up: load and check the rules, nothing replayed.
startup() {	# startup LABEL CONF
	_s=$(cpurun "$D" -n -f "$2")
	set -- "$1" $_s
	printf '  %-36s %6d ms CPU %6d ms wall %6d MB peak RSS\n' "$1" \
	    $(( $4 / 1000 )) $(( $5 / 1000 )) $(( $6 / 1024 ))
}
echo "start-up (detectd -n, best of $RUNS)"
startup "shipped rules" "$dir/etc/detectd.conf"
if [ -n "${SIGMA:-}" ] && [ -d "$SIGMA" ]; then
	cp "$dir/etc/detectd.conf" "$dir/etc/sigma.conf"
	printf 'sigma "%s"\n' "$(cd "$SIGMA" && pwd)" >> "$dir/etc/sigma.conf"
	startup "shipped rules + Sigma tree" "$dir/etc/sigma.conf"
else
	echo "  shipped rules + Sigma tree: skipped (make bench SIGMA=DIR)"
fi
