#!/bin/sh
# Replay every fuzz corpus through its target (regression for what the
# fuzzers found and for the seeds).
. tests/run-lib.sh
B=$1; shift
for t in "$@"; do
	name=$(basename "$t")
	dir=tests/fuzz/corpus/${name#fuzz_}
	if [ ! -d "$dir" ]; then
		echo "fuzz: $name has no corpus at $dir"
		fail=$((fail + 1))
		continue
	fi
	tally "fuzz:${name#fuzz_}" "$t" "$dir"/*
done
summary "fuzz corpora"
