# The campaign's report as a person sees it: headless Chromium renders
# the attack's page, saves a screenshot, and the test fails on a console
# error (a blocked asset, a script, a malformed page) or an empty SVG in
# the rendered DOM.  Skipped, with the reason, without Debian's chromium.
. "$TOP/tests/e2e-lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	echo "chromium is not installed (apt-get install chromium): not rendered"
	exit 77
fi
command -v jq > /dev/null || fail "jq is needed"
confdir
"$B/tools/gen_campaign" -n 200 -o "$T/camp" > /dev/null || fail "gen_campaign"
"$D" -f "$T/etc/detectd.conf" -o "$T/alerts.json" \
    -r "dhcpd:$T/camp/dhcp.log" -r "windows:$T/camp/dc.log" \
    -r "windows:$T/camp/endpoint.log" -r "iptables:$T/camp/fw.log" \
    -r "bind:$T/camp/dns.log" -r "squid:$T/camp/proxy.log" \
    2> "$T/replay.log" || fail "replay: $(tail -3 "$T/replay.log")"
inc=$(jq -r 'select(.incident.endpoint.key == "ws00007") | .incident.id' \
    "$T/alerts.json" | tail -n 1)
"$D" -R "$T/alerts.json" -I "$inc" -o "$T/page.html" 2> "$T/err" ||
    fail "detectd -R: $(cat "$T/err")"
run() {
	HOME="$T" timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --no-first-run --disable-extensions --hide-scrollbars \
	    --enable-logging=stderr --v=0 --window-size=1100,2600 "$@" \
	    "file://$T/page.html"
}
run --screenshot="$T/report.png" > /dev/null 2> "$T/shot.log" ||
    fail "chromium: $(tail -5 "$T/shot.log")"
[ "$(wc -c < "$T/report.png")" -gt 20000 ] || fail "screenshot too small"
run --dump-dom > "$T/dom.html" 2> "$T/dom.log" || fail "chromium --dump-dom"
if grep -E 'CONSOLE|Uncaught|Refused to' "$T/shot.log" "$T/dom.log" |
    grep -Eiv 'dbus|gpu|sandbox' > "$T/console"; then
	fail "console: $(head -5 "$T/console")"
fi
# The rendered SVGs hold what was drawn.
[ "$(grep -o '<g class="node endpoint"' "$T/dom.html" | wc -l)" -ge 3 ] ||
    fail "attack path empty in the DOM"
[ "$(grep -o 'class="mark"' "$T/dom.html" | wc -l)" -gt 0 ] ||
    fail "timeline empty in the DOM"
mkdir -p "$B/report-shot" && cp "$T/report.png" "$B/report-shot/report.png"
echo "screenshot: $B/report-shot/report.png"
echo ok
