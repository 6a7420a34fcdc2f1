#!/bin/sh
# Run every Check suite; print one closing line with the totals.
B=$1; shift
pass=0 fail=0
tmp=$(mktemp -d -t detectd-unit.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
for t in "$@"; do
	name=$(basename "$t")
	if TMPDIR="$tmp" CK_VERBOSITY=${CK_VERBOSITY:-normal} "$t"; then
		pass=$((pass + 1))
	else
		echo "unit: $name FAILED"
		fail=$((fail + 1))
	fi
done
echo "unit suites: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
