#!/bin/sh
# Run every end-to-end test: each is a shell script that runs the real
# binary in a temporary directory of its own.
. tests/run-lib.sh
B=$(cd "${1:-build}" && pwd)
top=$(pwd)

# e2e NAME SCRIPT: run it; on failure, show the end of its output.  A
# test that cannot run here exits 77 after a line saying why.
e2e() {
	_tmp=$(mktemp -d -t detectd-e2e.XXXXXX)
	B="$B" TOP="$top" T="$_tmp" sh "$2" > "$_tmp/log" 2>&1
	_rc=$?
	if [ $_rc -eq 0 ] || [ $_rc -eq 77 ]; then
		if [ $_rc -eq 0 ]; then
			echo "e2e: $1 ok"
		else
			echo "e2e: $1 skipped ($(tail -n 1 "$_tmp/log"))"
		fi
		rm -rf "$_tmp"
		return $_rc
	fi
	echo "e2e: $1 failed; its output:"
	sed 's/^/    /' "$_tmp/log" | tail -n 40
	rm -rf "$_tmp"
	return 1
}

for t in tests/e2e/*.sh; do
	tally "e2e: $(basename "$t" .sh)" e2e "$(basename "$t" .sh)" "$t"
done
summary "e2e tests"
