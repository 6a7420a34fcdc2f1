#!/bin/sh
# Replay every fuzz corpus through its target (regression for what the
# fuzzers found and for the seeds).
B=$1; shift
pass=0 fail=0
for t in "$@"; do
	name=$(basename "$t")
	dir=tests/fuzz/corpus/${name#fuzz_}
	if [ ! -d "$dir" ]; then
		echo "fuzz: $name has no corpus at $dir"
		fail=$((fail + 1))
		continue
	fi
	if "$t" "$dir"/*; then
		pass=$((pass + 1))
	else
		echo "fuzz: $name FAILED"
		fail=$((fail + 1))
	fi
done
echo "fuzz corpora: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
