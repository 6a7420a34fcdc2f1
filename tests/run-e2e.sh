#!/bin/sh
# Run every end-to-end test: each is a shell script that runs the real
# binary in a temporary directory of its own.
B=$(cd "${1:-build}" && pwd)
top=$(pwd)
pass=0 fail=0
for t in tests/e2e/*.sh; do
	name=$(basename "$t" .sh)
	tmp=$(mktemp -d -t detectd-e2e.XXXXXX)
	if B="$B" TOP="$top" T="$tmp" sh "$t" > "$tmp/log" 2>&1; then
		echo "e2e: $name ok"
		pass=$((pass + 1))
	else
		echo "e2e: $name FAILED; its output:"
		sed 's/^/    /' "$tmp/log" | tail -n 40
		fail=$((fail + 1))
	fi
	rm -rf "$tmp"
done
echo "e2e tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
