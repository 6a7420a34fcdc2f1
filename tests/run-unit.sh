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

set -- $(for t in "$@"; do basename "$t" | sed s/^check_//; done)

# The suites against librdkafka's mock cluster spend a minute each on
# its timers (group joins, rebalances) and a second of CPU: they start
# first, each in a slot of its own beside the UNIT_JOBS, so that they
# neither wait for a processor nor keep one from the others.
POOL_FIRST=
for n in "$@"; do
	case $n in
	kafka*|kstate|output_kafka)
		POOL_FIRST="$POOL_FIRST $n"
		jobs=$((jobs + 1)) ;;
	esac
done

pool "$tmp/jobs" "${UNIT_TIMES:-$B/unit-times}" "$jobs" unit unit "$@"
summary "unit suites"
