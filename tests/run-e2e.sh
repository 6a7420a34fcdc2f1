#!/bin/sh
# Run the end-to-end tests: each is a shell script that runs the real
# binary in a temporary directory of its own, beside other tests (see
# pool in run-lib.sh).  All of tests/e2e, or the NAMEs given after the
# build directory.
. tests/run-lib.sh
B=$(cd "${1:-build}" && pwd)
[ $# -gt 0 ] && shift
top=$(pwd)

# records_valid DIR: every record the test left in DIR valid against
# its schema, whatever the test itself looked at: each complete line of
# each file whose first line is a record (a last line without its
# newline is a record cut by a SIGKILL, and is not judged).  Alerts
# against the alert schema, incident records (incident.record) against
# the incident schema, retro-hunt records (kind event) against the one
# schema/hunt.jq derives.
HUNT_SCHEMA=$(mktemp -t detectd-hunt-schema.XXXXXX)
jq -f "$top/schema/hunt.jq" "$top/schema/alert.schema.json" > "$HUNT_SCHEMA"
trap 'rm -f "$HUNT_SCHEMA" "$times"' EXIT
records_check() {	# records_check DIR FILE SCHEMA KIND
	sed -n "s/^$4 //p" "$1/.kinds" > "$1/.part"
	[ -s "$1/.part" ] || return 0
	"$B/tests/tools/schemacheck" "$3" "$1/.part" > "$1/.schema" 2>&1 || {
		echo "records in ${2#"$1"/} not valid:"
		sed 's/^/    /' "$1/.schema" | tail -n 10
		return 1
	}
	_nalerts=$((_nalerts + $(wc -l < "$1/.part")))
}
# tier_records_valid DIR: each file whose first line is a whole finding
# or contribution record (the findings tier's input) valid, every
# complete line, against schema/tier.schema.json; fuzz corpora (a
# package's source tree) are garbage on purpose.
tier_records_valid() {
	find "$1" -type f -size +0 ! -name log ! -name '.*' \
	    ! -path '*/fuzz/corpus/*' -exec \
	    grep -l -E '^\{"(finding|contribution)":' {} + 2> /dev/null |
	    sort > "$1/.tfiles"
	while IFS= read -r _f; do
		head -c 65536 "$_f" | head -n 1 | jq -e 'has("finding") or
		    has("contribution")' > /dev/null 2>&1 || continue
		sed '$!b; /}$/!d' "$_f" | sed 's/^/t /' > "$1/.kinds"
		records_check "$1" "$_f" "$top/schema/tier.schema.json" t ||
		    return 1
	done < "$1/.tfiles"
	return 0
}
records_valid() {
	tier_records_valid "$1" || return 1
	# Only the files that hold the text of a record anywhere (one grep
	# for many files: a test may leave 100,000 of them).
	find "$1" -type f -size +0 ! -name log ! -name '.*' -exec \
	    grep -l -F '"event":{"kind":"' {} + 2> /dev/null | sort > "$1/.files"
	while IFS= read -r _f; do
		head -c 65536 "$_f" | head -n 1 |
		    grep -q '^{.*"event":{"kind":"' || continue
		if [ -n "$(tail -c 1 "$_f")" ]; then
			sed '$d' "$_f" > "$1/.complete"
		else
			cp "$_f" "$1/.complete"
		fi
		[ -s "$1/.complete" ] || continue
		# One pass of jq sorts the records by kind, each on a line
		# after its kind: a (alert), i (incident), h (hunt).
		jq -r 'select(.incident.record == null and
		    .event.kind != "event") | "a " + tojson,
		    (select(.incident.record != null) | "i " + tojson),
		    (select(.event.kind == "event") | "h " + tojson)' \
		    "$1/.complete" > "$1/.kinds" 2> "$1/.schema" || {
			echo "records in ${_f#"$1"/} not JSON:"
			sed 's/^/    /' "$1/.schema" | tail -n 10
			return 1
		}
		records_check "$1" "$_f" "$top/schema/alert.schema.json" a &&
		records_check "$1" "$_f" "$top/schema/incident.schema.json" i &&
		records_check "$1" "$_f" "$HUNT_SCHEMA" h || return 1
	done < "$1/.files"
	return 0
}

# e2e NAME SCRIPT: run it; on failure, show the end of its output.  A
# test that cannot run here exits 77 after a line saying why.  One that
# passed must have left only valid alerts.
e2e() {
	_tmp=$(mktemp -d -t detectd-e2e.XXXXXX)
	B="$B" TOP="$top" T="$_tmp" E2E_LOCKS="$J" sh "$2" > "$_tmp/log" 2>&1
	_rc=$?
	if [ $_rc -eq 0 ] && ! records_valid "$_tmp" >> "$_tmp/log"; then
		_rc=1
	fi
	if [ $_rc -eq 0 ] || [ $_rc -eq 77 ]; then
		if [ $_rc -eq 0 ]; then
			echo "e2e: $1 ok"
		else
			skip_reason=$(tail -n 1 "$_tmp/log" |
			    sed 's/^skipped: *//')
			echo "e2e: $1 skipped ($skip_reason)"
		fi
		rm -rf "$_tmp"
		return $_rc
	fi
	echo "e2e: $1 failed; its output:"
	sed 's/^/    /' "$_tmp/log" | tail -n 40
	rm -rf "$_tmp"
	return 1
}

if [ $# -gt 0 ]; then
	for n in "$@"; do
		[ -f "tests/e2e/$n.sh" ] || { echo "e2e: no test $n"; exit 1; }
	done
else
	set -- $(for t in tests/e2e/*.sh; do basename "$t" .sh; done)
fi

# The tests run E2E_JOBS at a time (by default one more than there are
# processors: most of a test's time is a daemon waiting on a timer or
# its input), the longest first by the times of the last run (kept in
# E2E_TIMES, by default in the build directory; POOL_FIRST below).
J=$(mktemp -d -t detectd-e2e-jobs.XXXXXX)
trap 'rm -rf "$HUNT_SCHEMA" "$J" "$times"' EXIT
jobs=${E2E_JOBS:-$(($(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1) + 1))}

# e2e_job NAME: e2e on tests/e2e/NAME.sh, the count of its records left
# in $J/NAME.n.
e2e_job() {
	_nalerts=0
	e2e "$1" "tests/e2e/$1.sh"
	_rc=$?
	echo "$_nalerts" > "$J/$1.n"
	return $_rc
}

# The two longest (the whole Sigma tree loaded, a package built; over
# a minute each in the sanitizer build) start first even where the run
# has no times yet, as on a fresh clone, rather than end the run.
POOL_FIRST="sigma_many debian_package"
pool "$J" "${E2E_TIMES:-$B/e2e-times}" "$jobs" e2e e2e_job "$@"
_nalerts=$(cat "$J"/*.n | awk '{ n += $1 } END { print n + 0 }')
[ "$fail" -gt 0 ] ||
    echo "e2e: $_nalerts records left by the tests, every one valid"
summary "e2e tests"
