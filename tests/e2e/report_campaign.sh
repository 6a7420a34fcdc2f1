# The report (detectd -R) of the campaign scenario (tools/gen_campaign.c)
# replayed as make eval does: one page for the attack's incident, which
# counts every alert of the attack's endpoints and whose path draws exactly the
# endpoints of the ground truth and its propagation edges, each with a
# technique; each endpoint with the furthest stage of its alerts, every
# stage of the ground truth on the timeline; outside destinations that
# its alerts named and none of the LAN; a timeline with marks; no script, no outside asset; valid SVG;
# Japanese labels with -L ja; one page alone with -I and a file name;
# standard input read as the file is, merges included.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
confdir
"$B/tools/gen_campaign" -n 200 -o "$T/camp" > /dev/null || fail "gen_campaign"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" \
    -r "dhcpd:$T/camp/dhcp.log" -r "windows:$T/camp/dc.log" \
    -r "windows:$T/camp/endpoint.log" -r "postfix:$T/camp/mail.log" \
    -r "iptables:$T/camp/fw.log" \
    -r "bind:$T/camp/dns.log" -r "squid:$T/camp/proxy.log" \
    2> "$T/replay.log" || fail "replay: $(tail -3 "$T/replay.log")"
"$D" -R "$T/alerts.json" -o "$T/rep" 2> "$T/err" ||
    fail "detectd -R: $(cat "$T/err")"
grep -q "report: .* 0 broken lines" "$T/err" || fail "summary: $(cat "$T/err")"

# The attack's incident: that of the last alert on the first endpoint.
inc=$(jq -r 'select(.incident.endpoint.key == "ws00007") | .incident.id' \
    "$T/alerts.json" | tail -n 1)
P="$T/rep/$inc.html"
[ -s "$P" ] || fail "no page $P: $(ls "$T/rep")"
grep -q "href=\"$inc.html\"" "$T/rep/index.html" || fail "not in the index"
attr() {	# CLASS ATTR: the values of ATTR of the <g> of that class
	grep -o "<g class=\"$1\"[^>]*>" "$P" |
	    sed -n "s/.* $2=\"\([^\"]*\)\".*/\1/p"
}

# Nodes and edges against the ground truth.
awk -F '\t' '!/^#/ && $2 >= 2 { print $3 }' "$T/camp/truth.tsv" |
    tr ',>' '\n\n' | grep -v '^endpoint$' | sort -u > "$T/want.nodes"
attr "node endpoint" data-node | sort > "$T/got.nodes"
diff "$T/want.nodes" "$T/got.nodes" > /dev/null ||
    fail "endpoints drawn: $(tr '\n' ' ' < "$T/got.nodes")"
awk -F '\t' '!/^#/ && $3 ~ />/ { n = split($3, p, ">");
    for (i = 1; i < n; i++) print p[i] ">" p[i + 1] }' "$T/camp/truth.tsv" |
    sort -u > "$T/want.edges"
grep -o '<g class="edge propagation"[^>]*>' "$P" |
    sed 's/.*data-from="\([^"]*\)" data-to="\([^"]*\)".*/\1>\2/' |
    sort -u > "$T/got.edges"
diff "$T/want.edges" "$T/got.edges" > /dev/null ||
    fail "edges drawn: $(tr '\n' ' ' < "$T/got.edges"), want $(tr '\n' ' ' < "$T/want.edges")"
attr "edge propagation" data-technique | grep -qv '^T[0-9]' &&
    fail "an edge without its technique"
# One incident for the attack: no other page draws one of its endpoints,
# and its page counts every alert of them (revisions once).
for f in "$T"/rep/*.html; do
	case $f in */index.html|"$P") continue ;; esac
	grep -o '<g class="node endpoint"[^>]*>' "$f" |
	    sed -n 's/.* data-node="\([^"]*\)".*/\1/p' | grep -qxFf "$T/want.nodes" &&
	    fail "an attack endpoint in another incident: $f"
done
n=$(jq -r --rawfile w "$T/want.nodes" 'select(.incident.endpoint.key as $k |
    ($w | split("\n") | index([$k])) != null) | .event.id' "$T/alerts.json" |
    sort -u | wc -l)
grep -q "<th>Alerts</th><td>$n</td>" "$P" ||
    fail "alerts of the incident: $(grep -o '<th>Alerts</th><td>[0-9]*' "$P"), want $n"

# Stages: each endpoint drawn with the furthest stage of its alerts in
# the incident (those of the incidents merged into it included), and the
# timeline with every stage the ground truth has on the attack's
# endpoints, 2 to 5 (its upload of stage 6 is found by rule 1000106, a
# rule of stage 5, C2).
jq -rs --arg i "$inc" '(map(select(.incident.id == $i) |
    .incident.merged // [] | .[]) + [$i]) as $ids |
    map(select(.incident.id as $x | $ids | index([$x]))) |
    group_by(.incident.endpoint.key)[] | "\(.[0].incident.endpoint.key) \(
    map(.incident.attack_stage.number) | max)"' "$T/alerts.json" |
    sort > "$T/want.stages"
grep -o '<g class="node endpoint"[^>]*>' "$P" | sed \
    's/.*data-stage="\([0-9]*\)" data-node="\([^"]*\)".*/\2 \1/' |
    sort > "$T/got.stages"
diff "$T/want.stages" "$T/got.stages" > /dev/null ||
    fail "endpoint stages: $(tr '\n' ' ' < "$T/got.stages"), want $(tr '\n' ' ' < "$T/want.stages")"
awk -F '\t' '!/^#/ && $2 >= 2 && $2 <= 5 && $5 != "-" { print $2 }' \
    "$T/camp/truth.tsv" | sort -u > "$T/want.tl"
grep -o '<rect [^>]*class="mark" data-stage="[0-9]"' "$P" |
    sed 's/.*data-stage="\([0-9]\)"/\1/' | sort -u > "$T/got.tl"
[ -z "$(comm -23 "$T/want.tl" "$T/got.tl")" ] ||
    fail "stages not on the timeline: $(comm -23 "$T/want.tl" "$T/got.tl" | tr '\n' ' ')"
grep -q "<th>Furthest attack stage</th><td><span class=\"stage\"[^>]*></span>$(
    cut -d' ' -f2 "$T/want.stages" | sort -n | tail -n 1) " "$P" ||
    fail "the incident's stage in the summary"

# Outside destinations: named by its alerts, none of the LAN.
attr "node outside" data-node > "$T/outside"
[ -s "$T/outside" ] || fail "no outside destination"
jq -r --arg i "$inc" 'select(.incident.id == $i) | .threat.indicator.name,
    .destination.domain, .dns.question.name, .destination.ip | values' \
    "$T/alerts.json" | sort -u > "$T/named"
[ -z "$(sort -u "$T/outside" | comm -23 - "$T/named")" ] ||
    fail "outside nodes not named by alerts: $(sort -u "$T/outside" | comm -23 - "$T/named")"
grep -Eq '^(10\.|192\.168\.)' "$T/outside" && fail "a LAN address as outside"

# Drawn, self-contained, no script.
[ "$(grep -o '<rect [^>]*class="mark"' "$P" | wc -l)" -gt 0 ] || fail "empty timeline"
grep -qi '<script' "$P" && fail "a script in the page"
grep -Eq '(src|href)="(https?:)?//' "$P" && fail "an outside asset"
if command -v xmllint > /dev/null; then
	grep -o '<svg.*</svg>' "$P" | while IFS= read -r svg; do
		printf '%s\n' "$svg" | xmllint --noout - || exit 1
	done || fail "SVG not well-formed"
fi
grep -q "Attack path" "$P" || fail "English labels"

# Standard input gives the same pages as the file, merges included:
# the campaign has alerts of an incident before the alert that merges it
# into another, and that incident has no page of its own either way.
awk '/"merged":\["INC-/ { print NR; exit }' "$T/alerts.json" > "$T/mline"
[ -s "$T/mline" ] || fail "the campaign has no merge"
jq -r 'select(.incident.merged != null) | .incident.merged[]' \
    "$T/alerts.json" | sort -u > "$T/merged"
head -n "$(cat "$T/mline")" "$T/alerts.json" | jq -r .incident.id |
    grep -qxFf "$T/merged" || fail "no alert of a merged incident before its merge"
DETECTD_NOW=1773273600000 "$D" -R "$T/alerts.json" -o "$T/rf" 2> "$T/err" ||
    fail "file: $(cat "$T/err")"
DETECTD_NOW=1773273600000 "$D" -R - -o "$T/rs" < "$T/alerts.json" \
    2> "$T/err" || fail "stdin: $(cat "$T/err")"
diff -r "$T/rf" "$T/rs" > /dev/null || fail "stdin and file differ: $(diff -r "$T/rf" "$T/rs" | head -5)"
while read -r m; do
	[ ! -e "$T/rs/$m.html" ] || fail "merged $m has a page of its own"
done < "$T/merged"

# Japanese; one incident alone.
"$D" -R "$T/alerts.json" -L ja -I "$inc" -o "$T/one.html" 2> "$T/err" ||
    fail "-L ja -I: $(cat "$T/err")"
grep -q 'lang="ja"' "$T/one.html" && grep -q "攻撃経路" "$T/one.html" &&
    grep -q "インシデント報告書" "$T/one.html" || fail "Japanese labels"
# The countermeasures too: isolate the endpoint, by the endpoint's name.
grep -q "<td>端末</td><td>端末をネットワークから隔離する" "$T/one.html" ||
    fail "countermeasures not in Japanese"
"$D" -R "$T/alerts.json" -L fr -o "$T/x" 2> /dev/null && fail "-L fr accepted"
"$D" -R "$T/alerts.json" -I INC-20000101-000000000000 -o "$T/none.html" \
    2> /dev/null && fail "an unknown incident accepted"
echo ok
