#!/bin/sh
# Run the end-to-end tests: each is a shell script that runs the real
# binary in a temporary directory of its own.  All of tests/e2e, or the
# NAMEs given after the build directory.
. tests/run-lib.sh
B=$(cd "${1:-build}" && pwd)
[ $# -gt 0 ] && shift
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
			skip_reason=$(tail -n 1 "$_tmp/log")
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
for n in "$@"; do
	tally "e2e:$n" e2e "$n" "tests/e2e/$n.sh"
done
summary "e2e tests"
