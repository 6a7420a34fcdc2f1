# The real Empire DCSync capture (tests/data/windows) raises the DCSync
# rule, and nothing else, with every shipped rule loaded; the same
# replication by a domain controller's machine account stays quiet.
. "$TOP/tests/e2e-lib.sh"
confdir
C="$T/etc/detectd.conf"
W="$TOP/tests/data/windows/empire_dcsync_nxlog.json.gz"
"$D" -f "$C" -r "windows:$W" -o "$T/a.json" 2> "$T/err" || fail "replay"
validate "$T/a.json"
[ "$(jq -r '.rule.id' "$T/a.json" | sort -u)" = 1000030 ] ||
    fail "other rules fired: $(jq -r '.rule.id' "$T/a.json" | sort -u | tr '\n' ' ')"
first=$(head -n 1 "$T/a.json")
[ "$(echo "$first" | jq -r '.user.name')" = pgustavo ] || fail "user"
[ "$(echo "$first" | jq -r '.host.name')" = MORDORDC.theshire.local ] ||
    fail "host"
[ "$(echo "$first" | jq -r '.incident.attack_stage.key')" = lateral ] ||
    fail "stage"
[ "$(echo "$first" | jq -r '.incident.importance')" = critical ] ||
    fail "importance"
[ "$(echo "$first" | jq -r '.threat.technique.id[0]')" = T1003.006 ] ||
    fail "technique"
# Three replication events in one window: one alert, then its update.
[ "$(jq -r '.incident.count' "$T/a.json" | tail -n 1)" = 3 ] || fail "count"

# The same events by the domain controller's own machine account.
zcat "$W" | jq -c 'select(.EventID == 4662) | .SubjectUserName = "MORDORDC$"' \
    > "$T/dc.json"
[ -s "$T/dc.json" ] || fail "no 4662 events in the capture"
"$D" -f "$C" -r "windows:$T/dc.json" -o "$T/b.json" 2>/dev/null || fail "replay"
[ ! -s "$T/b.json" ] || fail "a machine account raised: $(jq -r .rule.id "$T/b.json")"
echo ok
