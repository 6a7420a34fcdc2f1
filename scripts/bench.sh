#!/bin/sh
# make bench: lines per second of each stage beside the floor that no
# parser can beat (wc -l over the same file).  Best of RUNS, one core
# (detectd is single-threaded).
#   BENCH_LINES  Squid lines for the pipeline figures (default 3000000)
#   FORMAT_LINES lines per other format (default 1000000)
#   RUNS         runs per figure (default 3)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${BENCH_LINES:-3000000}
FN=${FORMAT_LINES:-1000000}
RUNS=${RUNS:-3}
dir="$B/bench"
mkdir -p "$dir"
sh "$top/scripts/confdir.sh" "$dir/etc"
printf 'allow-empty\nruleset "bench-empty"\noutput null { type file; path "/dev/null" }\n' \
    > "$dir/empty.conf"

. "$(dirname "$0")/benchlib.sh"
# row LABEL LINES NS FLOOR_NS
row() {
	printf '%-36s %12s %9s %8s%%\n' "$1" "$(( $2 * 1000000000 / $3 ))" \
	    "$(( $2 * 1000000000 / $4 ))" "$(( $4 * 100 / $3 ))"
}
# parsed LABEL FORMAT FILE: stop the bench, loudly, when a line of the
# generated file is a parse error or none is an event: a generator and
# its parser that no longer agree would be measured skipping lines.
parsed() {
	_sum=$("$B/detectd" -f "$dir/empty.conf" -r "$2:$3" -o /dev/null 2>&1 |
	    grep "^detectd: $3: " | tail -n 1) || true
	case $_sum in
	*", 0 parse errors,"*) ;;
	*)	echo "bench: $1: generated lines that $2 does not parse:" \
		    "${_sum:-no replay summary}" >&2
		exit 1 ;;
	esac
	_ev=${_sum#*lines, }
	_ev=${_ev%% events*}
	if [ "$_ev" -eq 0 ]; then
		echo "bench: $1: no events: $_sum" >&2
		exit 1
	fi
}
header() {
	printf '%-36s %12s %9s %9s\n' "$1" "lines/s" "wc -l" "of wc -l"
}

# Squid: parse only, and the whole pipeline with the shipped rules.
log="$dir/squid-$N.log"
[ -s "$log" ] || "$B/tools/gen_squid" -n "$N" -e 2000 -d 5000 -s 1 \
    -i update-check.badcdn.example:50 -i qakbot-c2.example:50 > "$log"
floor=$(best wc -l "$log")
parse=$(best "$B/detectd" -f "$dir/empty.conf" -r "squid:$log" -o /dev/null)
# The blacklist rules alone (what the first release shipped), then every
# shipped rule file: match, statistical and composite.
mkdir -p "$dir/bl/rules.d"
cp "$dir/etc/detectd.conf" "$dir/bl/detectd.conf"
cp "$top/rules/proxy-blacklist.rules" "$dir/bl/rules.d/"
cp -R "$top/rules/lists" "$dir/bl/rules.d/"
bl=$(best "$B/detectd" -f "$dir/bl/detectd.conf" -r "squid:$log" -o /dev/null)
full=$(best "$B/detectd" -f "$dir/etc/detectd.conf" -r "squid:$log" -o /dev/null)
echo "detectd bench: best of $RUNS runs, one core; $(nproc) cores on this machine"
echo
header "squid ($N lines, $(( $(wc -c < "$log") / 1048576 )) MiB)"
echo "  (floor: wc -l at $(( N * 1000000000 / floor )) lines/s)"
"$B/tools/bench_collector" -r "$RUNS" "$log" | sed 's/^/  /'
row "  framing + parse (no rules)" "$N" "$parse" "$floor"
row "  pipeline, proxy-blacklist.rules" "$N" "$bl" "$floor"
row "  pipeline, every shipped rule" "$N" "$full" "$floor"
"$B/detectd" -f "$dir/etc/detectd.conf" -r "squid:$log" -o "$dir/alerts.json" \
    2>/dev/null
echo "  alerts from the pipeline run: $(wc -l < "$dir/alerts.json") (100 planted)"
rm -f "$dir/alerts.json"

# Every other format with a generator: framing + parse, no rules.  A
# row is [LABEL=]FORMAT:GENERATOR[:OPTIONS], the options with ',' for
# spaces; the label is the format's name unless given.  Wall time is the
# best of RUNS beside wc -l's; lines per CPU-second (tools/bench_run,
# the same runs) is what to read on a shared machine.
echo
printf '%-36s %12s %9s %9s %10s\n' "format ($FN lines each, no rules)" \
    "lines/s" "wc -l" "of wc -l" "per CPU-s"
for spec in squid-combined:gen_combined bind:gen_bind unbound:gen_unbound \
    iptables:gen_iptables fortigate:gen_fortigate paloalto:gen_paloalto \
    dhcpd:gen_dhcpd zeek:gen_zeek zeek-json:gen_zeek:-j \
    zeek-files=zeek:gen_zeek:-l,files \
    zeek-files-json=zeek-json:gen_zeek:-j,-l,files \
    zeek-smtp=zeek:gen_zeek:-l,smtp \
    zeek-smtp-json=zeek-json:gen_zeek:-j,-l,smtp \
    zeek-notice=zeek:gen_zeek:-l,notice \
    zeek-notice-json=zeek-json:gen_zeek:-j,-l,notice \
    zeek-ssh=zeek:gen_zeek:-l,ssh zeek-ssh-json=zeek-json:gen_zeek:-j,-l,ssh \
    zeek-x509=zeek:gen_zeek:-l,x509 \
    zeek-x509-json=zeek-json:gen_zeek:-j,-l,x509 \
    windows:gen_windows windows-defender=windows:gen_windows:-D \
    suricata:gen_suricata postfix:gen_postfix clamd:gen_postfix:-C; do
	case $spec in
	*=*)	label=${spec%%=*}
		spec=${spec#*=} ;;
	*)	label=${spec%%:*} ;;
	esac
	fmt=${spec%%:*}
	rest=${spec#*:}
	gen=${rest%%:*}
	opt=""
	[ "$rest" != "$gen" ] && opt=$(echo "${rest#*:}" | tr , ' ')
	[ -x "$B/tools/$gen" ] || continue
	# 1: a format this build does not know; 2 is no events, as expected.
	rc=0
	"$B/detectd" -f "$dir/empty.conf" -r "$fmt:/dev/null" -o /dev/null \
	    2>/dev/null || rc=$?
	[ $rc -ne 1 ] || continue
	f="$dir/$label-$FN.log"
	[ -s "$f" ] || "$B/tools/$gen" -n "$FN" -s 1 $opt > "$f"
	n=$(wc -l < "$f")
	parsed "$label" "$fmt" "$f"
	# user_us sys_us cpu_us wall_us maxrss_kib
	set -- $(cpurun "$B/detectd" \
	    -f "$dir/empty.conf" -r "$fmt:$f" -o /dev/null)
	printf '%s %10s\n' "$(row "  $label" "$n" "$(( $4 * 1000 ))" \
	    "$(best wc -l "$f")")" "$(( n * 1000000 / $3 ))"
done

# The other areas' figures, where their scripts exist.
for s in "$top"/scripts/bench-*.sh; do
	[ -f "$s" ] || continue
	echo
	sh "$s" "$B"
done
