# What the test runners (run-unit.sh, run-fuzz-corpora.sh, run-e2e.sh)
# share: each runs its tests through tally and ends with summary.  A
# test that exits 77 was skipped (it needs what this machine or user has
# not, root for instance): counted apart, never as passed.
pass=0 fail=0 skip=0

# tally NAME COMMAND...: run one test, count it passed, failed or skipped.
tally() {
	_name=$1; shift
	"$@"
	case $? in
	0)	pass=$((pass + 1)) ;;
	77)	skip=$((skip + 1)) ;;
	*)	echo "$_name FAILED"
		fail=$((fail + 1)) ;;
	esac
}

# summary WHAT: the closing line with the totals; fails if one failed.
summary() {
	if [ "$skip" -gt 0 ]; then
		echo "$1: $pass passed, $fail failed, $skip skipped"
	else
		echo "$1: $pass passed, $fail failed"
	fi
	[ "$fail" -eq 0 ]
}
