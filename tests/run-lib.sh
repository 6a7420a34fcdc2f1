# What the test runners (run-unit.sh, run-fuzz-corpora.sh, run-e2e.sh)
# share: each runs its tests through tally and ends with summary.
pass=0 fail=0

# tally NAME COMMAND...: run one test, count it passed or failed.
tally() {
	_name=$1; shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "$_name FAILED"
		fail=$((fail + 1))
	fi
}

# summary WHAT: the closing line with the totals; fails if one failed.
summary() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
}
