# What the test runners (run-unit.sh, run-fuzz-corpora.sh, run-e2e.sh)
# share: each runs its tests through tally and ends with summary.  A
# test that exits 77 was skipped (it needs what this machine or user has
# not, root for instance): counted apart, never as passed, and named in
# the summary with its reason.
#
# Under CI=true a skip fails the run unless it is declared expected:
# SKIP_OK holds the ids of the tests that may skip there, separated by
# blanks, shell patterns allowed (SKIP_OK="e2e:service_privdrop*
# fuzz-ubsan" for a CI job that is not root and has no clang).  Ids are
# unit:NAME, fuzz:NAME, e2e:NAME and fuzz-ubsan.
pass=0 fail=0 skip=0 skipped=
times=$(mktemp -t detectd-times.XXXXXX)

# now_ms: the wall clock in milliseconds (whole seconds where date has
# no %N).
now_ms() {
	_ns=$(date +%s%N)
	case $_ns in
	*N)	echo $(($(date +%s) * 1000)) ;;
	*)	echo $((_ns / 1000000)) ;;
	esac
}

# secs MS: milliseconds as seconds with one decimal.
secs() {
	echo "$(($1 / 1000)).$(($1 % 1000 / 100))s"
}

# skip_ok ID: whether ID may skip here (always, but under CI=true).
skip_ok() {
	[ "${CI:-}" = true ] || return 0
	for _p in ${SKIP_OK:-}; do
		# shellcheck disable=SC2254
		case $1 in $_p) return 0 ;; esac
	done
	return 1
}

# skipped ID REASON: count a skip, and fail it when not allowed here.
skipped() {
	if skip_ok "$1"; then
		skip=$((skip + 1))
		skipped="$skipped
    $1: $2"
	else
		echo "$1 FAILED: skipped ($2) under CI=true, not in SKIP_OK"
		fail=$((fail + 1))
	fi
}

# tally ID COMMAND...: run one test, count it passed, failed or skipped
# (with the reason in $skip_reason if the command set it).
tally() {
	_name=$1; shift
	skip_reason="exit status 77"
	_t0=$(now_ms)
	"$@"
	_rc=$?
	counted "$_name" $_rc $(($(now_ms) - _t0))
}

# counted ID STATUS MS: count one test that ended with STATUS after MS
# milliseconds, as tally does (for a test run elsewhere, in a job).
counted() {
	echo "$3 $1" >> "$times"
	echo "time: $1 $(secs "$3")"
	case $2 in
	0)	pass=$((pass + 1)) ;;
	77)	skipped "$1" "$skip_reason" ;;
	*)	echo "$1 FAILED"
		fail=$((fail + 1)) ;;
	esac
}

# summary WHAT: the closing line with the totals, then what skipped and
# why; fails if one failed.
summary() {
	if [ -s "$times" ]; then
		_sum=$(awk '{ s += $1 } END { print s + 0 }' "$times")
		echo "$1: the slowest of $(wc -l < "$times")" \
		    "(wall time of all: $(secs "$_sum")):"
		sort -rn "$times" | head -n 8 | while read -r _ms _id; do
			echo "    $(secs "$_ms") $_id"
		done
	fi
	rm -f "$times"
	echo "$1: $pass passed, $fail failed, $skip skipped"
	[ -z "$skipped" ] || echo "skipped:$skipped"
	[ "$fail" -eq 0 ]
}
