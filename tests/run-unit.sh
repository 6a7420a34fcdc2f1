#!/bin/sh
# Run every Check suite; print one closing line with the totals.  The
# suites run UNIT_JOBS at a time (by default as many as there are
# processors), the longest first by the times of the last run (kept in
# UNIT_TIMES, by default in the build directory).
. tests/run-lib.sh
B=$1; shift
tmp=$(mktemp -d -t detectd-unit.XXXXXX)
trap 'rm -rf "$tmp" "$times"' EXIT
mkdir "$tmp/jobs" "$tmp/tmp"
dir=$(dirname "${1:-.}")
jobs=${UNIT_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}

# unit NAME: the suite check_NAME.
unit() {
	env TMPDIR="$tmp/tmp" CK_VERBOSITY="${CK_VERBOSITY:-normal}" \
	    "$dir/check_$1"
}

pool "$tmp/jobs" "${UNIT_TIMES:-$B/unit-times}" "$jobs" unit unit \
    $(for t in "$@"; do basename "$t" | sed s/^check_//; done)
summary "unit suites"
