#!/bin/sh
# Run every Check suite; print one closing line with the totals.
. tests/run-lib.sh
B=$1; shift
tmp=$(mktemp -d -t detectd-unit.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for t in "$@"; do
	tally "unit:$(basename "$t" | sed s/^check_//)" env TMPDIR="$tmp" \
	    CK_VERBOSITY="${CK_VERBOSITY:-normal}" "$t"
done
summary "unit suites"
