#!/bin/sh
# Figures for the rules and the match analyzer (issue 5), beside the
# wc -l floor, one core, best of RUNS:
#   - 1,000,000 domain indicators: load time and peak RSS (detectd -n)
#     against the targets 2 s and 150 MB;
#   - match throughput on Squid logs with 1,000 and with 1,000,000
#     domain indicators (target: under 20% apart);
#   - the pipeline with 500 regex signatures on URLs and user agents, on
#     Squid combined logs (target: 500,000 lines/s or more).
# Usage: sh scripts/bench-rules.sh [BUILD_DIR]
#   BENCH_LINES  lines per log (default 2000000)
#   RUNS         runs per figure (default 3)
set -e
B=${1:-build}
N=${BENCH_LINES:-2000000}
RUNS=${RUNS:-3}
mkdir -p "$B/bench-rules"
dir=$(cd "$B/bench-rules" && pwd)
# The configuration must load: a broken one would time its error.
check() { "$B/detectd" -n -f "$1" > /dev/null || exit 1; }

. "$(dirname "$0")/benchlib.sh"
rate() { echo $(( $1 * 1000000000 / $2 )); }
row() {
	printf '%-44s %12s %9s %8s%%\n' "$1" "$(rate "$2" "$3")" \
	    "$(rate "$2" "$4")" "$(( $4 * 100 / $3 ))"
}
header() {
	printf '%-44s %12s %9s %9s\n' "$1" "lines/s" "wc -l" "of wc -l"
}

# domains COUNT FILE: COUNT distinct made-up domains, one per line.
domains() {
	[ -s "$2" ] || awk -v n="$1" 'BEGIN {
		srand(7);
		for (i = 0; i < n; i++)
			printf "h%x-%d.ioc%d.example\tbench\n", int(rand() * 2^31), i, i % 977
	}' > "$2"
}

# conf NAME LISTFILE: one rule on one domain list, output to /dev/null.
conf() {
	cat > "$dir/$1.conf" <<EOF
ruleset "$1"
output null { type file; path "/dev/null" }
list bench { file "$2"; format plain; type domain }
rule 9100001 {
	name "bench domain list"
	viewpoint known-attack
	stage c2
	sources proxy
	condition destination.domain in list bench
}
EOF
}

echo "detectd rules bench: best of $RUNS runs, one core"
echo

# 1. Loading a million domains.
domains 1000000 "$dir/domains-1m.txt"
domains 1000 "$dir/domains-1k.txt"
conf list1m "$dir/domains-1m.txt"
conf list1k "$dir/domains-1k.txt"
check "$dir/list1m.conf"
t=$(best "$B/detectd" -n -f "$dir/list1m.conf")
/usr/bin/time -o "$dir/rss" -f '%M' "$B/detectd" -n -f "$dir/list1m.conf" \
    > /dev/null 2>&1
rss=$(tail -n 1 "$dir/rss")
/usr/bin/time -o "$dir/rss" -f '%M' "$B/detectd" -n -f "$dir/list1k.conf" \
    > /dev/null 2>&1
base=$(tail -n 1 "$dir/rss")
printf '1,000,000 domain indicators: load %d ms (target < 2000), ' \
    $((t / 1000000))
printf 'peak RSS %d MB, %d MB over 1,000 (target < 150)\n' \
    $((rss / 1024)) $(((rss - base) / 1024))
echo

# 2. Match throughput against list size.
log="$dir/squid-$N.log"
[ -s "$log" ] || "$B/tools/gen_squid" -n "$N" -e 2000 -d 5000 -s 1 \
    -i "$(sed -n '500p' "$dir/domains-1k.txt" | cut -f1):100" > "$log"
floor=$(best wc -l "$log")
t1k=$(best "$B/detectd" -f "$dir/list1k.conf" -r "squid:$log" -o /dev/null)
t1m=$(best "$B/detectd" -f "$dir/list1m.conf" -r "squid:$log" -o /dev/null)
header "squid, domain list ($N lines)"
row "  1,000 indicators" "$N" "$t1k" "$floor"
row "  1,000,000 indicators (load included)" "$N" "$t1m" "$floor"
tload=$(best "$B/detectd" -n -f "$dir/list1m.conf")
row "  1,000,000 indicators (load excluded)" "$N" "$((t1m - tload))" "$floor"
d=$(( ( (t1m - tload) - t1k) * 100 / t1k ))
echo "  change from 1,000 to 1,000,000 indicators: ${d}% (target < 20%)"
echo

# 3. 500 regex signatures on URLs and user agents.
clog="$dir/combined-$N.log"
[ -s "$clog" ] || "$B/tools/gen_combined" -n "$N" -s 1 > "$clog"
{
	printf 'ruleset "regex500"\noutput null { type file; path "/dev/null" }\n'
	i=0
	while [ $i -lt 250 ]; do
		printf 'rule %d {\n name "url sig %d"\n viewpoint known-attack\n stage intrusion\n sources proxy\n condition url.original ~ "(?i)/wp-content/plugins/vuln%d/[a-z_]+\\\\.php\\\\?(cmd|exec)="\n}\n' \
		    $((9200000 + i)) $i $i
		printf 'rule %d {\n name "ua sig %d"\n viewpoint known-attack\n stage c2\n sources proxy\n condition user_agent.original ~ "^EvilBot%d/[0-9.]+ \\\\(.*\\\\)$"\n}\n' \
		    $((9300000 + i)) $i $i
		i=$((i + 1))
	done
} > "$dir/regex500.conf"
printf 'allow-empty\nruleset "none"\noutput null { type file; path "/dev/null" }\n' \
    > "$dir/none.conf"
check "$dir/regex500.conf"
cfloor=$(best wc -l "$clog")
tnone=$(best "$B/detectd" -f "$dir/none.conf" -r "squid-combined:$clog" -o /dev/null)
tre=$(best "$B/detectd" -f "$dir/regex500.conf" -r "squid-combined:$clog" \
    -o /dev/null)
header "squid combined, regexes ($N lines)"
row "  framing + parse (no rules)" "$N" "$tnone" "$cfloor"
row "  500 regex signatures (target 500000)" "$N" "$tre" "$cfloor"
