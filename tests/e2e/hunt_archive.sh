# Retro-hunt (detectd -H) over a Squid log, plain and gzip'd, and a
# BIND query log: each indicator is found in the fields of its type and
# nowhere else (a listed domain's subdomain yes, a longer name or the
# domain in a query string no), a broken line is counted and passed, the
# records validate against the schema derived by schema/hunt.jq and name
# the incident given with -I; an indicator file with a bad line, a bad
# incident id and no file to search are refused.
. "$TOP/tests/e2e-lib.sh"
command -v jq > /dev/null || fail "jq is needed"
command -v gzip > /dev/null || fail "gzip is needed"
confdir
C="$T/etc/detectd.conf"
jq -f "$TOP/schema/hunt.jq" "$TOP/schema/alert.schema.json" \
    > "$T/hunt.schema.json" || fail "hunt.jq"
cat > "$T/access.log" <<'EOF2'
1773136800.000    215 10.1.2.3 TCP_MISS/200 5120 GET http://bad.example/gate.php - HIER_DIRECT/198.51.100.7 text/html
1773136801.000    215 10.1.2.4 TCP_MISS/200 5120 GET http://cdn.bad.example/x.bin - HIER_DIRECT/198.51.100.8 application/octet-stream
1773136802.000    215 10.1.2.5 TCP_MISS/200 5120 GET http://notbad.example/ - HIER_DIRECT/198.51.100.9 text/html
1773136803.000    215 10.1.2.6 TCP_MISS/200 5120 GET http://ok.example/?u=bad.example - HIER_DIRECT/198.51.100.10 text/html
1773136804.000    215 10.1.2.7 TCP_MISS/200 5120 GET http://ok.example/a alice HIER_DIRECT/203.0.113.9 text/html
1773136805.000    215 10.1.2.8 TCP_MISS/200 5120 GET http://ok.example/b malice HIER_DIRECT/203.0.113.90 text/html
1773136806.000    215 10.1.2.9 TCP_MISS/200 5120 GET http://ok.example/c?x=<script>alert(1)</script> - HIER_DIRECT/198.51.100.11 text/html
this is not a squid line at all
1773136807.000    215 10.1.2.3 TCP_MISS/200 5120 GET http://ok.example/d - HIER_DIRECT/198.51.100.12 text/html
EOF2
cat > "$T/query.log" <<'EOF2'
10-Mar-2026 10:00:00.000 client @0x7f 10.1.2.20#53000 (www.bad.example): query: www.bad.example IN A + (10.1.0.53)
10-Mar-2026 10:00:01.000 client @0x7f 10.1.2.21#53000 (bad.example.org): query: bad.example.org IN A + (10.1.0.53)
EOF2
gzip -c "$T/access.log" > "$T/access.log.1.gz"
I=INC-20260310-0123456789ab
hunt() {
	"$D" -f "$C" "$@" 2> "$T/err" || fail "detectd -H $*: $(cat "$T/err")"
}
# What was found: the client address of each record, in order.
found() { jq -r '.source.ip' "$1" | tr '\n' ' '; }

hunt -H bad.example -H 203.0.113.9 -H user:alice -I "$I" \
    -r "squid:$T/access.log" -r "bind:$T/query.log" -o "$T/h1.json"
[ "$(found "$T/h1.json")" = "10.1.2.3 10.1.2.4 10.1.2.7 10.1.2.20 " ] ||
    fail "found: $(found "$T/h1.json")"
"$B/tests/tools/schemacheck" "$T/hunt.schema.json" "$T/h1.json" ||
    fail "records not valid"
[ "$(jq -r '[.event.kind, .event.dataset, .incident.id] | join(" ")' \
    "$T/h1.json" | sort -u)" = "event detectd.hunt $I" ] || fail "kind or id"
[ "$(jq -r '.threat.indicator.matched.field' "$T/h1.json" | tr '\n' ' ')" = \
    "destination.domain destination.domain destination.ip dns.question.name " ] ||
    fail "fields: $(jq -c .threat.indicator.matched "$T/h1.json")"
grep -q "retro-hunt: 3 indicators, 11 lines, 10 events, 1 parse errors, 4 events found" \
    "$T/err" || fail "summary: $(cat "$T/err")"
# The alert schema does not take them: they are not alerts.
"$B/tests/tools/schemacheck" "$TOP/schema/alert.schema.json" "$T/h1.json" \
    2> /dev/null && fail "an event record passes as an alert"

# A prefix: 203.0.113.9 is in it, 203.0.113.90 is not.
hunt -H 203.0.113.0/28 -r "squid:$T/access.log" -o "$T/h4.json"
[ "$(found "$T/h4.json")" = "10.1.2.7 " ] || fail "prefix: $(found "$T/h4.json")"

# The same from the gzip'd archive; a user and a URL; an indicator file.
hunt -H bad.example -r "squid:$T/access.log.1.gz" -o "$T/h2.json"
[ "$(found "$T/h2.json")" = "10.1.2.3 10.1.2.4 " ] || fail "gzip: $(found "$T/h2.json")"
printf '# for the incident\n\nuser:alice\nhttp://ok.example/c?x=<script>alert(1)</script>\n' \
    > "$T/list"
hunt -H @"$T/list" -r "squid:$T/access.log" -o "$T/h3.json"
[ "$(found "$T/h3.json")" = "10.1.2.7 10.1.2.9 " ] || fail "list: $(found "$T/h3.json")"
jq -e 'select(.source.ip == "10.1.2.9") | .url.original |
    contains("<script>")' "$T/h3.json" > /dev/null || fail "url as logged"

# Refused: a bad indicator (file:line), a bad incident id, no files.
printf 'bad.example\nip:999.1.1.1\n' > "$T/bad.list"
"$D" -f "$C" -H @"$T/bad.list" -r "squid:$T/access.log" > /dev/null \
    2> "$T/err" && fail "a bad indicator accepted"
grep -q "bad.list:2: ip:999.1.1.1" "$T/err" || fail "bad line: $(cat "$T/err")"
"$D" -f "$C" -H bad.example -I INC-1 -r "squid:$T/access.log" > /dev/null \
    2> "$T/err" && fail "a bad incident id accepted"
grep -q "not an incident id" "$T/err" || fail "-I: $(cat "$T/err")"
"$D" -f "$C" -H bad.example > /dev/null 2> "$T/err" && fail "no files accepted"
grep -q "needs files" "$T/err" || fail "no -r: $(cat "$T/err")"
"$D" -f "$C" -I "$I" -n > /dev/null 2> "$T/err" && fail "-I without -H"
echo ok
