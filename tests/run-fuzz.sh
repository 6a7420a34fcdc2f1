#!/bin/sh
# make fuzz: run each libFuzzer target for $2 seconds on a scratch copy
# of its corpus, then merge what is new into the committed corpus.
B=$1 secs=$2; shift 2
for t in "$@"; do
	name=$(basename "$t")
	dir=tests/fuzz/corpus/${name#fuzz_}
	work=$(mktemp -d -t detectd-fuzz.XXXXXX)
	cp "$dir"/* "$work"/ 2>/dev/null
	echo "== $name for ${secs}s"
	"$t" -max_total_time="$secs" -max_len=65536 -timeout=10 \
	    -artifact_prefix=tests/fuzz/ "$work" 2>&1 | grep -E '^(#[0-9]+ +DONE|Done|==[0-9]+==ERROR|SUMMARY)' 
	"$t" -merge=1 "$dir" "$work" > /dev/null 2>&1
	rm -rf "$work"
done
