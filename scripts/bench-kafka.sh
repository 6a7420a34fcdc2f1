#!/bin/sh
# make bench-kafka: detectd behind Kafka without a broker
# (tools/bench_kafka: librdkafka's mock cluster, 8 partitions keyed by
# endpoint, 1, 2 and 4 daemons in one group, the shipped rules).  Per
# member count, the run of RUNS with the least CPU time; beside it, one
# detectd replaying the same file (-r), the same work without Kafka.
#   KAFKA_LINES  Squid lines (default 250000: the mock cluster keeps a
#                bounded log per partition, about 30000 records)
#   RUNS         runs per figure (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${KAFKA_LINES:-250000}
RUNS=${RUNS:-3}
dir="$(cd "$B" && pwd)/bench-kafka"
rm -rf "$dir"
mkdir -p "$dir"
log="$dir/squid.log"
"$B/tools/gen_squid" -n "$N" -e 2000 -d 5000 -s 1 \
    -i update-check.badcdn.example:50 -i qakbot-c2.example:50 > "$log"
printf '%-8s %10s %10s %14s %16s %8s\n' members records wall_ms \
    "records/s" "records/cpu-s" alerts
for m in 1 2 4; do
	bestcpu=0
	line=""
	i=0
	while [ $i -lt "$RUNS" ]; do
		rm -rf "$dir"/m[0-9]*
		out=$("$B/tools/bench_kafka" -d "$B/detectd" -r "$top/rules" \
		    -l "$log" -w "$dir" -m $m -p 8 2> "$dir/err") ||
		    { cat "$dir/err" >&2; exit 1; }
		set -- $out
		if [ $bestcpu -eq 0 ] || [ "$5" -lt $bestcpu ]; then
			bestcpu=$5
			line=$out
		fi
		i=$((i + 1))
	done
	set -- $line
	printf '%-8s %10s %10s %14s %16s %8s\n' "$1" "$3" "$4" "$6" "$7" "$8"
done
. "$(dirname "$0")/benchlib.sh"
sed -e '/^input logs {/,/^}/d' -e '/^output alerts {/,/^}/d' \
    "$dir/m0.conf" > "$dir/replay.conf"
# The same work without Kafka, less the loading of the rules (-n).
n=$(wc -l < "$log")
set -- $(cpurun "$B/detectd" -f "$dir/replay.conf" \
    -r "squid:$log" -o /dev/null)
cpu=$3
set -- $(cpurun "$B/detectd" -n -f "$dir/replay.conf")
cpu=$((cpu - $3))
printf 'replay (-r), no Kafka: %s records in %s ms CPU: %s records/cpu-s\n' \
    "$n" "$((cpu / 1000))" "$((n * 1000000 / cpu))"
