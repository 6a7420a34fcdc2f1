#!/bin/sh
# Figures for the retro-hunt (detectd -H, issue 19), one core, best of
# RUNS, on the same generated Squid log as the pipeline figures: the
# blacklist pipeline (proxy-blacklist.rules) beside a hunt for its two
# planted C2 domains, and for 1,000 indicators of every type; the hunt
# must run at least at the blacklist pipeline's rate.
# Usage: sh scripts/bench-hunt.sh [BUILD_DIR]
#   BENCH_LINES  lines of the log (default 3000000)
#   RUNS         runs per figure (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${BENCH_LINES:-3000000}
RUNS=${RUNS:-3}
mkdir -p "$B/bench-hunt"
dir=$(cd "$B/bench-hunt" && pwd)
. "$(dirname "$0")/benchlib.sh"
rate() { echo $(( $1 * 1000000000 / $2 )); }
row() {
	printf '%-44s %12s %9s %8s%%\n' "$1" "$(rate "$2" "$3")" \
	    "$(rate "$2" "$4")" "$(( $4 * 100 / $3 ))"
}

log="$dir/squid-$N.log"
[ -s "$log" ] || "$B/tools/gen_squid" -n "$N" -e 2000 -d 5000 -s 1 \
    -i update-check.badcdn.example:50 -i qakbot-c2.example:50 > "$log"
sh "$top/scripts/confdir.sh" "$dir/etc"
mkdir -p "$dir/bl/rules.d"
cp "$dir/etc/detectd.conf" "$dir/bl/detectd.conf"
cp "$top/rules/proxy-blacklist.rules" "$dir/bl/rules.d/"
cp -R "$top/rules/lists" "$dir/bl/rules.d/"
C="$dir/bl/detectd.conf"
# 1,000 indicators: domains, addresses, URLs, hashes, users, hosts.
awk 'BEGIN { srand(11);
	for (i = 0; i < 1000; i++) {
		k = i % 6;
		if (k == 0) printf "h%d.ioc%d.example\n", i, i % 97;
		else if (k == 1) printf "198.18.%d.%d\n", i % 250, i % 200 + 1;
		else if (k == 2) printf "http://dl%d.example/p/%d.bin\n", i, i;
		else if (k == 3) printf "%08x%08x%08x%08x\n", i, i * 7, i * 13, i * 17;
		else if (k == 4) printf "user:svc%d\n", i;
		else printf "host:ws%05d\n", i + 90000;
	}
	print "update-check.badcdn.example"; print "qakbot-c2.example" }' \
    > "$dir/iocs.txt"

floor=$(best wc -l "$log")
bl=$(best "$B/detectd" -f "$C" -r "squid:$log" -o /dev/null)
two=$(best "$B/detectd" -f "$C" -H update-check.badcdn.example \
    -H qakbot-c2.example -r "squid:$log" -o /dev/null)
many=$(best "$B/detectd" -f "$C" -H @"$dir/iocs.txt" -r "squid:$log" \
    -o /dev/null)
found=$("$B/detectd" -f "$C" -H @"$dir/iocs.txt" -r "squid:$log" -o - \
    2>/dev/null | wc -l)
printf '%-44s %12s %9s %9s\n' "retro-hunt (squid, $N lines)" "lines/s" \
    "wc -l" "of wc -l"
row "  pipeline, proxy-blacklist.rules" "$N" "$bl" "$floor"
row "  detectd -H, the 2 planted C2 domains" "$N" "$two" "$floor"
row "  detectd -H, 1,002 indicators of 6 types" "$N" "$many" "$floor"
echo "  events found by the 1,002: $found (100 planted)"
echo "  the hunt for 1,002 runs at $(( bl * 100 / many ))% of the blacklist" \
    "pipeline's rate $([ "$many" -le "$bl" ] && echo "(target: 100% or more, met)" ||
    echo "(TARGET MISSED: 100% or more)")"
