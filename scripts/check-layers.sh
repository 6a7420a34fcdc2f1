#!/bin/sh
# make check-layers: read the symbols each object of the daemon defines
# and uses (nm), and the headers each file of src/ includes, and fail on
# every edge that climbs the layers, naming both ends.  Layers, lowest
# first; a folder may use itself and the folders below it, and the three
# peers not each other:
#
#	0 src/util	hash, hex, bigmem, atomic files, log, time
#	1 src/conf	lexer, parser, error sink, value helpers, keywords
#	2 src/event	struct logevent, struct rline, field names
#	3 src/collector, src/parsers, src/rules	(peers)
#	4 src/analyzers
#	5 src/alert
#	6 src/output, src/report	(peers)
#	7 src		the daemon
#
# Headers count as much as symbols: constants and inline functions leave
# none.  It also fails when src/ itself holds more than DAEMON_MAX
# objects, or a file sits in a folder that has no layer.
#   check-layers.sh BUILD_DIR OBJECT...
set -eu
B=$1
shift
DAEMON_MAX=6
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/detectd-layers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
[ $# -gt 0 ] || { echo "usage: check-layers.sh BUILD_DIR OBJECT..." >&2; exit 2; }

# "OBJ D SYM" for what an object defines, "OBJ U SYM" for what it uses,
# with OBJ named from src/ on.
for f in "$@"; do
	o=${f#"$B"/}
	o=${o#./}
	nm "$f" | awk -v o="$o" '
	    $1 == "U" { print o, "U", $2 }
	    NF == 3 && $2 ~ /^[TDBRCVW]$/ { print o, "D", $3 }'
done > "$tmp/syms"

# "FILE HEADER" for every include of a header of the tree.
(cd "$top" && find src -name '*.[ch]' | sort | while read -r f; do
	sed -n 's/^#[ 	]*include[ 	]*"\([^"]*\)".*/\1/p' "$f" |
	while read -r h; do
		if [ -f "src/$h" ]; then echo "$f src/$h"; fi
	done
done) > "$tmp/incs"

awk -v max="$DAEMON_MAX" '
function folder(o,   n, p) {
	sub(/^src\//, "", o)
	n = split(o, p, "/")
	return n == 1 ? "src" : p[1]
}
function rank(f) {
	if (f == "util") return 0
	if (f == "conf") return 1
	if (f == "event") return 2
	if (f == "collector" || f == "parsers" || f == "rules") return 3
	if (f == "analyzers") return 4
	if (f == "alert") return 5
	if (f == "output" || f == "report") return 6
	if (f == "src") return 7
	return -1
}
function edge(from, to, what,   ff, ft) {
	ff = folder(from); ft = folder(to)
	if (ff == ft || rank(ft) < rank(ff))
		return
	printf "check-layers: %s %s %s (%s)\n", from, what, to,
	    (rank(ft) > rank(ff) ? "upward" : "peer")
	bad++
}
FILENAME ~ /incs$/ {
	files[$1] = 1
	edge($1, $2, "includes")
	next
}
$2 == "D" { def[$3] = $1; objs[$1] = 1; next }
$2 == "U" { use[++n] = $1 " " $3; objs[$1] = 1 }
END {
	for (i = 1; i <= n; i++) {
		split(use[i], a, " ")
		if (a[2] in def)	# else from a library
			edge(a[1], def[a[2]], "uses " a[2] " from")
	}
	for (f in files)
		if (rank(folder(f)) < 0) {
			printf "check-layers: %s is in a folder with no " \
			    "layer\n", f
			bad++
		}
	for (o in objs)
		if (folder(o) == "src")
			ntop++
	if (ntop > max) {
		printf "check-layers: src/ holds %d objects, at most %d: " \
		    "only the daemon lives there\n", ntop, max
		bad++
	}
	if (bad > 0) {
		printf "check-layers: %d problems\n", bad
		exit 1
	}
	printf "check-layers: %d objects, no upward edge\n", length(objs)
}' "$tmp/incs" "$tmp/syms"
