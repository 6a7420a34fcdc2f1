# Many endpoints: the composite tables stay within max-entries, evict
# the least recently used and count it, and the process stays small.
. "$TOP/tests/e2e-lib.sh"
confdir
sed -i 's/^\twindow 4h$/\twindow 4h\n\tmax-entries 500/' \
    "$T/etc/rules.d/composite.rules"
"$B/tools/gen_campaign" -b -n 20000 -H 1 -r 6 -o "$T/bg" || fail "gen"
/usr/bin/time -f '%M' -o "$T/rss" "$D" -v -f "$T/etc/detectd.conf" \
    -o /dev/null -r "dhcpd:$T/bg/dhcp.log" -r "windows:$T/bg/dc.log" \
    -r "windows:$T/bg/endpoint.log" 2> "$T/log" || fail "replay"
line=$(grep 'composite:' "$T/log") || fail "no composite statistics"
echo "$line"
ev=$(echo "$line" | sed -n 's/.* \([0-9]*\) evictions,.*/\1/p')
ids=$(echo "$line" | sed -n 's/.*, \([0-9]*\) identities.*/\1/p')
[ "${ev:-0}" -gt 10000 ] || fail "evictions: $ev"
[ "${ids:-0}" -ge 40000 ] || fail "identities: $ids"
rss=$(cat "$T/rss")
echo "max RSS $rss KiB"
[ "$rss" -lt 400000 ] || fail "RSS $rss KiB"
exit 0
