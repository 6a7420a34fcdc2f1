# Every example of the man pages and of README.md is run.  Each literal
# block of man/*.[578] carries a marker on the line before it,
#   .\" example: KIND [ARGS]
# and each indented block of README.md one as an HTML comment,
#   <!-- example: KIND [ARGS] -->
# A block without one fails the test, so no example goes unchecked.
# KIND says how it is checked, always against the shipped rules:
#   rules        pasted into local.d/ of the shipped configuration: -n
#   rules lists  the same, with the lists of lists.rules.in beside it
#   conf         the whole detectd.conf, beside the shipped rules.d: -n
#   conf-add     added to the end of the shipped detectd.conf: -n
#   logsources   a Sigma logsource mapping, named by a sigma statement
#                (over tests/data/sigma/rules) in local.d/: -n
#   log FORMAT   log lines, replayed as FORMAT: no parse error, events
#   shell        command lines: detectd and echo lines run in a sandbox
#                (/etc/detectd is the sandbox's copy, files named by -r
#                made from the sample Squid log); others named, not run
#   none REASON  not run, and the reason says why (a synopsis, output
#                of a run elsewhere, a grammar)
# The files the examples name (lists, feeds, country databases) are in
# tests/data/doc-examples, copied beside them.
. "$TOP/tests/e2e-lib.sh"
X="$T/ex"
mkdir -p "$X"
FIX="$TOP/tests/data/doc-examples"
SQ="$TOP/tests/data/squid/sample.log"

# Split the examples into $X/N.body and $X/N.meta ("FILE:LINE KIND ARGS").
awk -v X="$X" '
function out(kind) {
	n++; f = X "/" sprintf("%03d", n); printf "%s:%d %s\n", src, FNR, kind > (f ".meta")
	close(f ".meta"); body = f ".body"; printf "" > body
}
FNR == 1 { src = FILENAME; sub(".*/", "", src); inb = 0; marker = ""; prevblank = 1 }
src !~ /\.md$/ {
	if ($0 ~ /^\.Bd -literal/) {
		out(marker != "" ? marker : "UNMARKED"); inb = 1; marker = ""; next
	}
	if (inb && $0 ~ /^\.Ed/) { inb = 0; close(body); next }
	if (inb) {
		l = $0; gsub(/\\e/, "\\", l); gsub(/\\&/, "", l); gsub(/\\-/, "-", l)
		print l > body; next
	}
	if ($0 ~ /^\.\\" example: /) { marker = $0; sub(/^\.\\" example: /, "", marker) }
	else marker = ""
	next
}
{
	if (inb && ($0 ~ /^    / || $0 == "")) {
		if ($0 != "") { l = $0; sub(/^    /, "", l); print l > body }
		next
	}
	if (inb) { inb = 0; close(body) }
	if ($0 ~ /^    / && prevblank) {
		out(marker != "" ? marker : "UNMARKED"); inb = 1; marker = ""
		l = $0; sub(/^    /, "", l); print l > body; next
	}
	if ($0 ~ /^<!-- example: .* -->$/) {
		marker = $0; sub(/^<!-- example: /, "", marker); sub(/ -->$/, "", marker)
	} else if ($0 != "")
		marker = ""
	prevblank = ($0 == "")
}' "$TOP"/man/*.[578] "$TOP/README.md"

# sandbox: $S, a copy of the shipped configuration with the fixtures.
sandbox() {
	S="$T/sb"
	rm -rf "$S"
	mkdir -p "$S"
	T="$S" confdir
	cp -R "$FIX/." "$S/etc/local.d/"
	cp "$TOP/tests/data/geo/test-country.mmdb" \
	    "$S/etc/local.d/geo/GeoLite2-Country.mmdb"
	touch "$S/access.log"
	C="$S/etc/detectd.conf"
}

# body FILE: the example with the paths of this machine made the sandbox's.
body() {
	sed -e "s|/var/lib/GeoIP/|$S/etc/local.d/geo/|g" \
	    -e "s|/opt/sigma|$TOP/tests/data/sigma|g" "$1"
}

# check_n: -n on $C passes.
check_n() {
	"$D" -n -f "$C" > "$T/out" 2> "$T/err" || { cat "$T/err"; return 1; }
	grep -q "configuration OK" "$T/out"
}

# run_line LINE: one command line of a shell example, in the sandbox.
run_line() {
	case $1 in *" && "*) echo "    not run: ${1#* && }" ;; esac
	_l=$(printf '%s' "$1" | sed -e 's/^[$#] //' -e 's/[[:space:]]*#[^'\''"]*$//' \
	    -e 's/ && .*//' -e "s|/etc/detectd/rules.d/|$S/etc/local.d/|g" \
	    -e "s|/etc/detectd/|$S/etc/|g" -e "s|/opt/sigma|$TOP/tests/data/sigma|g")
	case $_l in
	detectd*)
		# Files named by -r FORMAT:FILE, made from the sample.
		for _a in $_l; do
			case $_a in
			squid:-|squid:/*) ;;
			squid:*.gz) gzip -c "$SQ" > "$S/etc/${_a#squid:}" ;;
			squid:*) cp "$SQ" "$S/etc/${_a#squid:}" ;;
			esac
		done
		case " $_l " in *" -f "*) ;; *) _l="$_l -f $C" ;; esac
		for _a in $_l; do
			case $_a in *.conf) [ -e "$S/etc/$_a" ] || [ "${_a#/}" != "$_a" ] ||
			    cp "$C" "$S/etc/$_a" ;;
			esac
		done
		echo "    run: $_l"
		case " $_l " in
		*" -d "*)
			(cd "$S/etc" && eval "exec $B/$_l") 2> "$T/err" &
			_p=$!
			wait_for 10 grep -q "started, following" "$T/err" ||
			    { kill $_p; cat "$T/err"; return 1; }
			kill -TERM $_p
			wait $_p || { cat "$T/err"; return 1; } ;;
		*)
			(cd "$S/etc" && eval "$B/$_l" < /dev/null > "$T/out" 2> "$T/err") ||
			    { cat "$T/err"; return 1; } ;;
		esac ;;
	echo*)
		echo "    run: $_l"
		(cd "$S/etc" && eval "$_l") || return 1 ;;
	*)	echo "    not run: $_l" ;;
	esac
}

# check_shell FILE: each line (joined over trailing backslashes).
check_shell() {
	sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' "$1" > "$T/lines"
	while IFS= read -r line; do
		[ -n "$line" ] || continue
		run_line "$line" || return 1
	done < "$T/lines"
}

check() {
	_kind=$1 _arg=$2 _body=$3
	sandbox
	case $_kind in
	rules)	[ "$_arg" != lists ] ||
		    cp "$FIX/lists.rules.in" "$S/etc/local.d/aa-lists.rules"
		body "$_body" > "$S/etc/local.d/zz-example.rules"; check_n ;;
	logsources)
		body "$_body" > "$S/etc/local.d/example-logsources.conf"
		printf 'sigma "%s" { logsources "example-logsources.conf" }\n' \
		    "$TOP/tests/data/sigma/rules" > "$S/etc/local.d/zz-example.rules"
		check_n ;;
	conf)	body "$_body" > "$C"; check_n ;;
	conf-add) body "$_body" >> "$C"; check_n ;;
	log)	"$D" -f "$C" -r "$_arg:-" -o /dev/null < "$_body" 2> "$T/err" ||
		    { cat "$T/err"; return 1; }
		grep -q " [1-9][0-9]* events, 0 parse errors" "$T/err" ||
		    { cat "$T/err"; return 1; } ;;
	shell)	check_shell "$_body" ;;
	none)	[ -n "$_arg" ] || { echo "none without a reason"; return 1; } ;;
	*)	echo "no example kind '$_kind'"; return 1 ;;
	esac
}

bad=0 n=0
for m in "$X"/*.meta; do
	read -r at kind arg < "$m"
	n=$((n + 1))
	echo "$at: $kind"
	if ! check "$kind" "$arg" "${m%.meta}.body" > "$T/why" 2>&1; then
		sed 's/^/    /' "$T/why"
		sed 's/^/    | /' "${m%.meta}.body"
		echo "FAIL: $at: the $kind example"
		bad=$((bad + 1))
	else
		cat "$T/why"
	fi
done
[ "$n" -gt 40 ] || fail "only $n examples found"
[ "$bad" -eq 0 ] || fail "$bad of $n examples fail"
echo ok
