#!/bin/sh
# make demo: generate a day of proxy traffic with a few requests to
# listed domains among thousands of benign ones, replay it through
# detectd, and print the alerts.
set -e
B=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d -t detectd-demo.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

sh "$top/scripts/confdir.sh" "$tmp/etc"
"$B/tools/gen_squid" -n 20000 -e 40 -s 7 \
    -i update-check.badcdn.example:4 \
    -i files.payload-host.test:1 \
    -i login-microsoftonline.phish.example:2 > "$tmp/access.log"

echo "== detectd replaying $(wc -l < "$tmp/access.log") generated Squid lines (7 requests to listed domains):"
echo "   $B/detectd -f <etc/detectd.conf with rules/> -r squid:access.log -o alerts.json"
"$B/detectd" -f "$tmp/etc/detectd.conf" -r "squid:$tmp/access.log" \
    -o "$tmp/alerts.json"
n=$(wc -l < "$tmp/alerts.json")
echo
echo "== $n alerts; the first in full:"
head -n 1 "$tmp/alerts.json" | jq .
echo
echo "== all alerts, one line each (time, rule, endpoint, destination, importance, first action):"
jq -r '[.["@timestamp"], .rule.id, .incident.endpoint.ip // "-",
    .incident.destination // "-", .incident.importance,
    .incident.first_action] | @tsv' "$tmp/alerts.json"
echo
"$B/tests/tools/schemacheck" "$top/schema/alert.schema.json" \
    "$tmp/alerts.json" && echo "== every alert validates against schema/alert.schema.json"
