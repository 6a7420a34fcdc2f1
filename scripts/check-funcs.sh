#!/bin/sh
# make check-funcs: no function of src/ longer than FUNC_MAX lines, from
# the line that names it to its closing brace (functions are written
# with the name at the start of a line and the braces in column one).
#   check-funcs.sh [FUNC_MAX]
set -eu
max=${1:-60}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
find src -name '*.c' | sort | xargs awk -v max="$max" '
FNR == 1 { name = ""; start = 0 }
/^[A-Za-z_][A-Za-z0-9_]*\(/ { name = $0; sub(/\(.*/, "", name); start = FNR }
/^\{/ && name != "" { open = 1 }
/^\}/ && open {
	n = FNR - start + 1
	if (n > max) {
		printf "check-funcs: %s:%d: %s is %d lines, over %d\n",
		    FILENAME, start, name, n, max
		bad++
	}
	open = 0; name = ""
}
END {
	if (bad > 0) {
		printf "check-funcs: %d functions over %d lines\n", bad, max
		exit 1
	}
	print "check-funcs: no function over " max " lines"
}'
