#!/bin/sh
# make eval: replay the campaign scenario (tools/gen_campaign.c) and
# print, per attack stage and per analyzer, what detectd found and
# missed; then replay the same LAN's background alone and list the
# alerts it raises.
#   EVAL_ENDPOINTS  endpoints in the LAN (default 200)
#   EVAL_SEED       scenario seed (default 1)
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
N=${EVAL_ENDPOINTS:-200}
SEED=${EVAL_SEED:-1}
dir="$B/eval"
rm -rf "$dir"
mkdir -p "$dir"
sh "$top/scripts/confdir.sh" "$dir/etc"
DETECTD_NOW=${DETECTD_NOW:-1773273600000}
export DETECTD_NOW

# replay SCENARIO_DIR OUT: every log of the scenario, identity sources first.
replay() {
	"$B/detectd" -f "$dir/etc/detectd.conf" -o "$2" \
	    -r "dhcpd:$1/dhcp.log" -r "windows:$1/dc.log" \
	    -r "windows:$1/endpoint.log" -r "iptables:$1/fw.log" \
	    -r "bind:$1/dns.log" -r "squid:$1/proxy.log" 2>"$2.log"
}

"$B/tools/gen_campaign" -n "$N" -s "$SEED" -o "$dir/attack"
"$B/tools/gen_campaign" -b -n "$N" -s "$SEED" -o "$dir/background"
replay "$dir/attack" "$dir/attack.json"
replay "$dir/background" "$dir/background.json"

echo "== campaign: $N endpoints, seed $SEED, $(cat "$dir"/attack/*.log | wc -l) log lines"
"$B/tools/eval_campaign" "$dir/attack/truth.tsv" "$dir/attack.json"
echo
echo "== background alone: $(cat "$dir"/background/*.log | wc -l) log lines"
"$B/tools/eval_campaign" "$dir/background/truth.tsv" "$dir/background.json" |
    sed -n '/^alerts on background/,$p'
