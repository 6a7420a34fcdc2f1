#!/bin/sh
# Throughput and memory of the statistical analyzer, called by
# scripts/bench.sh (make bench).  $1 is the build directory.
#
# 1. The analyzer alone (tools/bench_stats): 100,000 endpoints and
#    1,000,000 tracked pairs, events built in memory; events/s, bytes per
#    tracked pair, peak RSS; then again with an identity table holding a
#    DHCP lease for every endpoint, so that endpoints are keyed by name.
# 2. The whole pipeline on generated Zeek conn lines with the shipped
#    rules, beside the time wc -l takes on the same file (the floor).
set -e
B=${1:-build}
EVENTS=${STATS_BENCH_EVENTS:-10000000}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d -t detectd-bench-stats.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "== statistical analyzer alone"
"$B/tools/bench_stats" -e 100000 -d 10 -n "$EVENTS" 2>/dev/null
echo "== statistical analyzer with the endpoint identity table (as in detectd)"
"$B/tools/bench_stats" -i -e 100000 -d 10 -n "$EVENTS" 2>/dev/null | tail -n 1

echo "== pipeline with rules/stats.rules on Zeek conn lines"
"$B/tools/gen_stats" -f zeek-conn -p beacon,scan,volume -e 2000 -H 24 \
    > "$tmp/conn.log"
sh "$top/scripts/confdir.sh" "$tmp/etc"
sed -i -e "s|\"/var/lib/detectd\"|\"$tmp\"|" "$tmp/etc/detectd.conf"
lines=$(wc -l < "$tmp/conn.log")
t0=$(date +%s.%N)
wc -l < "$tmp/conn.log" > /dev/null
t1=$(date +%s.%N)
"$B/detectd" -f "$tmp/etc/detectd.conf" -r "zeek:$tmp/conn.log" \
    -o "$tmp/alerts.json" 2>/dev/null
t2=$(date +%s.%N)
awk -v n="$lines" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
	printf "%d lines: wc -l %.3f s (%.0f lines/s); detectd %.3f s " \
	    "(%.0f lines/s)\n", n, b - a, n / (b - a + 1e-9), c - b,
	    n / (c - b + 1e-9) }'
echo "alerts: $(wc -l < "$tmp/alerts.json")"
