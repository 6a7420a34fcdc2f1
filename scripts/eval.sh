#!/bin/sh
# make eval: replay the campaign scenario (tools/gen_campaign.c) and
# print its first step on the LAN's endpoints (step 1: the mail with
# 見積もり用写真.xlsxs.exe, attack stage 2, initial intrusion; steps
# count moves in time order, stages are the alerts' attack stages) and
# whether it was detected, then, per attack stage and per analyzer,
# what detectd found and missed, with the recall per stage, and the
# incidents the alerts make beside the attack's ground truth; then the
# false-positive budget:
# alerts per benign host-day, by rule, on the same LAN's background
# alone, on generated benign days (tools/gen_benign.c: cloud sync, CDN,
# push, updates, video calls, uploads, and the hosts' and domain
# controller's Windows events) at several sizes, and on labelled
# normal days of real hosts (Zeek logs) when there are any.
#   EVAL_ENDPOINTS     endpoints in the campaign's LAN (default 200)
#   EVAL_SEED          scenario and benign seed (default 1)
#   EVAL_BENIGN_SIZES  hosts of each generated benign day (default "20 200")
#   EVAL_NORMAL_DIRS   folders of labelled Zeek logs of normal days
#                      (conn, ssl, http, dns; .log or .log.labeled), the
#                      hosts whose flows are labelled Benign being the
#                      benign ones (default: the CTU-Normal-40 day in
#                      tests/data; "none" skips them)
# The budget is at most one alert per benign host-day.
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${EVAL_ENDPOINTS:-200}
SEED=${EVAL_SEED:-1}
SIZES=${EVAL_BENIGN_SIZES:-20 200}
NORMAL=${EVAL_NORMAL_DIRS:-$top/tests/data/zeek/normal-day-ctu-normal-40/data}
dir="$B/eval"
rm -rf "$dir"
mkdir -p "$dir/state"
sh "$top/scripts/confdir.sh" "$dir/etc"
sed -i -e "s|\"/var/lib/detectd\"|\"$dir/state\"|" "$dir/etc/detectd.conf"
DETECTD_NOW=${DETECTD_NOW:-1773273600000}
export DETECTD_NOW

# run OUT ARGS...: detectd on a fresh state with the -r ARGS given.
run() {
	_out=$1
	shift
	rm -rf "$dir/state" && mkdir "$dir/state"
	"$B/detectd" -f "$dir/etc/detectd.conf" -o "$_out" "$@" 2>"$_out.log"
}

# replay SCENARIO_DIR OUT: every log of the scenario, identity sources first.
replay() {
	run "$2" -r "dhcpd:$1/dhcp.log" -r "windows:$1/dc.log" \
	    -r "windows:$1/endpoint.log" -r "postfix:$1/mail.log" \
	    -r "iptables:$1/fw.log" -r "bind:$1/dns.log" -r "squid:$1/proxy.log"
}

# truth_line TRUTH: the attack's stages found by a rule, its endpoints
# and its longest propagation path, to read beside its incident.
truth_line() {
	printf 'ground truth of the attack: stages %s, endpoints %s, path %s\n' \
	    "$(awk -F '\t' '!/^#/ && $2 >= 2 && $5 != "-" { print $2 }' "$1" |
	    sort -u | paste -sd, -)" \
	    "$(awk -F '\t' '!/^#/ && $2 >= 2 && $3 !~ />/ { print $3 }' "$1" |
	    tr ',' '\n' | sort -u | paste -sd' ' -)" \
	    "$(awk -F '\t' '!/^#/ && $3 ~ />/ { print length($3), $3 }' "$1" |
	    sort -n | tail -n 1 | cut -d' ' -f2)"
}

# zeek_args DIR: -r for the Windows events (identity first), then the
# Zeek dns, conn, ssl and http logs there.
zeek_args() {
	[ -f "$1/windows.json" ] && printf ' -r windows:%s' "$1/windows.json"
	for _k in dns conn ssl http; do
		for _f in "$1/$_k.log" "$1/$_k.log.labeled"; do
			[ -f "$_f" ] && printf ' -r zeek:%s' "$_f"
		done
	done
	return 0
}

"$B/tools/gen_campaign" -n "$N" -s "$SEED" -o "$dir/attack"
"$B/tools/gen_campaign" -b -n "$N" -s "$SEED" -o "$dir/background"
replay "$dir/attack" "$dir/attack.json"
replay "$dir/background" "$dir/background.json"

echo "== campaign: $N endpoints, seed $SEED, $(cat "$dir"/attack/*.log | wc -l) log lines"
"$B/tools/eval_campaign" "$dir/attack/truth.tsv" "$dir/attack.json"
echo
# The incidents the alerts were grouped into, and their report.
"$B/detectd" -R "$dir/attack.json" -o "$dir/report" 2> /dev/null &&
    echo "== incidents (report: $dir/report/index.html)" &&
    jq -rs '(map(select(.incident.merged) | .incident as $i |
	$i.merged[] | {key: ., value: $i.id}) | from_entries) as $m |
	map(.incident.id = ($m[.incident.id] // .incident.id)) |
	group_by(.incident.id) | map({id: .[0].incident.id,
	n: (map(.event.id) | unique | length),
	s: (map(.incident.attack_stage.number) | unique | map(tostring) |
	join(",")), e: (map(.incident.endpoint.key) | unique | join(" ")),
	p: (map(.incident.composite.path // [] | map(.endpoint) |
	join(">")) | max_by(length))}) | sort_by(-.n)[] |
	"\(.id)  \(.n) alerts, stages \(.s), endpoints \(.e)\(
	if .p != "" then ", path " + .p else "" end)"' \
	"$dir/attack.json" 2> /dev/null &&
    truth_line "$dir/attack/truth.tsv"
echo
echo "== background alone: $(cat "$dir"/background/*.log | wc -l) log lines"
"$B/tools/eval_campaign" "$dir/background/truth.tsv" "$dir/background.json" |
    sed -n '/^alerts on background/,$p'

echo
echo "== false-positive budget: alerts per benign host-day, by rule"
"$B/tools/eval_campaign" -B "$N" -l "campaign background" \
    "$dir/background.json" || true
for n in $SIZES; do
	"$B/tools/gen_benign" -n "$n" -s "$SEED" -o "$dir/benign$n"
	# shellcheck disable=SC2046
	run "$dir/benign$n.json" $(zeek_args "$dir/benign$n")
	"$B/tools/eval_campaign" -B "$n" -h "$dir/benign$n/hosts.txt" \
	    -l "generated, $n hosts" "$dir/benign$n.json" || true
done
i=0
for d in $NORMAL; do
	[ "$d" = none ] && break
	i=$((i + 1))
	c=$(ls "$d/conn.log" "$d/conn.log.labeled" 2>/dev/null | head -n 1)
	if [ -z "$c" ]; then
		echo "benign normal day $d: skipped (no conn.log there)"
		continue
	fi
	# The hosts that originate flows labelled benign.
	awk -F'\t' '/^#fields/ { for (k = 2; k <= NF; k++) col[$k] = k - 1 }
	    !/^#/ && col["label"] && $(col["label"]) == "Benign" {
		print $(col["id.orig_h"]) }' "$c" | sort -u > "$dir/normal$i.hosts"
	h=$(wc -l < "$dir/normal$i.hosts")
	if [ "$h" -eq 0 ]; then
		echo "benign normal day $d: skipped (no flow labelled Benign)"
		continue
	fi
	# shellcheck disable=SC2046
	run "$dir/normal$i.json" $(zeek_args "$d")
	"$B/tools/eval_campaign" -B "$h" -h "$dir/normal$i.hosts" \
	    -l "normal day $(basename "$(dirname "$d")")" \
	    "$dir/normal$i.json" || true
done
[ "$i" -gt 0 ] || echo "benign normal days: skipped (EVAL_NORMAL_DIRS=none)"
