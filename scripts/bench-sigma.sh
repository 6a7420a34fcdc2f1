#!/bin/sh
# The Sigma figures of make bench, with a SigmaHQ rules tree given as
# SIGMA=DIR (skipped otherwise): the load of the whole tree (time and
# peak memory), Windows JSON events per second with every rule loaded
# (the Windows rules apply), and Squid lines per second with the shipped
# rules alone and with every Sigma rule loaded as well (the proxy rules
# apply).  Best of RUNS, one core: events per second of wall time, and
# per CPU-second (tools/bench_run), which another process on a shared
# machine stretches least; "without the load" takes off the load of
# the rules, which a daemon pays once.
#   SIGMA        the rules tree (required)
#   SIGMA_LINES  events and lines per figure (default 300000)
#   RUNS         runs per figure (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${SIGMA:-}" ]; then
	echo "sigma: skipped (make bench SIGMA=DIR times a SigmaHQ rules tree)"
	exit 0
fi
[ -d "$SIGMA" ] || { echo "sigma: $SIGMA: no such folder" >&2; exit 1; }
SIGMA=$(cd "$SIGMA" && pwd)
N=${SIGMA_LINES:-300000}
RUNS=${RUNS:-3}
dir="$B/bench/sigma"
mkdir -p "$dir"
D="$B/detectd"

. "$(dirname "$0")/benchlib.sh"
rate() {	# rate LINES NS
	echo $(( $1 * 1000000000 / $2 ))
}

# The whole tree, default options (status test, level low).
printf 'allow-empty\nruleset "bench-sigma"\noutput o { type file; path "/dev/null" }\n' \
    > "$dir/empty.conf"
cp "$dir/empty.conf" "$dir/sigma.conf"
printf 'sigma "%s" { logsources "%s/rules/sigma-logsources.conf" }\n' \
    "$SIGMA" "$top" >> "$dir/sigma.conf"
sh "$top/scripts/confdir.sh" "$dir/etc"
cp "$dir/etc/detectd.conf" "$dir/etc/both.conf"
printf 'sigma "%s"\n' "$SIGMA" >> "$dir/etc/both.conf"

/usr/bin/time -f "%e %M" -o "$dir/load" "$D" -n -f "$dir/sigma.conf" \
    > "$dir/load.out" 2>&1
read -r wall rss < "$dir/load"
echo "sigma ($SIGMA, $N lines each)"
sed -n 's/^detectd: sigma: \(.*loaded.*\)/  \1/p' "$dir/load.out"
echo "  load: $wall s, peak RSS $((rss / 1024)) MB"
load=$(cpurun "$D" -n -f "$dir/sigma.conf")
# figure LABEL EVENTS "USER SYS CPU WALL RSS": per second of wall time and
# per CPU-second, each also without the load's.
figure() {
	_n=$2
	set -- "$1" $3
	_lw=$(echo "$load" | cut -d' ' -f4)
	_lc=$(echo "$load" | cut -d' ' -f3)
	printf '  %-40s %7d (%7d without the load); per CPU-second %7d (%7d)\n' \
	    "$1" $(( _n * 1000000 / $5 )) $(( _n * 1000000 / ($5 - _lw) )) \
	    $(( _n * 1000000 / $4 )) $(( _n * 1000000 / ($4 - _lc) ))
}

win="$dir/windows-$N.json"
[ -s "$win" ] || "$B/tools/gen_windows" -n "$N" -s 1 -x mixed > "$win"
parse=$(best "$D" -f "$dir/empty.conf" -r "windows:$win" -o /dev/null)
echo "  windows events/s, parse only:            $(rate "$N" "$parse")"
figure "windows events/s, every Sigma rule:" "$N" \
    "$(cpurun "$D" -f "$dir/sigma.conf" -r "windows:$win" -o /dev/null)"

sq="$dir/squid-$N.log"
[ -s "$sq" ] || "$B/tools/gen_squid" -n "$N" -e 2000 -d 5000 -s 1 \
    -i update-check.badcdn.example:50 > "$sq"
shipped=$(cpurun "$D" -f "$dir/etc/detectd.conf" -r "squid:$sq" -o /dev/null)
set -- $shipped
printf '  %-40s %7d; per CPU-second %7d\n' "squid lines/s, shipped rules:" \
    $(( N * 1000000 / $4 )) $(( N * 1000000 / $3 ))
figure "squid lines/s, shipped + every Sigma:" "$N" \
    "$(cpurun "$D" -f "$dir/etc/both.conf" -r "squid:$sq" -o /dev/null)"
