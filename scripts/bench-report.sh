#!/bin/sh
# The report (detectd -R, issue 19) of 1,000,000 alerts of the size
# detectd writes: the alerts of the campaign scenario (tools/
# gen_campaign.c, replayed with the shipped rules) copied by
# tools/gen_alerts with new event ids into REPORT_INCIDENTS incidents.
# Prints the time (best of RUNS, beside wc -l on the same file), the CPU
# time of one run and the size of the pages; the issue asks for under
# 10 s (judged on the CPU time) and under 20 MB.  The alert file (about 4 GB) is removed after.
# Usage: sh scripts/bench-report.sh [BUILD_DIR]
#   REPORT_ALERTS     alerts (default 1000000)
#   REPORT_INCIDENTS  incidents they are spread over (default 20; the
#                     campaign's merges make it twice as many)
#   RUNS              runs per figure (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${REPORT_ALERTS:-1000000}
K=${REPORT_INCIDENTS:-20}
RUNS=${RUNS:-3}
mkdir -p "$B/bench-report"
dir=$(cd "$B/bench-report" && pwd)
. "$(dirname "$0")/benchlib.sh"
ms() { echo $(( $1 / 1000000 )); }

rm -rf "$dir/state" "$dir/camp" "$dir/pages"
mkdir -p "$dir/state"
sh "$top/scripts/confdir.sh" "$dir/etc"
sed -i -e "s|\"/var/lib/detectd\"|\"$dir/state\"|" "$dir/etc/detectd.conf"
"$B/tools/gen_campaign" -n 200 -o "$dir/camp" > /dev/null
"$B/detectd" -f "$dir/etc/detectd.conf" -o "$dir/campaign.json" \
    -r "dhcpd:$dir/camp/dhcp.log" -r "windows:$dir/camp/dc.log" \
    -r "windows:$dir/camp/endpoint.log" -r "postfix:$dir/camp/mail.log" \
    -r "iptables:$dir/camp/fw.log" -r "bind:$dir/camp/dns.log" \
    -r "squid:$dir/camp/proxy.log" 2> /dev/null
"$B/tools/gen_alerts" -n "$N" -k "$K" "$dir/campaign.json" > "$dir/alerts.json"
trap 'rm -f "$dir/alerts.json"' EXIT
mib=$(( $(wc -c < "$dir/alerts.json") / 1048576 ))
floor=$(best wc -l "$dir/alerts.json")
t=$(best "$B/detectd" -R "$dir/alerts.json" -o "$dir/pages")
rm -rf "$dir/pages"
cpu="?"
if [ -x /usr/bin/time ]; then
	/usr/bin/time -o "$dir/time" -f '%U %S' "$B/detectd" -R \
	    "$dir/alerts.json" -o "$dir/pages" 2> /dev/null
	cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$dir/time")
else
	"$B/detectd" -R "$dir/alerts.json" -o "$dir/pages" 2> /dev/null
fi
kb=$(du -sk "$dir/pages" | awk '{ print $1 }')
pages=$(ls "$dir/pages" | wc -l)
printf '%-44s %9s %9s\n' "report (detectd -R)" "ms" "wc -l ms"
printf '%-44s %9s %9s\n' "  $N alerts, $mib MiB, $pages pages" "$(ms "$t")" \
    "$(ms "$floor")"
# On a shared machine the wall clock waits for other work: the target
# is judged on the CPU time when there is one (the report is one thread).
judged=$cpu
[ "$cpu" = "?" ] && judged=$(ms "$t")
echo "  CPU time of one run: ${cpu} ms; pages: $((kb / 1024)) MiB" \
    "$([ "$judged" -lt 10000 ] && [ "$kb" -lt 20480 ] &&
    echo "(target: under 10 s and 20 MB, met)" ||
    echo "(TARGET MISSED: under 10 s and 20 MB)")"
